import Tagged

/// Fills a list's quota by priority and says why each person was picked.
///
/// The order: the seriously wounded or sick first (Art. 109: repatriated regardless of number or
/// rank), then the other categories of the terms in the order the terms give them, then those held
/// longest. Only persons who pass every rule of ``ListChecks/entryFindings(_:under:agreedOn:list:)``
/// without an error or a doubt are suggested.
public enum ListSuggestion {
    /// One person suggested for the list.
    public struct Pick: Hashable, Sendable {
        public let record: RegistryRecord
        /// Why, in order of priority, such as "seriously wounded (Art. 109, 110)", "held since 2022-03 (47 months)".
        public let reasons: [String]
    }

    /// Up to `quota` minus the entries already on the list (everyone eligible for "all for all"),
    /// from `candidates`, best first.
    public static func suggest(for list: ListUnderCheck, candidates: [RegistryRecord]) -> [Pick] {
        let room: Int
        switch list.agreement.quota(for: list.list.releasing) {
        case .blocked: return []
        case .allEligible: room = .max
        case .count(let quota): room = max(0, quota - list.entries.count)
        }
        return Array(ranked(for: list, candidates: candidates).prefix(room))
    }

    /// Every candidate who could join the list, best first, whatever the quota: the choice of a
    /// substitute at the handover.
    public static func ranked(for list: ListUnderCheck, candidates: [RegistryRecord]) -> [Pick] {
        let onList = Set(list.entries.map(\.id)).union(list.otherEntries.map(\.id))
        let ranked = candidates.compactMap { record -> (rank: [Int], pick: Pick)? in
            guard !onList.contains(record.id), record.status == .held(.registered),
                ListChecks.entryFindings(record, under: list.agreement, agreedOn: list.agreedOn, list: list.list).isEmpty
            else { return nil }
            return rank(record, under: list.agreement, agreedOn: list.agreedOn)
        }
        return ranked.sorted { left, right in
            left.rank != right.rank
                ? left.rank.lexicographicallyPrecedes(right.rank) : left.pick.record.reference < right.pick.record.reference
        }
        .map(\.pick)
    }

    /// The sort key (smaller first) and reasons for one eligible person.
    private static func rank(_ record: RegistryRecord, under agreement: Agreement, agreedOn: PartialDate) -> ([Int], Pick) {
        var reasons: [String] = []
        let person = record.person
        let serious = person.health?.isSerious == true
        if serious, case .eligible(let why) = EligibilityCategory.seriouslyWoundedOrSick.admits(person, on: agreedOn) {
            reasons += why
        }
        // The first category of the terms (after health) that admits the person.
        var categoryRank = agreement.categories.count
        for (index, category) in agreement.categories.enumerated() where category != .seriouslyWoundedOrSick {
            if case .eligible(let why) = category.admits(person, on: agreedOn), !why.isEmpty {
                if categoryRank == agreement.categories.count { categoryRank = index }
                reasons += why
            }
        }
        // Days held; unknown capture dates go last.
        var heldDays = -1
        if let captured = person.capturedOn, let since = Interval(from: captured.earliestDay, to: agreedOn) {
            heldDays = since.totalDays
            reasons.append("held since \(captured) (\(since.months) months)")
        } else {
            reasons.append("date of capture not recorded")
        }
        return ([serious ? 0 : 1, categoryRank, -heldDays], Pick(record: record, reasons: reasons))
    }
}

extension PartialDate {
    /// The first day this date can stand for: the date itself when full.
    public var earliestDay: PartialDate {
        (try? PartialDate(year: year, month: month ?? 1, day: day ?? 1)) ?? self
    }
}
