import Foundation
import Testing

@testable import ParleyLedger

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
