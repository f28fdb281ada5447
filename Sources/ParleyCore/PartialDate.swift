/// A calendar date that may be known only to the year, or to the year and month.
///
/// Registries often hold "1994" or "03.1994" for a date of birth; Parley keeps what is
/// known and never invents a day or a month.
public struct PartialDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// The precision a date was recorded with.
    public enum Precision: String, Sendable, Codable {
        case year, month, day
    }

    /// Makes a date, checking the month and the day against the calendar.
    ///
    /// A day without a month is refused: "the 12th of some month of 1994" is not a date.
    public init(year: Int, month: Int? = nil, day: Int? = nil) throws(PartialDate.Invalid) {
        guard (1...9999).contains(year) else { throw .yearOutOfRange(year) }
        if let month, !(1...12).contains(month) { throw .monthOutOfRange(month) }
        if let day {
            guard let month else { throw .dayWithoutMonth }
            let last = PartialDate.daysIn(month: month, year: year)
            guard (1...last).contains(day) else { throw .dayOutOfRange(day, lastDay: last) }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public var precision: Precision {
        day != nil ? .day : (month != nil ? .month : .year)
    }

    /// ISO 8601 at the precision known: `1994`, `1994-03` or `1994-03-12`.
    public var description: String {
        // Written digit by digit, the year (1 to 9999) in four, the month and the day in two: every
        // record's dates are written for its canonical form on import.
        String(unsafeUninitializedCapacity: 10) { text in
            func digits(_ value: Int, _ count: Int, at start: Int) {
                var value = value
                for offset in (0..<count).reversed() {
                    text[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(year, 4, at: 0)
            guard let month else { return 4 }
            text[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5)
            guard let day else { return 7 }
            text[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8)
            return 10
        }
    }

    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `MM.YYYY` or `DD.MM.YYYY`.
    ///
    /// These are the forms found in registries; anything else, such as `03/12/1994`
    /// whose day and month cannot be told apart, is refused rather than guessed.
    public init(parsing text: some StringProtocol) throws(PartialDate.Invalid) {
        // Dates are ASCII: trim Unicode white space only when the ends are not plain ASCII.
        let raw = Array(text.utf8)
        let plainEnds = raw.first.map { $0 > 0x20 && $0 < 0x80 } == true && raw.last.map { $0 > 0x20 && $0 < 0x80 } == true
        let bytes = plainEnds ? raw : Array(text.trimmingWhitespace().utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func separator(_ index: Int, _ character: UInt8) -> Bool {
            index < bytes.count && bytes[index] == character
        }
        let parsed: (Int, Int?, Int?)?
        switch bytes.count {
        case 4:
            parsed = number(0..<4).map { ($0, nil, nil) }
        case 7 where separator(4, UInt8(ascii: "-")):
            parsed = zip3(number(0..<4), number(5..<7), 0).map { ($0.0, $0.1, nil) }
        case 7 where separator(2, UInt8(ascii: ".")):
            parsed = zip3(number(3..<7), number(0..<2), 0).map { ($0.0, $0.1, nil) }
        case 10 where separator(4, UInt8(ascii: "-")) && separator(7, UInt8(ascii: "-")):
            parsed = zip3(number(0..<4), number(5..<7), number(8..<10))
        case 10 where separator(2, UInt8(ascii: ".")) && separator(5, UInt8(ascii: ".")):
            parsed = zip3(number(6..<10), number(3..<5), number(0..<2))
        default:
            parsed = nil
        }
        guard let (year, month, day) = parsed else { throw .unreadable(String(decoding: bytes, as: UTF8.self)) }
        try self.init(year: year, month: month, day: day)
    }

    /// Orders by the earliest day each date could mean, then by precision.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        let left = (lhs.year, lhs.month ?? 0, lhs.day ?? 0)
        let right = (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
        return left < right
    }

    /// Whether a full date could be the day this partial date stands for.
    public func admits(_ other: PartialDate) -> Bool {
        guard year == other.year else { return false }
        if let month, let otherMonth = other.month, month != otherMonth { return false }
        if let day, let otherDay = other.day, day != otherDay { return false }
        return true
    }

    /// The number of days in a month of the Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Why a date could not be made.
    public enum Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        case unreadable(String)
        case yearOutOfRange(Int)
        case monthOutOfRange(Int)
        case dayOutOfRange(Int, lastDay: Int)
        case dayWithoutMonth

        public var description: String {
            switch self {
            case .unreadable:
                "not a date; write YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY"
            case .yearOutOfRange(let year): "year \(year) is out of range"
            case .monthOutOfRange(let month): "month \(month) does not exist; months run 1 to 12"
            case .dayOutOfRange(let day, let last): "day \(day) does not exist in that month (it has \(last) days)"
            case .dayWithoutMonth: "a day needs a month"
            }
        }
    }
}

extension PartialDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func zip3(_ a: Int?, _ b: Int?, _ c: Int?) -> (Int, Int?, Int?)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> Substring {
        // Text that starts and ends with a printable ASCII character, as nearly every cell does, has nothing to trim.
        let text = Substring(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return Substring() }
        return Substring(scalars[first...last])
    }
}
