import PropertyBased
import Testing

@testable import ParleyCore

@Suite("UTF-8 is validated eight ASCII bytes at a time")
struct UTF8ValidationTests {
    /// The validation as it was first written, one sequence at a time.
    static func firstInvalidByHand(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low && byte <= high else { return index }
            }
            index += length
        }
        return nil
    }

    /// Mostly ASCII and Cyrillic, with stray continuation bytes, overlong leads, surrogates and cut sequences.
    static let texts = Gen<UInt8>.value().array(of: 0...64).map { picks in
        picks.map { pick -> UInt8 in
            [0x41, 0x20, 0xD0, 0xB6, 0xD1, 0x8F, 0x80, 0xC0, 0xC2, 0xE0, 0xED, 0xA0, 0xF0, 0xF4, 0x90, 0xFF][Int(pick) % 16]
        }
    }

    @Test("the first invalid byte is found where the sequence-by-sequence reading finds it")
    func sameAsByHand() async {
        await propertyCheck(count: 3000, input: Self.texts) { bytes in
            #expect(TextDecoding.firstInvalidUTF8(bytes) == Self.firstInvalidByHand(bytes))
            #expect((TextDecoding.firstInvalidUTF8(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil))
        }
    }
}
