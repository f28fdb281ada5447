import Tagged

/// Whether a person falls under an agreement's categories, and why.
public enum Eligibility: Hashable, Sendable {
    /// Under at least one category; the reasons say which.
    case eligible([String])
    /// The registry does not say enough to decide, such as a birth year that straddles an age limit.
    case uncertain(String)
    case ineligible(String)
}

extension Agreement {
    /// The categories that decide who may be on a list; "held longest" only orders the suggestion.
    public var restrictingCategories: [EligibilityCategory] {
        categories.filter { $0 != .heldLongest }
    }

    /// Whether `person` is eligible under the terms on `date` (the day the agreement was reached):
    /// eligible under any one of the categories, or under none named.
    public func eligibility(of person: PersonDetails, on date: PartialDate) -> Eligibility {
        let categories = restrictingCategories
        guard !categories.isEmpty else { return .eligible([]) }
        var reasons: [String] = []
        var doubts: [String] = []
        for category in categories {
            switch category.admits(person, on: date) {
            case .eligible(let why): reasons += why
            case .uncertain(let why): doubts.append(why)
            case .ineligible: break
            }
        }
        if !reasons.isEmpty { return .eligible(reasons) }
        if !doubts.isEmpty { return .uncertain(doubts.joined(separator: "; ")) }
        return .ineligible("under none of the categories of the terms (\(categories.map(\.name).joined(separator: ", ")))")
    }
}

extension EligibilityCategory {
    /// Whether this one category admits `person` on `date`.
    public func admits(_ person: PersonDetails, on date: PartialDate) -> Eligibility {
        switch self {
        case .seriouslyWoundedOrSick:
            guard let health = person.health else { return .ineligible("health not recorded") }
            return health.isSerious
                ? .eligible(["\(health.rawValue.replacingUnderscores) (Art. 109, 110)"]) : .ineligible(health.rawValue)
        case .civilians:
            return person.category == .civilian ? .eligible(["civilian"]) : .ineligible("not a civilian")
        case .heldLongest:
            return .eligible([])
        case .aged(let limits):
            guard let born = person.dateOfBirth else {
                return .uncertain("date of birth unknown, so age \(limits) cannot be checked")
            }
            guard let ages = born.ageRange(on: date) else { return .uncertain("age on \(date) cannot be computed") }
            let range = "\(limits.lowerBound)-\(limits.upperBound)"
            if limits.contains(ages.lowerBound) && limits.contains(ages.upperBound) {
                let age = ages.lowerBound == ages.upperBound ? "\(ages.lowerBound)" : "\(ages.lowerBound) or \(ages.upperBound)"
                return .eligible(["aged \(age) on \(date), within \(range)"])
            }
            if limits.overlaps(ages) {
                return .uncertain(
                    "born \(born), so aged \(ages.lowerBound) or \(ages.upperBound) on \(date): the day of birth decides whether within \(range)"
                )
            }
            return .ineligible("aged \(ages.lowerBound) on \(date), outside \(range)")
        }
    }
}

extension PartialDate {
    /// The youngest and the oldest a person born on this date, possibly known only to the year or
    /// month, can be on the full date `day`; `nil` when `day` is not a full date or precedes the birth.
    public func ageRange(on day: PartialDate) -> ClosedRange<Int>? {
        guard let onMonth = day.month, let onDay = day.day else { return nil }
        func age(bornMonth: Int, bornDay: Int) -> Int {
            day.year - year - ((onMonth, onDay) < (bornMonth, bornDay) ? 1 : 0)
        }
        let oldest = age(bornMonth: month ?? 1, bornDay: self.day ?? 1)
        let lastMonth = month ?? 12
        let youngest = age(bornMonth: lastMonth, bornDay: self.day ?? PartialDate.daysIn(month: lastMonth, year: year))
        guard oldest >= 0 else { return nil }
        return max(youngest, 0)...oldest
    }
}

extension String {
    /// `seriously_wounded` as `seriously wounded`, for sentences.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
