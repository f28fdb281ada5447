import Tagged

/// One thing a check found on a list, with a reason a person can read.
public struct ListFinding: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The list cannot be frozen while it stands.
        case error
        /// Worth a look; does not block.
        case warning
    }

    /// Which rule of the terms or of the law the finding is about.
    public enum Rule: String, Hashable, Sendable, Codable, CaseIterable {
        /// The number on the list against the quantity and its basis.
        case parity
        /// The agreement's categories.
        case eligibility
        /// Two entries, on this list or across the two, that may be one person.
        case duplicate
        /// Already handed over, repatriated or released.
        case alreadyReleased = "already_released"
        case deceased
        /// A civilian on a list of prisoners of war, or the reverse.
        case category
        /// No sought record of the receiving party matches the entry.
        case unmatched
        /// The person refused repatriation (Art. 109).
        case refused
        /// Not a person the releasing party holds.
        case notHeld = "not_held"
    }

    public let severity: Severity
    public let rule: Rule
    /// The entry the finding is about; `nil` for the list as a whole.
    public let record: RegistryRecord.ID?
    public let reference: String?
    public let reason: String

    public init(_ severity: Severity, _ rule: Rule, record: RegistryRecord.ID? = nil, reference: String? = nil, reason: String) {
        self.severity = severity
        self.rule = rule
        self.record = record
        self.reference = reference
        self.reason = reason
    }
}

/// A list as the checks see it: the terms, the entries and what matching found about them.
public struct ListUnderCheck: Sendable {
    public var agreement: Agreement
    /// The day the agreement was reached, on which ages are counted.
    public var agreedOn: PartialDate
    public var list: ExchangeList
    /// The records on the list, in list order.
    public var entries: [RegistryRecord]
    /// The records on the list of the other direction, if it has one.
    public var otherEntries: [RegistryRecord]
    /// Pairs of records, on either list, that matching says may be one person.
    public var samePerson: [SamePerson]
    /// Entries no sought record of the receiving party matches; `nil` when the receiving party seeks nobody in Parley.
    public var unmatched: Set<RegistryRecord.ID>?

    public struct SamePerson: Hashable, Sendable {
        public var first: RegistryRecord.ID
        public var second: RegistryRecord.ID
        public var probability: Double

        public init(first: RegistryRecord.ID, second: RegistryRecord.ID, probability: Double) {
            self.first = first
            self.second = second
            self.probability = probability
        }
    }

    public init(
        agreement: Agreement, agreedOn: PartialDate, list: ExchangeList, entries: [RegistryRecord],
        otherEntries: [RegistryRecord] = [], samePerson: [SamePerson] = [], unmatched: Set<RegistryRecord.ID>? = nil
    ) {
        self.agreement = agreement
        self.agreedOn = agreedOn
        self.list = list
        self.entries = entries
        self.otherEntries = otherEntries
        self.samePerson = samePerson
        self.unmatched = unmatched
    }
}

/// The checks of a list against its agreement and the law: each rule is here once, for the
/// list check, the suggestion and a substitution at the handover alike.
public enum ListChecks {
    /// Every finding on the list, the list as a whole first, then entry by entry in list order.
    public static func check(_ list: ListUnderCheck) -> [ListFinding] {
        var findings = parity(list)
        let positions = Dictionary(list.entries.enumerated().map { offset, record in (record.id, offset + 1) }) { first, _ in
            first
        }
        let others = Dictionary(list.otherEntries.map { record in (record.id, record) }) { first, _ in first }
        for (offset, record) in list.entries.enumerated() {
            findings += entryFindings(record, under: list.agreement, agreedOn: list.agreedOn, list: list.list)
            let id = record.id
            if let unmatched = list.unmatched, unmatched.contains(id) {
                findings.append(
                    ListFinding(
                        .warning, .unmatched, record: id, reference: record.reference,
                        reason: "no record sought by \(list.list.receiving.rawValue) matches this person"))
            }
            for pair in list.samePerson where pair.first == id || pair.second == id {
                let otherID = pair.first == id ? pair.second : pair.first
                let percent = Int((pair.probability * 100).rounded())
                if let position = positions[otherID], position > offset + 1 {
                    let other = list.entries[position - 1]
                    findings.append(
                        ListFinding(
                            .error, .duplicate, record: id, reference: record.reference,
                            reason: "may be the same person as entry \(position) (\(other.reference)), \(percent)% by matching"))
                } else if let other = others[otherID] {
                    findings.append(
                        ListFinding(
                            .error, .duplicate, record: id, reference: record.reference,
                            reason:
                                "may be the same person as \(other.reference) on the list released by \(other.party.rawValue), \(percent)% by matching"
                        ))
                }
            }
        }
        return findings
    }

