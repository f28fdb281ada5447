import ParleyCore
import Testing

@Suite("Dates may be partial, and are never invented")
struct PartialDateTests {
    @Test(
        "the accepted forms keep their precision",
        arguments: [
            ("1994", "1994", PartialDate.Precision.year), ("1994-03", "1994-03", .month), ("03.1994", "1994-03", .month),
            ("1994-03-12", "1994-03-12", .day), ("12.03.1994", "1994-03-12", .day), (" 1994 ", "1994", .year),
        ])
    func parsing(text: String, iso: String, precision: PartialDate.Precision) throws {
        let date = try PartialDate(parsing: text)
        #expect(date.description == iso)
        #expect(date.precision == precision)
    }

    @Test(
        "ambiguous or impossible dates are refused",
        arguments: [
            "03/12/1994", "1994-13", "31.02.1994", "1994-02-30", "94", "", "12.3.1994", "1994-3-12", "0000",
        ])
    func refused(text: String) {
        #expect(throws: PartialDate.Invalid.self) { try PartialDate(parsing: text) }
    }

    @Test("29 February exists only in leap years")
    func leapDays() throws {
        #expect(try PartialDate(parsing: "29.02.2000").day == 29)
        #expect(try PartialDate(parsing: "2024-02-29").day == 29)
        #expect(throws: PartialDate.Invalid.dayOutOfRange(29, lastDay: 28)) { try PartialDate(parsing: "1900-02-29") }
    }

    @Test("a partial date admits the full dates it could stand for")
    func admits() throws {
        let year = try PartialDate(year: 1994)
        let month = try PartialDate(year: 1994, month: 3)
        let day = try PartialDate(year: 1994, month: 3, day: 12)
        #expect(year.admits(day) && month.admits(day) && day.admits(day))
        #expect(!month.admits(try PartialDate(year: 1994, month: 4, day: 12)))
        #expect(!year.admits(try PartialDate(year: 1995)))
        #expect(year < month && month < day)
    }

    @Test("the interval since the last exchange is counted in calendar months and days")
    func intervals() throws {
        // The seed's case: the exchange of 2 October 2025 and the round that ended on 5 February 2026.
        let interval = try #require(Interval(from: PartialDate(parsing: "2025-10-02"), to: PartialDate(parsing: "2026-02-05")))
        #expect(interval.months == 4)
        #expect(interval.days == 3)
        #expect(interval.totalDays == 126)
        #expect(interval.wording == "4 months and 3 days")
        let short = try #require(Interval(from: PartialDate(parsing: "2026-01-31"), to: PartialDate(parsing: "2026-02-28")))
        #expect(short.months == 0 && short.totalDays == 28)
        let monthEnd = try #require(Interval(from: PartialDate(parsing: "2024-01-31"), to: PartialDate(parsing: "2024-02-29")))
        #expect(monthEnd.wording == "29 days")
        #expect(Interval(from: try PartialDate(parsing: "2026"), to: try PartialDate(parsing: "2026-02-05")) == nil)
    }
}
