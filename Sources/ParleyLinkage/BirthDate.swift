import ParleyCore

/// Dates of birth packed into one integer (`yyyymmdd`, 0 for an unknown month or day; 0 for no date)
/// and compared by level.
enum BirthDate {
    static func pack(_ date: PartialDate?) -> Int32 {
        guard let date else { return 0 }
        return Int32(date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0))
    }

    static func year(_ packed: Int32) -> Int32 { packed / 10_000 }

    /// Whether the packed date is known to the day.
    static func isFull(_ packed: Int32) -> Bool { packed % 100 != 0 }

    /// The level two packed dates agree at, as an index into `LinkageField.dateOfBirth.levels`.
    static func compare(_ a: Int32, _ b: Int32) -> ComparisonLevel {
        guard a != 0, b != 0 else { return .missing }
        let (y1, m1, d1) = (a / 10_000, a / 100 % 100, a % 100)
        let (y2, m2, d2) = (b / 10_000, b / 100 % 100, b % 100)
        if a == b { return d1 != 0 ? .exact : .partial }
        let monthsAgree = m1 == 0 || m2 == 0 || m1 == m2
        let daysAgree = d1 == 0 || d2 == 0 || d1 == d2
        if y1 == y2 && monthsAgree && daysAgree { return .partial }
        let bothFull = d1 != 0 && d2 != 0
        if y1 == y2 && bothFull && m1 == d2 && d1 == m2 { return .dayMonthSwapped }
        if abs(y1 - y2) == 1 && m1 == m2 && d1 == d2 { return .yearOffByOne }
        if y1 == y2 && bothFull && (m1 == m2 || d1 == d2) { return .close }
        return .different
    }
}
