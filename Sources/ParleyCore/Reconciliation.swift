import Tagged

/// One direction of an agreement, in figures: agreed, listed, signed, delivered, and why they differ.
public struct SideFigures: Hashable, Sendable {
    public let releasing: Party.Code
    public let receiving: Party.Code
    /// What the terms call for.
    public let quota: Quota
    /// Entries on the latest version of the list (0 with no list).
    public let listed: Int
    /// The latest version's number, if there is a list.
    public let latestVersion: Int?
    /// The approved version: its number and how many are on it.
    public let signedVersion: Int?
    public let signed: Int
    /// Required signers who have not signed the latest frozen version.
    public let missingSigners: [Principal]
    /// Outcomes at the handover, by kind.
    public let outcomes: [HandoverOutcome.Kind: Int]

    public init(
        releasing: Party.Code, receiving: Party.Code, quota: Quota, listed: Int, latestVersion: Int?, signedVersion: Int?,
        signed: Int, missingSigners: [Principal], outcomes: [HandoverOutcome.Kind: Int]
    ) {
        self.releasing = releasing
        self.receiving = receiving
        self.quota = quota
        self.listed = listed
        self.latestVersion = latestVersion
        self.signedVersion = signedVersion
        self.signed = signed
        self.missingSigners = missingSigners
        self.outcomes = outcomes
    }

    /// Persons who reached the receiving side: transferred, or transferred in place of another.
    public var delivered: Int {
        outcomes.reduce(0) { total, outcome in total + (outcome.key.delivers ? outcome.value : 0) }
    }

    /// Persons on the approved version with no outcome yet.
    public var pending: Int { signed - outcomes.values.reduce(0, +) }

    /// The agreed number, when there is one.
    public var agreed: Int? {
        if case .count(let count) = quota { count } else { nil }
    }

    /// Why agreed, listed, signed and delivered differ, one sentence each; empty when they agree.
    public var differences: [String] {
        var reasons: [String] = []
        switch quota {
        case .blocked(let why): reasons.append("the number agreed is not known: \(why)")
        case .allEligible: break
        case .count(let agreed) where latestVersion == nil: reasons.append("no list yet for the \(agreed) agreed")
        case .count(let agreed) where listed != agreed: reasons.append("\(listed) listed for the \(agreed) agreed")
        case .count: break
        }
        if latestVersion != nil {
            if let signedVersion, signedVersion != latestVersion {
                reasons.append("version \(latestVersion ?? 0) is newer than the approved version \(signedVersion)")
            }
            if signedVersion == nil {
                let who = missingSigners.map(\.description).joined(separator: ", ")
                reasons.append(who.isEmpty ? "the list is not frozen" : "not yet signed by \(who)")
            }
        }
        let undelivered: [(HandoverOutcome.Kind, String)] = [
            (.withheld, "withheld"), (.refused, "refused repatriation"), (.deceased, "died before the handover"),
        ]
        for (kind, words) in undelivered {
            if let count = outcomes[kind], count > 0 { reasons.append("\(count) \(words)") }
        }
        if let count = outcomes[.substituted], count > 0 {
            reasons.append("\(count) replaced by another person, who was transferred instead")
        }
        if signedVersion != nil && pending > 0 { reasons.append("\(pending) without an outcome yet") }
        return reasons
    }
}

/// An agreement reconciled: both directions in figures, the time since the exchange before it,
/// and a public statement written from the figures alone.
public struct Reconciliation: Hashable, Sendable {
    public let agreement: Saved<Agreement>
    public let round: Round
    public let sides: [SideFigures]
    /// The day of the handover: the day it was closed, else the last day an outcome was recorded.
    public let handoverOn: PartialDate?
    /// The exchange the closed handover recorded, with its partial close if it had one.
    public let exchange: Saved<Exchange>?
    /// The exchange before this one (``Exchange/previous(to:before:among:)``).
    public let previousExchange: Saved<Exchange>?

