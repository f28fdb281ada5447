import Testing

@testable import ParleyLinkage

@Suite("Comparison levels")
struct ComparisonTests {
    @Test("Name levels")
    func names() throws {
        #expect(try level(.surname, "Шевченко", "шевченко") == .exact)
        #expect(try level(.surname, "Шевченко", "Shevchenko") == .exact)
        #expect(try level(.givenName, "Олександр", "Oleksandr") == .exact)
        #expect(try level(.givenName, "Александр", "Aleksandr") == .exact)
        #expect(try level(.givenName, "Олександр", "Aleksandr") == .equivalent)
        #expect(try level(.surname, "Шевченко", "Шевчеко") == .close)
        #expect(try level(.surname, "Shevchenko", "Shewczenko") != .different)
        #expect(try level(.givenName, "Олександр", "О.") == .initial)
        #expect(try level(.givenName, "Олександр", "П.") == .different)
        #expect(try level(.surname, "Шевченко", "Коваленко") == .different)
        #expect(try level(.surname, "Петренко-Василенко", "Петренко") == .close)
        #expect(try level(.surname, "Петренко Василенко", "Петренко-Василенко") == .exact)
    }

    @Test("Missing on either side is missing")
    func missing() throws {
        let comparison = try comparator([
            [LinkageRecord(id: "a", surname: "Шевченко")], [LinkageRecord(id: "b", givenName: "Іван")],
        ])
        let records = comparison.records
        let pattern = comparison.compare(0, in: records.lists[0], 0, in: records.lists[1]).pattern
        for field in LinkageField.allCases {
            #expect(field.levels[pattern.level(field)] == .missing)
        }
    }

    @Test(
        "Date levels",
        arguments: [
            ("1994-03-12", "12.03.1994", ComparisonLevel.exact),
            ("1994", "1994-03-12", .partial),
            ("03.1994", "1994-03-12", .partial),
            ("1994-03-12", "1994-12-03", .dayMonthSwapped),
            ("1994-03-12", "1995-03-12", .yearOffByOne),
            ("1994-03-12", "1994-03-21", .close),
            ("1994-03-12", "1971-07-01", .different),
        ])
    func dates(a: String, b: String, expected: ComparisonLevel) throws {
        #expect(try level(.dateOfBirth, a, b) == expected)
    }

    @Test("Jaro-Winkler matches the textbook values")
    func jaroWinkler() {
        let value = StringSimilarity.jaroWinkler(Array("martha".utf8)[...], Array("marhta".utf8)[...])
        #expect(abs(value - 0.9611) < 0.001)
        let other = StringSimilarity.jaroWinkler(Array("dixon".utf8)[...], Array("dicksonx".utf8)[...])
        #expect(abs(other - 0.8133) < 0.001)
    }
}
