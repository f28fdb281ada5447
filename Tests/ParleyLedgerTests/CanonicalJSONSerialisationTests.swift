import Foundation
import Testing

@testable import ParleyLedger

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
