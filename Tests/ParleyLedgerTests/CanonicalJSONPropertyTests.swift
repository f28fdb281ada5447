import Foundation
import PropertyBased
import Testing

@testable import ParleyLedger

/// Builds JSON trees from a stream of random words, so that the property library can shrink the words.
struct JSONTreeBuilder {
    private var words: [UInt64]
    private var next = 0

    init(words: [UInt64]) {
        self.words = words.isEmpty ? [0] : words
    }

    /// A tree at most `depth` containers deep, drawn from the words.
    static func tree(from words: [UInt64], depth: Int = 4) -> CanonicalJSON {
        var builder = JSONTreeBuilder(words: words)
        return builder.value(depth: depth)
    }

    private mutating func word() -> UInt64 {
        defer { next += 1 }
        return words[next % words.count] &+ UInt64(next / words.count) &* 0x9E37_79B9_7F4A_7C15
    }

    private mutating func value(depth: Int) -> CanonicalJSON {
        let choice = word()
        switch choice % (depth > 0 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(choice & 0x100 != 0)
        case 2: return .integer(Int64(bitPattern: word()) >> (choice >> 8 % 64))
        case 3: return .number(finiteDouble())
        case 4: return .number(Double(Int64(bitPattern: word()) >> 40) / 1000)
        case 5: return .string(string())
        case 6, 7:
            let count = Int(word() % 5)
            return .array((0..<count).map { _ in value(depth: depth - 1) })
        default:
            let count = Int(word() % 5)
            var members = [String: CanonicalJSON]()
            for _ in 0..<count {
                members[string()] = value(depth: depth - 1)
            }
            return .object(members)
        }
    }

    /// Two strings drawn from the words, the second often sharing a start with the first.
    static func stringPair(from words: [UInt64]) -> (String, String) {
        var builder = JSONTreeBuilder(words: words)
        let first = builder.string()
        let second = builder.string()
        return builder.word() % 2 == 0 ? (first, second) : (first, String(first.prefix(Int(builder.word() % 4))) + second)
    }

    private mutating func finiteDouble() -> Double {
        let candidate = Double(bitPattern: word())
        return candidate.isFinite ? candidate : Double(bitPattern: word() & 0x7FEF_FFFF_FFFF_FFFF)
    }

    private mutating func string() -> String {
        let length = Int(word() % 8)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let bits = word()
            let raw: UInt32
            switch bits % 6 {
            case 0: raw = UInt32(bits >> 8 % 0x20)
            case 1: raw = [0x22, 0x5C, 0x2F, 0x7F, 0x2028, 0x2029, 0x301, 0xFEFF][Int(bits >> 8 % 8)]
            case 2: raw = 0x20 + UInt32(bits >> 8 % 0x5F)
            case 3: raw = 0x80 + UInt32(bits >> 8 % 0x780)
            case 4: raw = 0x800 + UInt32(bits >> 8 % 0xF800)
            default: raw = 0x10000 + UInt32(bits >> 8 % 0x100000)
            }
            scalars.append(Unicode.Scalar(raw) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}

@Suite("CanonicalJSON: properties")
struct CanonicalJSONPropertyTests {
    static let words = Gen<UInt64>.value().array(of: 1...64)

    @Test("Parsing the serialisation gives back the value")
    func parseInvertsSerialise() async {
        await propertyCheck(count: 500, input: Self.words) { words in
            let value = JSONTreeBuilder.tree(from: words)
            let parsed = try CanonicalJSON(parsing: value.utf8)
            #expect(parsed == value, "\(value.serialized) parsed back as \(parsed.serialized)")
        }
    }

    @Test("Serialisation is idempotent: the canonical text is its own canonical form")
    func serialiseIsIdempotent() async {
        await propertyCheck(count: 500, input: Self.words) { words in
            let text = JSONTreeBuilder.tree(from: words).serialized
            let again = try CanonicalJSON(parsing: text)
            #expect(again.serialized == text)
            #expect(again.digest == Digest.sha256(Array(text.utf8)))
        }
    }

    @Test("Every finite double round-trips through its ECMAScript text")
    func doublesRoundTrip() async {
        await propertyCheck(count: 2000, input: Gen<UInt64>.value()) { bits in
            let value = Double(bitPattern: bits)
            guard value.isFinite else { return }
            let text = CanonicalJSON.number(value).serialized
            #expect(Double(text) == value, "\(value) was written \(text)")
            #expect(!text.contains("e") || value.magnitude >= 1e21 || value.magnitude < 1e-6)
        }
    }

    @Test("Keys are ordered in place as RFC 8785 orders them: by UTF-16 code units, supplementary characters included")
    func keyOrderIsUTF16Order() async {
        await propertyCheck(count: 5000, input: Self.words) { words in
            let (first, second) = JSONTreeBuilder.stringPair(from: words)
            #expect(
                CanonicalJSON.precedesInCanonicalOrder(first, second) == first.utf16.lexicographicallyPrecedes(second.utf16),
                "\(first.unicodeScalars.map { String($0.value, radix: 16) }) vs \(second.unicodeScalars.map { String($0.value, radix: 16) })"
            )
        }
        // The case the bytes alone get wrong: U+FFFD (EF BF BD) before U+10000 (F0 90 80 80) in UTF-8, after it in UTF-16.
        #expect(CanonicalJSON.precedesInCanonicalOrder("\u{10000}", "\u{FFFD}"))
        #expect(!CanonicalJSON.precedesInCanonicalOrder("\u{FFFD}", "\u{10000}"))
    }

    @Test("Member order in the input does not change the canonical text")
    func memberOrderIsIrrelevant() async {
        await propertyCheck(count: 200, input: Self.words) { words in
            guard case .object(let members) = JSONTreeBuilder.tree(from: [8] + words, depth: 1) else { return }
            var forward = "{"
            var backward = "{"
            let pairs = members.map { (CanonicalJSON.string($0.key).serialized, $0.value.serialized) }
            forward += pairs.map { "\($0.0):\($0.1)" }.joined(separator: ",") + "}"
            backward += pairs.reversed().map { "\($0.0) : \($0.1)" }.joined(separator: " , ") + "}"
            let canonical = CanonicalJSON.object(members).serialized
            let fromForward = try CanonicalJSON(parsing: forward)
            let fromBackward = try CanonicalJSON(parsing: backward)
            #expect(fromForward.serialized == canonical)
            #expect(fromBackward.serialized == canonical)
        }
    }

}
