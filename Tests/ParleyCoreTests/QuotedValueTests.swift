import Testing

@testable import ParleyCore

@Suite("An error quotes at most 100 characters of a bad value")
struct QuotedValueTests {
    @Test("a value of at most 100 characters is quoted whole, however many bytes it takes")
    func shortValues() {
        #expect(QuotedValue.shortened("") == "")
        #expect(QuotedValue.shortened("Шевченко") == "Шевченко")
        let hundred = String(repeating: "Ж", count: 100)
        #expect(QuotedValue.shortened(hundred) == hundred)
    }

    @Test("a longer value is cut at 100 characters, with an ellipsis and its length")
    func longValues() {
        let value = String(repeating: "ab", count: 1_000_000)
        #expect(QuotedValue.shortened(value) == String(repeating: "ab", count: 50) + "… (2,000,000 characters)")
        #expect(
            QuotedValue.shortened(String(repeating: "я", count: 101)) == String(repeating: "я", count: 100) + "… (101 characters)"
        )
        #expect(QuotedValue.shortened("abcdef", maximumLength: 3) == "abc… (6 characters)")
    }

    @Test("counts are grouped by thousands", arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (104_859_904, "104,859,904")])
    func grouping(count: Int, text: String) {
        #expect(QuotedValue.grouped(count) == text)
    }

    @Test("a registry file's problem quotes a long cell cut, not whole")
    func registryProblems() throws {
        // Given a file whose surname cell is two million characters long
        let cell = String(repeating: "Ш", count: 2_000_000)
        let bytes = Array("id,surname\nS-1,\(cell)\n".utf8)
        var reader = try RegistryFileReader(
            bytes: bytes, file: "held.csv", encoding: nil, today: try PartialDate(year: 2026, month: 2, day: 5))
        // When its row is read
        let next = reader.next()
        let result = try #require(next)
        guard case .failure(let failure) = result else {
            Issue.record("the two-million-character cell was accepted")
            return
        }
        // Then the problem names the line and column, and quotes 100 characters and the cell's length
        let problem = try #require(failure.problems.first)
        #expect(
            problem.message
                == "held.csv:2: surname: \(String(repeating: "Ш", count: 100))… (2,000,000 characters): longer than 300 characters; check that the cells are not shifted"
        )
    }
}