    /// Whether the number on the list agrees with the quantity and its basis.
    public static func parity(_ list: ListUnderCheck) -> [ListFinding] {
        let releasing = list.list.releasing.rawValue
        switch list.agreement.quota(for: list.list.releasing) {
        case .allEligible:
            return []
        case .blocked(let reason):
            return [ListFinding(.error, .parity, reason: "parity cannot be checked: \(reason)")]
        case .count(let expected):
            guard list.entries.count != expected else { return [] }
            var terms = list.agreement.quantity?.readings.map(\.sentence).joined() ?? ""
            if let unequal = list.agreement.unequalCounts {
                terms = "unequal counts \(unequal.wording): \(unequal.justification)"
            }
            return [
                ListFinding(
                    .error, .parity,
                    reason:
                        "the list has \(list.entries.count); the terms (\(terms)) call for \(expected) released by \(releasing)")
            ]
        }
    }

    /// The rules that apply to one person whatever else is on the list: held by the releasing party,
    /// still in its hands and alive, of the kind of person exchanged, eligible, not refusing.
    public static func entryFindings(
        _ record: RegistryRecord, under agreement: Agreement, agreedOn: PartialDate, list: ExchangeList
    ) -> [ListFinding] {
        func finding(_ severity: ListFinding.Severity, _ rule: ListFinding.Rule, _ reason: String) -> ListFinding {
            ListFinding(severity, rule, record: record.id, reference: record.reference, reason: reason)
        }
        guard record.party == list.releasing, case .held(let status) = record.status else {
            return [finding(.error, .notHeld, "not a person held by \(list.releasing.rawValue)")]
        }
        var findings: [ListFinding] = []
        switch status {
        case .registered, .listed: break
        case .handedOver, .repatriated:
            findings.append(finding(.error, .alreadyReleased, "already exchanged (\(status.rawValue))"))
        case .released: findings.append(finding(.error, .alreadyReleased, "already released"))
        case .transferred: findings.append(finding(.error, .notHeld, "transferred to another Power (Art. 12)"))
        case .escaped: findings.append(finding(.error, .notHeld, "escaped; not in the hands of \(list.releasing.rawValue)"))
        case .deceased:
            if agreement.subject != .remains { findings.append(finding(.error, .deceased, "recorded as deceased")) }
        case .refusedRepatriation:
            findings.append(
                finding(.error, .refused, "refused repatriation; nobody is repatriated against their will (Art. 109)"))
        }
        if agreement.subject == .remains && status != .deceased {
            findings.append(
                finding(.error, .deceased, "a list of remains holds only the deceased; recorded as \(status.rawValue)"))
        }
        switch (agreement.subject, record.person.category) {
        case (.prisonersOfWar, .civilian):
            findings.append(finding(.error, .category, "a civilian on a list of prisoners of war"))
        case (.civilians, .military):
            findings.append(finding(.error, .category, "military on a list of civilians"))
        default: break
        }
        switch agreement.eligibility(of: record.person, on: agreedOn) {
        case .eligible: break
        case .uncertain(let why): findings.append(finding(.warning, .eligibility, why))
        case .ineligible(let why): findings.append(finding(.error, .eligibility, "not eligible: \(why)"))
        }
        return findings
    }
}
