import Foundation
import PropertyBased
import Testing

@testable import ParleyLedger

/// Changes to a text's bytes of the kinds that break JSON: bit flips, stray brackets, quotes,
/// escapes and digits, cuts, and bytes that are not UTF-8.
enum JSONMutation {
    static let interesting: [[UInt8]] = [
        Array("\"".utf8), Array("\\".utf8), Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8),
        Array(",".utf8), Array(":".utf8), Array("-".utf8), Array("e".utf8), Array(".".utf8), Array("0".utf8),
        Array("\\u".utf8), Array("\\ud800".utf8), Array("1e999".utf8), Array("null".utf8), Array(" ".utf8),
        [0x00], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xFF],
    ]

    /// `bytes` changed once for each word: the word picks the kind of change, where, and what.
    static func apply(_ words: [UInt64], to original: [UInt8]) -> [UInt8] {
        var bytes = original
        for word in words {
            let position = Int((word >> 8) % UInt64(bytes.count + 1))
            let other = UInt8(truncatingIfNeeded: word >> 40)
            switch word % 7 {
            case 0 where position < bytes.count: bytes[position] ^= 1 << ((word >> 32) % 8)
            case 1 where position < bytes.count: bytes[position] = other
            case 2, 3: bytes.insert(contentsOf: interesting[Int(other) % interesting.count], at: position)
            case 4 where position < bytes.count: bytes.remove(at: position)
            case 5: bytes.removeSubrange(position...)
            default:
                let end = min(bytes.count, position + Int(other % 32))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// The seed files under `Fixtures/fuzz-corpus`, all of synthetic values.
    static let corpus: [[UInt8]] = {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/fuzz-corpus") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).map { Array($0) }
        }
    }()
}

@Suite("Fuzzing: the canonical JSON parser reads or refuses any bytes, and its output is a fixed point")
struct CanonicalJSONFuzzTests {
    /// Parses `bytes`; a refusal must name a byte of the text, and a value must serialise to text that parses back to itself.
    static func check(_ bytes: [UInt8]) throws {
        let parsed: CanonicalJSON
        do {
            parsed = try CanonicalJSON(parsing: bytes)
        } catch {
            #expect((0...bytes.count).contains(error.offset), "\(error)")
            return
        }
        let text = parsed.utf8
        let again = try CanonicalJSON(parsing: text)
        #expect(again.utf8 == text, "\(String(decoding: text, as: UTF8.self))")
        #expect(again == parsed)
    }

    @Test("every seed of the corpus is there and parses")
    func corpusParses() throws {
        #expect(JSONMutation.corpus.count >= 5)
        for seed in JSONMutation.corpus {
            #expect(throws: Never.self) { _ = try CanonicalJSON(parsing: seed) }
            try Self.check(seed)
        }
    }

    @Test("mutated seeds are refused at a byte of their text or re-serialise to a fixed point")
    func mutatedSeeds() async {
        let seeds = JSONMutation.corpus
        guard !seeds.isEmpty else { return }
        await propertyCheck(count: 2000, input: Gen.int(in: 0...1000), Gen<UInt64>.value().array(of: 1...6)) {
            seed, words in
            try Self.check(JSONMutation.apply(words, to: seeds[seed % seeds.count]))
        }
    }

    @Test("random token soup is refused at a byte of its text or re-serialises to a fixed point")
    func randomBytes() async {
        let tokens = JSONMutation.interesting + [Array("true".utf8), Array("\"a\"".utf8), Array("12".utf8)]
        await propertyCheck(count: 2000, input: Gen<UInt8>.value().array(of: 0...40), Gen.int(in: 0...1)) { picks, raw in
            try Self.check(raw == 1 ? picks : picks.flatMap { tokens[Int($0) % tokens.count] })
        }
    }
}
