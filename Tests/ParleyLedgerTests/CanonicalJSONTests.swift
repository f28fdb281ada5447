import Foundation
import Testing

@testable import ParleyLedger

/// One row of RFC 8785 Appendix B, as `Fixtures/rfc8785-numbers.json` records it.
struct NumberSample: Decodable, Sendable, CustomTestStringConvertible {
    let ieee754: String
    let expected: String?
    let comment: String

    var value: Double {
        get throws {
            Double(bitPattern: try #require(UInt64(ieee754, radix: 16), "bad bit pattern \(ieee754)"))
        }
    }

    var testDescription: String { "\(ieee754) → \(expected ?? "error")" }
}

/// `Fixtures/rfc8785-numbers.json`.
struct NumberSamples: Decodable {
    let source: String
    let rows: [NumberSample]
}

/// `Fixtures/rfc8785-sample.json`.
struct SampleDocument: Decodable {
    let source: String
    let input: String
    let canonical: String
}

/// `Fixtures/rfc8785-sorting.json`.
struct SortingDocument: Decodable {
    let source: String
    let input: String
    let expectedValueOrder: [String]
}

@Suite("CanonicalJSON: RFC 8785 vectors")
struct CanonicalJSONVectorTests {
    static let numberSamples: [NumberSample] = (try? Fixture.load("rfc8785-numbers", as: NumberSamples.self).rows) ?? []

    @Test("The Appendix B fixture holds all 26 rows of the RFC's table")
    func appendixBIsComplete() {
        #expect(Self.numberSamples.count == 26)
        #expect(Self.numberSamples.filter { $0.expected == nil }.count == 2)
    }

    @Test(
        "Appendix B: each finite IEEE 754 value serialises as the RFC prints it",
        arguments: numberSamples.filter { $0.expected != nil })
    func appendixBNumber(sample: NumberSample) throws {
        let value = try sample.value
        #expect(CanonicalJSON.number(value).serialized == sample.expected)
    }

    @Test(
        "Appendix B: each printed number parses back to the same double, sign of zero aside",
        arguments: numberSamples.filter { $0.expected != nil })
    func appendixBParse(sample: NumberSample) throws {
        let text = try #require(sample.expected)
        let parsed = try CanonicalJSON(parsing: text)
        #expect(parsed == .number(try sample.value))
        #expect(parsed.serialized == text)
    }

