import Tagged

/// An exchange that took place, counted by category and direction.
///
/// Exchanges whose lists are kept in Parley are reconciled person by person; this record
/// holds the figures of those known only from the record, such as the exchange of
/// 2 October 2025, so that timelines ("the first exchange in N months") come from data.
public struct Exchange: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Exchange, Int64>

    public var date: PartialDate
    public var agreement: Agreement.ID?
    public var deliveries: [Delivery]
    /// Set when the handover was closed before every direction of the agreement had delivered in full.
    public var partialClose: PartialClose?

    public init(
        date: PartialDate, agreement: Agreement.ID? = nil, deliveries: [Delivery],
        partialClose: PartialClose? = nil
    ) throws(InvalidExchange) {
        guard date.precision == .day else { throw .dateNotFull(date) }
        guard !deliveries.isEmpty else { throw .nothingDelivered }
        self.date = date
        self.agreement = agreement
        self.deliveries = deliveries
        self.partialClose = partialClose
    }

    /// A handover closed with directions still open, by an explicit decision: which directions, and why.
    public struct PartialClose: Hashable, Sendable, Codable {
        /// Each direction left open, with what it lacked.
        public var open: [OpenDirection]
        /// Why the handover was closed all the same, as the person closing it wrote it.
        public var reason: String

        public init(open: [OpenDirection], reason: String) {
            self.open = open
            self.reason = reason
        }
    }

    /// One direction of an agreement that had not delivered in full when its handover was closed.
    public struct OpenDirection: Hashable, Sendable, Codable {
        public var releasing: Party.Code
        public var receiving: Party.Code
        /// What it lacked: "no list", "not approved", "3 persons without an outcome".
        public var lacking: String

        public init(releasing: Party.Code, receiving: Party.Code, lacking: String) {
            self.releasing = releasing
            self.receiving = receiving
            self.lacking = lacking
        }

        /// "RU → UA: no list".
        public var wording: String { "\(releasing.rawValue) → \(receiving.rawValue): \(lacking)" }
    }

    /// How many persons of one category one party released to another.
    public struct Delivery: Hashable, Sendable, Codable {
        public var from: Party.Code
        public var to: Party.Code
        public var category: PersonCategory
        public var count: Int

        public init(from: Party.Code, to: Party.Code, category: PersonCategory, count: Int) {
            self.from = from
            self.to = to
            self.category = category
            self.count = count
        }
    }

    /// Persons released by `party` in this exchange, over all categories.
    public func released(by party: Party.Code) -> Int {
        deliveries.filter { $0.from == party }.reduce(0) { $0 + $1.count }
    }

    /// The day an agreement's exchange is reckoned at: the day its handover was closed, else the
    /// last day an outcome was recorded, else the day it was agreed (its round's last day).
    public static func day(closedOn: PartialDate?, outcomesOn: PartialDate?, agreedOn: PartialDate) -> PartialDate {
        closedOn ?? outcomesOn ?? agreedOn
    }

    /// The exchange before the one an agreement leads to: the last exchange on record of any other
    /// agreement, or of none, dated before `day`, the day that exchange took place (or, until it
    /// has, the day it was agreed).
    ///
    /// Every "the first exchange in …, since …" is counted from this one exchange, so that the
    /// statement, the reconciliation and the list of agreements cannot disagree.
    /// - Parameter exchanges: every exchange on record, in any order.
    public static func previous(
        to agreement: Agreement.ID?, before day: PartialDate, among exchanges: [Saved<Exchange>]
    ) -> Saved<Exchange>? {
        exchanges.filter { ($0.agreement == nil || $0.agreement != agreement) && $0.date < day }
            .max { ($0.date, $0.id.rawValue) < ($1.date, $1.id.rawValue) }
    }
}

public enum InvalidExchange: ParleyError, Hashable {
    case dateNotFull(PartialDate)
    case nothingDelivered
    public var code: String { "exchange.invalid" }
    public var message: String {
        switch self {
        case .dateNotFull(let date): "an exchange's date must be a full date, not \(date)"
        case .nothingDelivered: "an exchange must deliver someone"
        }
    }
    public var remedy: String {
        switch self {
        case .dateNotFull: "Give the day as YYYY-MM-DD"
        case .nothingDelivered: "Give at least one --delivery FROM:TO:CATEGORY:COUNT, such as UA:RU:military:185"
        }
    }
}

/// How long it had been since the previous exchange, in the terms people use.
public struct Interval: Hashable, Sendable {
    public let from: PartialDate
    public let to: PartialDate
    /// Whole calendar months from one date to the other.
    public let months: Int
    /// Days left over after the whole months.
    public let days: Int
    /// All days between the two dates.
    public let totalDays: Int

    /// The interval between two full dates, `from` no later than `to`.
    public init?(from: PartialDate, to: PartialDate) {
        guard let fromDay = from.day, let fromMonth = from.month, let toDay = to.day, let toMonth = to.month,
            from <= to
        else { return nil }
        var months = (to.year - from.year) * 12 + (toMonth - fromMonth)
        if toDay < fromDay { months -= 1 }
        let anchor = from.addingMonths(months)
        self.from = from
        self.to = to
        self.months = months
        self.days = to.dayNumber - anchor.dayNumber
        self.totalDays = to.dayNumber - from.dayNumber
    }

    /// "4 months and 3 days".
    public var wording: String {
        func plural(_ count: Int, _ unit: String) -> String { "\(count) \(unit)\(count == 1 ? "" : "s")" }
        if months == 0 { return plural(days, "day") }
        return days == 0 ? plural(months, "month") : "\(plural(months, "month")) and \(plural(days, "day"))"
    }
}

extension PartialDate {
    /// Days since 1 January of year 1 (proleptic Gregorian) for a full date.
    public var dayNumber: Int {
        let month = self.month ?? 1
        let day = self.day ?? 1
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 12 : month
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + day
    }

    /// The same day `count` months later, clamped to the month's last day.
    func addingMonths(_ count: Int) -> PartialDate {
        let index = year * 12 + (month ?? 1) - 1 + count
        let newYear = index / 12
        let newMonth = index % 12 + 1
        let newDay = min(day ?? 1, PartialDate.daysIn(month: newMonth, year: newYear))
        // The values are derived from a valid date, so they are valid.
        return (try? PartialDate(year: newYear, month: newMonth, day: newDay)) ?? self
    }
}
