import Foundation
import GRDB
import ParleyCore
import ParleyLedger

extension AppDatabase {
    /// Records what happened to one person of an approved list at the handover, and moves the
    /// held record (and a substitute's) along: transferred persons are repatriated, withheld and
    /// replaced ones go back to the registry, refusals and deaths are recorded as such. The
    /// sought records linked to a person who was transferred are `returned`.
    ///
    /// A substitute must pass the same checks as anyone on the list and be on no other list.
    public func recordOutcome(
        list id: ExchangeList.ID, reference: String, outcome kind: HandoverOutcome.Kind, substitute: String? = nil,
        on date: PartialDate, as principal: Principal
    ) throws -> HandoverOutcome {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let state = try Self.handoverState(id, as: principal, in: db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            return try Self.recordOutcome(
                in: state, reference: reference, kind: kind, substitute: substitute, on: date, journal: &journal, db: db)
        }
    }

    /// Records everyone on the approved list without an outcome yet as transferred, in one transaction.
    public func recordRemainingTransferred(
        list id: ExchangeList.ID, on date: PartialDate, as principal: Principal
    ) throws -> Int {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let state = try Self.handoverState(id, as: principal, in: db)
            let done = Set(try Self.outcomes(of: state.latest.id, in: db).map(\.record))
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            var count = 0
            for record in state.entries where !done.contains(record.id) {
                _ = try Self.recordOutcome(
                    in: state, reference: record.reference, kind: .transferred, substitute: nil, on: date, journal: &journal,
                    db: db)
                count += 1
            }
            return count
        }
    }

    /// The list, if the principal may record its handover and it is approved.
    private static func handoverState(_ id: ExchangeList.ID, as principal: Principal, in db: Database) throws -> ListState {
        let state = try listState(id, in: db)
        try AccessPolicy.check(principal, .recordHandover, in: state.list.scope(for: principal))
        try Self.requireOpen(state.list.agreement, in: db)
        guard state.isApproved else {
            throw ListRefusal.notApproved(missing: state.latest.isFrozen ? state.missingSigners : state.requiredSigners)
        }
        return state
    }

    private static func recordOutcome(
        in state: ListState, reference: String, kind: HandoverOutcome.Kind, substitute: String?, on date: PartialDate,
        journal: inout JournalWriter, db: Database
    ) throws -> HandoverOutcome {
        let versionID = state.latest.id
        let record = try heldRecord(of: state.list.releasing, reference: reference, in: db)
        let recordID = record.id
        guard state.latest.entries.contains(recordID) else {
            throw ListRefusal.notOnList(reference: reference)
        }
        if let recorded = try String.fetchOne(
            db, sql: "SELECT outcome FROM handover_outcome WHERE version = ? AND record = ?",
            arguments: [versionID.rawValue, recordID.rawValue])
        {
            throw InvalidOutcome.alreadyRecorded(reference: reference, HandoverOutcome.Kind(rawValue: recorded) ?? kind)
        }
        var substituteID: RegistryRecord.ID?
        if let substitute {
            let replacement = try heldRecord(of: state.list.releasing, reference: substitute, in: db)
            let problems = ListChecks.entryFindings(
                replacement, under: state.agreement.value, agreedOn: state.agreedOn, list: state.list
            ).filter { $0.severity == .error }.map(\.reason)
            // A record on any list is `listed`, so a `registered` one is free.
            guard problems.isEmpty, replacement.status == .held(.registered) else {
                throw InvalidOutcome.substituteFails(
                    reference: substitute,
                    reasons: problems.isEmpty ? ["not free to be listed (\(replacement.status.name))"] : problems)
            }
            substituteID = replacement.id
        }
        try db.execute(
            sql: "INSERT INTO handover_outcome (version, record, outcome, substitute, date) VALUES (?, ?, ?, ?, ?)",
            arguments: [versionID.rawValue, recordID.rawValue, kind.rawValue, substituteID?.rawValue, date.description])
        let outcome = try HandoverOutcome(
            id: HandoverOutcome.ID(db.lastInsertedRowID), version: versionID, record: recordID, kind: kind,
            substitute: substituteID, date: date)
        try journal.append(.handoverOutcome, outcome)
        try moveHeld(recordID, to: kind.statusPath, journal: &journal, in: db)
        if kind == .transferred { try returnLinkedSought(recordID, journal: &journal, in: db) }
        if let substituteID {
            try moveHeld(substituteID, to: HandoverOutcome.substituteStatusPath, journal: &journal, in: db)
            try returnLinkedSought(substituteID, journal: &journal, in: db)
        }
        return outcome
    }

    /// The outcomes recorded so far for the latest version of a list, in the order they were recorded.
    public func handoverOutcomes(list id: ExchangeList.ID, as principal: Principal) throws -> [HandoverOutcome] {
        try writer.read { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            return try Self.outcomes(of: state.latest.id, in: db)
        }
    }

    /// Closes the handover of an agreement: records the exchange with the figures of the persons
    /// delivered each way, so that later timelines count from it.
    ///
    /// Every direction of the round must have an approved list with an outcome for everyone on it.
    /// A direction that will not take place is closed only by an explicit partial close, whose
    /// reason is journaled with the exchange and reported by the statement.
    /// - Parameter partialReason: why the handover is closed with a direction open; `nil` to close it in full.
    public func closeHandover(
        agreement id: Agreement.ID, on date: PartialDate, partialReason: String? = nil, as principal: Principal
    ) throws -> Saved<Exchange> {
        try AccessPolicy.check(principal, .recordHandover, in: .common)
        let reason = partialReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.isEmpty { throw InvalidOutcome.partialWithoutReason }
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard let agreement = try Self.agreement(id, in: db) else { throw StoreError.unknownAgreement(id) }
            guard let round = try Self.round(agreement.round, in: db) else { throw StoreError.unknownRound(agreement.round) }
            try Self.requireOpen(id, in: db)
            let lists = try Self.allLists(db).filter { $0.agreement == id }
            var deliveries: [Exchange.Delivery] = []
            var open: [Exchange.OpenDirection] = []
            for releasing in round.parties {
                let receiving = round.parties.first { $0 != releasing } ?? releasing
                func lacking(_ what: String) {
                    open.append(Exchange.OpenDirection(releasing: releasing, receiving: receiving, lacking: what))
                }
                guard let listID = lists.first(where: { $0.releasing == releasing })?.id else {
                    lacking("no list")
                    continue
                }
                let state = try Self.listState(listID, in: db)
                guard state.isApproved else {
                    let missing = state.latest.isFrozen ? state.missingSigners : state.requiredSigners
                    lacking("not approved; no signature yet from \(missing.map(\.description).joined(separator: ", "))")
                    continue
                }
                let counts = try Self.deliveredByCategory(state, in: db)
                if counts.pending > 0 {
                    lacking("\(counts.pending) person\(counts.pending == 1 ? "" : "s") without an outcome")
                }
                for category in PersonCategory.allCases {
                    if let count = counts.delivered[category], count > 0 {
                        deliveries.append(Exchange.Delivery(from: releasing, to: receiving, category: category, count: count))
                    }
                }
            }
            let partialClose: Exchange.PartialClose?
            switch (open.isEmpty, reason) {
            case (true, nil): partialClose = nil
            case (true, .some): throw InvalidOutcome.nothingOpen
            case (false, nil): throw InvalidOutcome.directionsOpen(open)
            case (false, .some(let reason)): partialClose = Exchange.PartialClose(open: open, reason: reason)
            }
            guard !deliveries.isEmpty else { throw InvalidOutcome.nobodyDelivered }
            let exchange = try Exchange(date: date, agreement: id, deliveries: deliveries, partialClose: partialClose)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            if partialClose != nil {
                // The persons of an open direction with no outcome will not be handed over under this agreement:
                // they go back to the registry, free to be listed again.
                for list in lists {
                    let state = try Self.listState(list.id, in: db)
                    let done = Set(try Self.outcomes(of: state.latest.id, in: db).map(\.record))
                    for record in state.latest.entries where !done.contains(record) {
                        guard try !Self.isOnAnotherList(record, besides: state.list, in: db) else { continue }
                        try Self.moveHeld(record, to: [.registered], ifIn: [.listed], journal: &journal, in: db)
                    }
                }
            }
            return try Self.insertExchange(exchange, journal: &journal, in: db)
        }
    }

    /// Delivered persons of an approved list by category (the substitute's category for a
    /// substitution), and how many entries have no outcome yet.
    static func deliveredByCategory(
        _ state: ListState, in db: Database
    ) throws -> (delivered: [PersonCategory: Int], pending: Int) {
        let outcomes = try self.outcomes(of: state.latest.id, in: db)
        var delivered: [PersonCategory: Int] = [:]
        for outcome in outcomes where outcome.kind.delivers {
            let person = outcome.substitute ?? outcome.record
            guard let record = try RegistryRecord.fetch(person, in: db) else { throw StoreError.unknownRecord(person) }
            delivered[record.person.category, default: 0] += 1
        }
        return (delivered, state.entries.count - outcomes.count)
    }

    static func outcomes(of version: ListVersion.ID? = nil, in db: Database) throws -> [HandoverOutcome] {
        let filter = version == nil ? "" : "WHERE version = ?"
        return try Row.fetchAll(
            db, sql: "SELECT id, version, record, outcome, substitute, date FROM handover_outcome \(filter) ORDER BY id",
            arguments: StatementArguments(version.map { [$0.rawValue] } ?? [])
        ).map { row in
            let name: String = row["outcome"]
            guard let kind = HandoverOutcome.Kind(rawValue: name) else {
                throw StoredValueError(table: "handover_outcome", column: "outcome", value: name)
            }
            return try HandoverOutcome(
                id: HandoverOutcome.ID(rawValue: row["id"]), version: ListVersion.ID(rawValue: row["version"]),
                record: RegistryRecord.ID(rawValue: row["record"]), kind: kind,
                substitute: (row["substitute"] as Int64?).map(RegistryRecord.ID.init(rawValue:)),
                date: PartialDate(parsing: row["date"] as String))
        }
    }

    /// Agreed, listed, signed and delivered, per side, for one agreement, with the time since the
    /// exchange before it: figures only, which any role that reads figures may see.
    public func reconcile(agreement id: Agreement.ID, as principal: Principal) throws -> Reconciliation {
        try AccessPolicy.check(principal, .readCounts, in: .common)
        return try writer.read { db in
            guard let agreement = try Self.agreement(id, in: db) else { throw StoreError.unknownAgreement(id) }
            guard let round = try Self.round(agreement.round, in: db) else { throw StoreError.unknownRound(agreement.round) }
            let lists = try Self.allLists(db).filter { $0.agreement == id }
            var sides: [SideFigures] = []
            var outcomesOn: PartialDate?
            for releasing in round.parties {
                let receiving = round.parties.first { $0 != releasing } ?? releasing
                guard let list = lists.first(where: { $0.releasing == releasing }) else {
                    sides.append(
                        SideFigures(
                            releasing: releasing, receiving: receiving, quota: agreement.value.quota(for: releasing), listed: 0,
                            latestVersion: nil, signedVersion: nil, signed: 0, missingSigners: [], outcomes: [:]))
                    continue
                }
                let state = try Self.listState(list.id, in: db)
                let outcomes = state.isApproved ? try Self.outcomes(of: state.latest.id, in: db) : []
                outcomesOn = ([outcomesOn].compactMap { $0 } + outcomes.map(\.date)).max()
                sides.append(
                    SideFigures(
                        releasing: releasing, receiving: receiving, quota: state.quota, listed: state.entries.count,
                        latestVersion: state.latest.number, signedVersion: state.isApproved ? state.latest.number : nil,
                        signed: state.isApproved ? state.entries.count : 0,
                        missingSigners: state.latest.isFrozen ? state.missingSigners : state.requiredSigners,
                        outcomes: Dictionary(grouping: outcomes, by: \.kind).mapValues(\.count)))
            }
            return Reconciliation(
                agreement: agreement, round: round.value, sides: sides, outcomesOn: outcomesOn,
                exchanges: try Self.allExchanges(db))
        }
    }

    /// The public statement for an agreement: figures, places and dates, never a name.
    public func statement(agreement id: Agreement.ID, as principal: Principal) throws -> String {
        let reconciliation = try reconcile(agreement: id, as: principal)
        let names = try writer.read { db in try Self.allParties(db) }.reduce(into: [Party.Code: String]()) { names, party in
            names[party.code] = party.name
        }
        return reconciliation.statement(names: names)
    }
}