    @Test("Appendix B: NaN and Infinity stop serialisation", arguments: ["7fffffffffffffff", "7ff0000000000000"])
    func appendixBNonFinite(bits: String) async throws {
        let sample = try #require(Self.numberSamples.first { $0.ieee754 == bits })
        #expect(sample.expected == nil)
        #expect(!(try sample.value).isFinite)
        await #expect(processExitsWith: .failure) {
            _ = CanonicalJSON.number(Double(bitPattern: 0x7fff_ffff_ffff_ffff)).serialized
        }
        await #expect(processExitsWith: .failure) {
            _ = CanonicalJSON.array([.number(-Double.infinity)]).utf8
        }
    }

    @Test("§3.2.2: the sample input canonicalises to the RFC's output")
    func sampleDocument() throws {
        let fixture = try Fixture.load("rfc8785-sample", as: SampleDocument.self)
        let parsed = try CanonicalJSON(parsing: fixture.input)
        #expect(parsed.serialized == fixture.canonical)
        #expect(parsed.utf8 == Array(fixture.canonical.utf8))
        #expect(parsed.digest == Digest.sha256(Array(fixture.canonical.utf8)))
    }

    @Test("§3.2.3: members sort by UTF-16 code units, so the emoji precedes U+FB33")
    func sortingExample() throws {
        let fixture = try Fixture.load("rfc8785-sorting", as: SortingDocument.self)
        let parsed = try CanonicalJSON(parsing: fixture.input)
        let expected =
            "{"
            + [
                ("\r", "Carriage Return"), ("1", "One"), ("\u{80}", "Control"),
                ("\u{F6}", "Latin Small Letter O With Diaeresis"), ("\u{20AC}", "Euro Sign"),
                ("\u{1F600}", "Emoji: Grinning Face"), ("\u{FB33}", "Hebrew Letter Dalet With Dagesh"),
            ].map { key, value in
                "\"\(key == "\r" ? "\\r" : key)\":\"\(value)\""
            }.joined(separator: ",") + "}"
        #expect(parsed.serialized == expected)
        let order = fixture.expectedValueOrder.map { parsed.serialized.range(of: "\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }
}

@Suite("CanonicalJSON: serialisation")
struct CanonicalJSONSerialisationTests {
    @Test(
        "Strings escape only quote, backslash and controls, the latter in lowercase hex",
        arguments: [
            ("plain", "\"plain\""),
            ("a\"b\\c", "\"a\\\"b\\\\c\""),
            ("\u{8}\t\n\u{C}\r", "\"\\b\\t\\n\\f\\r\""),
            ("\u{0}\u{1}\u{1F}\u{B}", "\"\\u0000\\u0001\\u001f\\u000b\""),
            ("/<>&\u{7F}", "\"/<>&\u{7F}\""),
            ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
            ("Олександр Ґ 😀 é", "\"Олександр Ґ 😀 é\""),
        ])
    func stringEscaping(input: String, expected: String) {
        var output = [UInt8]()
        CanonicalJSON.appendString(input, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
        #expect(CanonicalJSON.string(input).serialized == expected)
    }

    @Test(
        "Number notation follows ECMAScript around its thresholds",
        arguments: [
            (1.0, "1"), (-1.5, "-1.5"), (100.0, "100"), (0.1, "0.1"), (1e20, "100000000000000000000"),
            (1e21, "1e+21"), (1.5e21, "1.5e+21"), (1e-6, "0.000001"), (1.5e-6, "0.0000015"), (1e-7, "1e-7"),
            (-1.25e-7, "-1.25e-7"), (123456789012345680000.0, "123456789012345680000"), (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740993.0, "9007199254740992"), (1e16, "10000000000000000"), (-0.0, "0"),
            (.leastNonzeroMagnitude, "5e-324"),
            (1e100, "1e+100"), (2.5e-5, "0.000025"),
        ])
    func numberNotation(value: Double, expected: String) {
        #expect(CanonicalJSON.number(value).serialized == expected)
    }

    @Test(
        "Integers are plain decimal, at both ends of Int64",
        arguments: [
            (Int64(0), "0"), (-7, "-7"), (9_007_199_254_740_993, "9007199254740993"),
            (.max, "9223372036854775807"), (.min, "-9223372036854775808"),
        ])
    func integers(value: Int64, expected: String) throws {
        #expect(CanonicalJSON.integer(value).serialized == expected)
        #expect(try CanonicalJSON(parsing: expected) == .integer(value))
    }

    @Test("Objects nest, sort at every level, and keep array order")
    func nesting() {
        let value = CanonicalJSON.object([
            "b": .array([.object(["z": .integer(1), "a": .integer(2)]), .object(["y": .null])]),
            "a": .object(["d": .object(["f": .bool(true), "e": .bool(false)])]),
            "": .array([]),
        ])
        #expect(value.serialized == #"{"":[],"a":{"d":{"e":false,"f":true}},"b":[{"a":2,"z":1},{"y":null}]}"#)
    }

    @Test("The hot path for an already sorted object writes what the tree would")
    func sortedObjectHotPath() {
        var output = Array("prefix:".utf8)
        CanonicalJSON.appendObject(
            sortedMembers: [
                "actor": .string("UA official"), "at": .integer(1_700_000_000), "count": .number(314),
                "previous": .string(Digest.zero.hex),
            ] as KeyValuePairs,
            to: &output
        )
        let tree = CanonicalJSON.object([
            "previous": .string(Digest.zero.hex), "count": .integer(314), "at": .integer(1_700_000_000),
            "actor": .string("UA official"),
        ])
        #expect(output == Array("prefix:".utf8) + tree.utf8)
    }

    @Test("Equality is equality of the canonical form")
    func equality() {
        #expect(CanonicalJSON.integer(3) == .number(3))
        #expect(CanonicalJSON.number(-0.0) == .integer(0))
        #expect(CanonicalJSON.integer(9_007_199_254_740_993) != .number(9_007_199_254_740_992))
        #expect(CanonicalJSON.integer(1 << 60) != .number(0x1p60))
        #expect(CanonicalJSON.integer(1_152_921_504_606_847_000) == .number(0x1p60))
        #expect(CanonicalJSON.number(0x1p60).serialized == "1152921504606847000")
        #expect(CanonicalJSON.integer(18_014_398_509_482_030) == .number(18_014_398_509_482_032))
        #expect(Set([CanonicalJSON.integer(18_014_398_509_482_030), .number(18_014_398_509_482_032)]).count == 1)
        #expect(CanonicalJSON.string("\u{E9}") != .string("e\u{301}"))
        #expect(CanonicalJSON.string("\u{E9}").digest != CanonicalJSON.string("e\u{301}").digest)
        let set: Set<CanonicalJSON> = [.integer(3), .number(3), .array([.number(1)]), .array([.integer(1)])]
        #expect(set.count == 2)
    }
}

@Suite("CanonicalJSON: strict parsing")
struct CanonicalJSONParsingTests {
    @Test("Well-formed JSON parses to the expected tree")
    func wellFormed() throws {
        let text = " {\"a\" : [1, -2.5, 1E2, true, false, null, \"\\u00e9\\ud83d\\ude00\\/\"], \"b\":{}}\n"
        let parsed = try CanonicalJSON(parsing: text)
        #expect(
            parsed
                == .object([
                    "a": .array([
                        .integer(1), .number(-2.5), .number(100), .bool(true), .bool(false), .null,
                        .string("é😀/"),
                    ]),
                    "b": .object([:]),
                ]))
        #expect(try CanonicalJSON(parsing: Array("[]".utf8)) == .array([]))
        #expect(try CanonicalJSON(parsing: "92233720368547758070") == .number(9.223372036854776e19))
        #expect(try CanonicalJSON(parsing: "-9223372036854775808") == .integer(.min))
        #expect(try CanonicalJSON(parsing: "1e-400") == .number(0))
    }

    @Test(
        "Malformed or non-I-JSON text is refused with its reason and byte offset",
        arguments: [
            ("", CanonicalJSON.ParseError.Reason.unexpectedEndOfInput, 0),
            ("[1,]", .unexpectedCharacter, 3),
            ("{\"a\":1,}", .unexpectedCharacter, 7),
            ("{a:1}", .unexpectedCharacter, 1),
            ("[1 2]", .unexpectedCharacter, 3),
            ("nul", .unexpectedCharacter, 0),
            ("tru e", .unexpectedCharacter, 0),
            ("01", .invalidNumber, 1),
            ("-", .invalidNumber, 1),
            ("1.", .invalidNumber, 2),
            (".5", .unexpectedCharacter, 0),
            ("1e", .invalidNumber, 2),
            ("+1", .unexpectedCharacter, 0),
            ("1e309", .numberOutOfRange, 0),
            ("[-1e400]", .numberOutOfRange, 1),
            ("NaN", .unexpectedCharacter, 0),
            ("\"a\tb\"", .unescapedControlCharacter, 2),
            ("\"\\x\"", .invalidEscape, 1),
            ("\"\\u12g4\"", .invalidEscape, 5),
            ("\"\\ud800\"", .loneSurrogate, 1),
            ("\"\\ud800\\u0041\"", .loneSurrogate, 7),
            ("\"\\udc00\"", .loneSurrogate, 1),
            ("{\"a\":1,\"a\":2}", .duplicateKey, 7),
            ("{\"\\u00e9\":1,\"e\\u0301\":2}", .canonicallyEquivalentKeys, 12),
            ("\"abc", .unexpectedEndOfInput, 4),
            ("[1] x", .trailingContent, 4),
            ("\u{FEFF}1", .unexpectedCharacter, 0),
            ("// c\n1", .unexpectedCharacter, 0),
            ("'a'", .unexpectedCharacter, 0),
        ])
    func malformed(text: String, reason: CanonicalJSON.ParseError.Reason, offset: Int) {
        let error = #expect(throws: CanonicalJSON.ParseError.self) {
            _ = try CanonicalJSON(parsing: text)
        }
        #expect(error?.reason == reason)
        #expect(error?.offset == offset)
    }

    @Test(
        "Invalid UTF-8 is refused where it starts",
        arguments: [
            ([0x22, 0xC3, 0x28, 0x22], 1),
            ([0x22, 0x61, 0xC0, 0xAF, 0x22], 2),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),
            ([0x22, 0xFF, 0x22], 1),
            ([0x22, 0xE2, 0x82], 1),
        ] as [([UInt8], Int)])
    func invalidUTF8(bytes: [UInt8], offset: Int) {
        let error = #expect(throws: CanonicalJSON.ParseError.self) {
            _ = try CanonicalJSON(parsing: bytes)
        }
        #expect(error?.reason == .invalidUTF8)
        #expect(error?.offset == offset)
    }

    @Test("Nesting is bounded instead of overflowing the stack")
    func nestingLimit() throws {
        let limit = CanonicalJSON.maximumNestingDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try CanonicalJSON(parsing: deepest).serialized == deepest)
        let tooDeep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: CanonicalJSON.ParseError.self) {
            _ = try CanonicalJSON(parsing: tooDeep)
        }
        #expect(error?.reason == .nestingTooDeep)
        #expect(error?.offset == limit)
    }

    @Test("A parse error reads as one line with code, offset and detail")
    func errorMessage() {
        let error = #expect(throws: CanonicalJSON.ParseError.self) {
            _ = try CanonicalJSON(parsing: "{\"a\":1,\"a\":2}")
        }
        #expect(error?.description == "json.duplicate_key at byte 7: the member name \"a\" appears twice in one object")
    }
}
