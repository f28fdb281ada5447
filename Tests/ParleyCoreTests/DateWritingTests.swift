import PropertyBased
import Testing

@testable import ParleyCore

@Suite("Dates are written as ISO 8601 at their precision")
struct DateWritingTests {
    @Test("every year, month and day is written with its zeros")
    func everyDate() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 1...9999), Gen.int(in: 0...12), Gen.int(in: 0...31)) {
            year, month, day in
            let date = try? PartialDate(year: year, month: month == 0 ? nil : month, day: day == 0 || month == 0 ? nil : day)
            guard let date else { return }
            var expected = String(repeating: "0", count: 4 - String(year).count) + String(year)
            if let month = date.month { expected += month < 10 ? "-0\(month)" : "-\(month)" }
            if let day = date.day { expected += day < 10 ? "-0\(day)" : "-\(day)" }
            #expect(date.description == expected)
        }
    }
}