    /// - Parameter exchanges: every exchange on record; this agreement's own and the one before it are found among them.
    public init(
        agreement: Saved<Agreement>, round: Round, sides: [SideFigures], outcomesOn: PartialDate?, exchanges: [Saved<Exchange>]
    ) {
        self.agreement = agreement
        self.round = round
        self.sides = sides
        let exchange = exchanges.last { $0.agreement == agreement.id }
        self.exchange = exchange
        self.handoverOn = exchange?.date ?? outcomesOn
        self.previousExchange = Exchange.previous(
            to: agreement.id, before: Exchange.day(closedOn: exchange?.date, outcomesOn: outcomesOn, agreedOn: round.endsOn),
            among: exchanges)
    }

    /// From the previous exchange to the handover, or to the end of the round before the handover.
    public var sincePreviousExchange: Interval? {
        previousExchange.flatMap { Interval(from: $0.date, to: handoverOn ?? round.endsOn) }
    }

    public var delivered: Int { sides.reduce(0) { $0 + $1.delivered } }

    /// Days the handover came after the deadline of the terms; `nil` when on time, or with no deadline or handover.
    public var daysPastDeadline: Int? {
        guard let deadline = agreement.deadline, let handoverOn, deadline.precision == .day else { return nil }
        let late = handoverOn.dayNumber - deadline.dayNumber
        return late > 0 ? late : nil
    }

    /// A statement for the public: aggregate figures, places, parties and dates, never a name.
    ///
    /// - Parameter names: the parties' names by code, such as "Ukraine" for `UA`.
    public func statement(names: [Party.Code: String]) -> String {
        func name(_ code: Party.Code) -> String { names[code] ?? code.rawValue }
        func list(_ items: [String]) -> String {
            guard let last = items.last, items.count > 1 else { return items.first ?? "" }
            return items.dropLast().joined(separator: ", ") + " and " + last
        }
        let what = agreement.subject.wording
        let parties = list(round.parties.map(name))
        let venue = "\(round.venueCity), \(name(round.host))"
        let since = sincePreviousExchange.map { interval in
            " It is the first such exchange in \(interval.wording), since \(interval.from.longForm)."
        }
        let mediation = round.mediators.isEmpty ? "" : ", mediated by \(list(round.mediators.map(name)))"
        if let handoverOn, delivered > 0 {
            let released = sides.map { "\($0.delivered) released by \(name($0.releasing))" }
            let partial = exchange?.partialClose.map { partial in
                " The handover was closed in part, with "
                    + list(partial.open.map { "\(name($0.releasing)) to \(name($0.receiving)) open (\($0.lacking))" })
                    + ": \(partial.reason)."
            }
            return "On \(handoverOn.longForm), \(parties) exchanged \(delivered) \(what): \(list(released))."
                + (partial ?? "")
                + (since ?? "")
                + " The exchange was agreed at talks in \(venue), on \(round.dates)\(mediation)."
        }
        let delegations = list((round.mediators + round.parties).map(name))
        let number: String =
            switch agreement.quantity {
            case .none: "all for all \(what) in the categories \(agreement.categories.map(\.name).joined(separator: ", "))"
            case .some(let quantity) where quantity.basis == .unspecified: "\(quantity.count) \(what)"
            case .some(let quantity): "\(quantity.count) \(what) (\(quantity.readings.map(\.sentence).joined()))"
            }
        return "At talks in \(venue), on \(round.dates), delegations from \(delegations) agreed to exchange \(number)."
            + (since ?? "")
    }
}

extension ExchangeSubject {
    /// "prisoners of war", for sentences.
    public var wording: String { rawValue.replacingUnderscores }
}

extension Round {
    /// "4-5 February 2026", "30 January-2 February 2026".
    public var dates: String {
        guard startsOn != endsOn else { return startsOn.longForm }
        if startsOn.year == endsOn.year && startsOn.month == endsOn.month {
            return "\(startsOn.day ?? 0)-\(endsOn.longForm)"
        }
        return "\(startsOn.longForm)-\(endsOn.longForm)"
    }
}

extension PartialDate {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// "5 February 2026", "February 2026" or "2026", as a statement writes it.
    public var longForm: String {
        guard let month else { return "\(year)" }
        let monthName = Self.monthNames[month - 1]
        guard let day else { return "\(monthName) \(year)" }
        return "\(day) \(monthName) \(year)"
    }
}
