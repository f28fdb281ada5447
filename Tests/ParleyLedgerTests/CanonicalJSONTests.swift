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
