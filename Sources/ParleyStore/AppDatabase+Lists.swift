import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleyLinkage

/// A list as someone reads it: its terms, its versions, the latest version's entries and approvals.
public struct ListState: Sendable, Hashable {
    public let list: ExchangeList
    public let agreement: Saved<Agreement>
    public let round: Saved<Round>
    /// Every version, first to latest.
    public let versions: [ListVersion]
    /// The records on the latest version, in list order.
    public let entries: [RegistryRecord]
    /// The approvals of the latest version (none while it is a draft).
    public let approvals: [Approval]

    /// The version being edited or signed: the latest.
    public var latest: ListVersion {
        guard let latest = versions.last else { preconditionFailure("a list always has a first version") }
        return latest
    }

    /// An official of each party and every mediator of the round.
    public var requiredSigners: [Principal] { list.requiredSigners(mediators: round.mediators) }

    /// Required signers with no approval of the latest version yet.
    public var missingSigners: [Principal] {
        let signed = Set(approvals.map(\.signer))
        return requiredSigners.filter { !signed.contains($0) }
    }

    /// Frozen and signed by everyone required.
    public var isApproved: Bool { latest.isFrozen && missingSigners.isEmpty }

    /// `draft`, `frozen` (awaiting signatures) or `approved`.
    public var phase: String { isApproved ? "approved" : latest.isFrozen ? "frozen" : "draft" }

    /// The day the agreement was reached, on which ages are counted: the round's last day.
    public var agreedOn: PartialDate { round.endsOn }

    /// The quota of the releasing party under the terms.
    public var quota: Quota { agreement.value.quota(for: list.releasing) }
}

/// The findings of the checks on the latest version of a list: run now on a draft; on a frozen
/// version, those it was frozen with, since what happens to its persons afterwards (their handover
/// among it) is the list's outcome, not an error in it.
public struct ListCheckReport: Sendable, Hashable {
    public let state: ListState
    public let findings: [ListFinding]
    /// The freezing the findings date from, for a frozen version; `nil` when they were found now, on a draft.
    public let frozen: ListVersion.Freezing?
    /// The handover outcomes recorded so far for the version, in the order they were recorded.
    public let outcomes: [HandoverOutcome]

    public init(state: ListState, findings: [ListFinding], frozen: ListVersion.Freezing? = nil, outcomes: [HandoverOutcome] = [])
    {
        self.state = state
        self.findings = findings
        self.frozen = frozen
        self.outcomes = outcomes
    }

    public var errors: [ListFinding] { findings.filter { $0.severity == .error } }
    public var warnings: [ListFinding] { findings.filter { $0.severity == .warning } }
}

extension AppDatabase {
    // MARK: - Drafting

    /// Starts the list of persons `releasing` is to release under an agreement, to the other party of its round.
    public func draftList(agreement id: Agreement.ID, releasing: Party.Code, as principal: Principal) throws -> ListState {
        try AccessPolicy.check(principal, .editLists, in: .party(releasing))
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard let agreement = try Self.agreement(id, in: db) else { throw StoreError.unknownAgreement(id) }
            guard let round = try Self.round(agreement.round, in: db) else { throw StoreError.unknownRound(agreement.round) }
            try Self.requireOpen(id, in: db)
            guard round.parties.contains(releasing), let receiving = round.parties.first(where: { $0 != releasing }) else {
                throw StoreError.notInRound(releasing, round.id)
            }
            let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM exchange_list WHERE agreement = ? AND releasing = ?",
                arguments: [id.rawValue, releasing.rawValue])
            guard existing == nil else { throw StoreError.listExists(id, releasing: releasing) }
            try db.execute(
                sql: "INSERT INTO exchange_list (agreement, releasing, receiving) VALUES (?, ?, ?)",
                arguments: [id.rawValue, releasing.rawValue, receiving.rawValue])
            let list = ExchangeList(
                id: ExchangeList.ID(db.lastInsertedRowID), agreement: id, releasing: releasing, receiving: receiving)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.listDraft, list)
            _ = try Self.insertVersion(of: list, number: 1, entries: [], journal: &journal, in: db)
            return try Self.listState(list.id, in: db)
        }
    }

    /// Adds held records of the releasing party, by their references, to the end of the list.
    ///
    /// On a frozen version this makes a new draft version, which carries no signatures.
    public func addToList(_ id: ExchangeList.ID, references: [String], as principal: Principal) throws -> ListState {
        try editDraft(id, as: principal) { state, entries, db in
            for reference in references {
                let record = try Self.heldRecord(of: state.list.releasing, reference: reference, in: db)
                let recordID = record.id
                guard !entries.contains(recordID) else {
                    throw ListRefusal.alreadyOnList(reference: reference)
                }
                entries.append(recordID)
            }
        }
    }

    /// Takes records, by their references, off the list.
    public func removeFromList(_ id: ExchangeList.ID, references: [String], as principal: Principal) throws -> ListState {
        try editDraft(id, as: principal) { state, entries, db in
            for reference in references {
                let record = try Self.heldRecord(of: state.list.releasing, reference: reference, in: db)
                guard let index = entries.firstIndex(where: { $0 == record.id }) else {
                    throw ListRefusal.notOnList(reference: reference)
                }
                entries.remove(at: index)
            }
        }
    }

    /// Changes the entries of the list's draft, making one from a frozen version first, and moves
    /// the records that join or leave the list between `registered` and `listed`.
    private func editDraft(
        _ id: ExchangeList.ID, as principal: Principal,
        _ change: (ListState, inout [RegistryRecord.ID], Database) throws -> Void
    ) throws -> ListState {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .editLists, in: .party(state.list.releasing))
            if let final = try Self.finality(of: state, in: db) { throw final }
            var entries = state.latest.entries
            try change(state, &entries, db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try Self.replaceDraft(of: state, with: entries, journal: &journal, in: db)
            return try Self.listState(id, in: db)
        }
    }

    /// Writes `entries` as the list's draft: into the latest version if it is a draft, else into a
    /// new version; moves records joining or leaving the list, and journals it all.
    static func replaceDraft(
        of state: ListState, with entries: [RegistryRecord.ID], journal: inout JournalWriter, in db: Database
    ) throws {
        var version = state.latest
        if version.isFrozen {
            version = try insertVersion(of: state.list, number: version.number + 1, entries: [], journal: &journal, in: db)
        }
        let versionID = version.id.rawValue
        try db.execute(sql: "DELETE FROM list_entry WHERE version = ?", arguments: [versionID])
        for (offset, record) in entries.enumerated() {
            try db.execute(
                sql: "INSERT INTO list_entry (version, position, record) VALUES (?, ?, ?)",
                arguments: [versionID, offset + 1, record.rawValue])
        }
        version.entries = entries
        try journal.append(.listEdit, StoredListVersion(version: version, documentDigest: nil))
        let before = Set(state.latest.entries)
        let after = Set(entries)
        for joining in entries where !before.contains(joining) {
            try moveHeld(joining, to: [.listed], ifIn: [.registered], journal: &journal, in: db)
        }
        for leaving in state.latest.entries where !after.contains(leaving) {
            guard try !isOnAnotherList(leaving, besides: state.list, in: db) else { continue }
            try moveHeld(leaving, to: [.registered], ifIn: [.listed], journal: &journal, in: db)
        }
    }

    /// Takes a record off the latest version of every list it is on, in the caller's transaction.
    ///
    /// A list being handed over stays as it was signed: a person on it whose outcome is not yet
    /// recorded is refused here, since what happens to them is an outcome of the handover.
    static func takeOffLists(_ record: RegistryRecord.ID, journal: inout JournalWriter, in db: Database) throws {
        for list in try allLists(db) {
            let state = try listState(list.id, in: db)
            guard state.latest.entries.contains(record) else { continue }
            if let final = try finality(of: state, in: db) {
                let recorded = try outcomes(of: state.latest.id, in: db).contains { $0.record == record }
                if recorded { continue }
                throw final
            }
            try replaceDraft(of: state, with: state.latest.entries.filter { $0 != record }, journal: &journal, in: db)
        }
    }

    static func insertVersion(
        of list: ExchangeList, number: Int, entries: [RegistryRecord.ID], journal: inout JournalWriter, in db: Database
    ) throws -> ListVersion {
        try db.execute(sql: "INSERT INTO list_version (list, number) VALUES (?, ?)", arguments: [list.id.rawValue, number])
        let version = ListVersion(
            id: ListVersion.ID(db.lastInsertedRowID), list: list.id, number: number, entries: entries)
        try journal.append(.listVersion, StoredListVersion(version: version, documentDigest: nil))
        return version
    }

    /// Why a list can no longer change, if it cannot: its agreement's handover is closed, or outcomes
    /// are recorded for its latest version, whose persons are then handed over as it was signed.
    static func finality(of state: ListState, in db: Database) throws -> (any Error)? {
        if let closed = try closingExchange(of: state.list.agreement, in: db) {
            return InvalidOutcome.alreadyClosed(agreement: state.list.agreement.rawValue, on: closed.date)
        }
        let recorded =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM handover_outcome WHERE version = ?", arguments: [state.latest.id.rawValue]) ?? 0
        if recorded > 0 { return ListRefusal.handingOver(list: state.list.id.rawValue, version: state.latest.number) }
        return nil
    }

    /// Whether the record is on the latest version of a list other than `list`.
    static func isOnAnotherList(_ record: RegistryRecord.ID, besides list: ExchangeList, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM list_entry e JOIN list_version v ON v.id = e.version
                WHERE e.record = ? AND v.list <> ? AND v.number = (SELECT max(number) FROM list_version WHERE list = v.list))
                """,
            arguments: [record.rawValue, list.id.rawValue]) ?? false
    }

    /// Moves a held record along `path` when its status is one of `from`; journals each change.
    static func moveHeld(
        _ id: RegistryRecord.ID, to path: [HeldStatus], ifIn from: Set<HeldStatus>? = nil, journal: inout JournalWriter,
        in db: Database
    ) throws {
        guard var record = try RegistryRecord.fetch(id, in: db) else { throw StoreError.unknownRecord(id) }
        if let from, case .held(let status) = record.status, !from.contains(status) { return }
        let previous = record.status
        for next in path { record.status = try record.status.moving(to: .held(next)) }
        try db.execute(sql: "UPDATE record SET status = ? WHERE id = ?", arguments: [record.status.name, id.rawValue])
        try journal.append(
            .recordStatus, record, detail: ["from": .string(previous.name), "to": .string(record.status.name)])
    }

    /// The held record a party keeps under `reference`.
    static func heldRecord(of party: Party.Code, reference: String, in db: Database) throws -> RegistryRecord {
        guard
            let record = try RegistryRecord.fetchOne(
                db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE party = ? AND kind = 'held' AND reference = ?",
                arguments: [party.rawValue, reference])
        else { throw StoreError.unknownReference(party: party, kind: .held, reference: reference) }
        return record
    }

    // MARK: - Reading

    /// A list with its terms, versions, entries and approvals.
    public func list(_ id: ExchangeList.ID, as principal: Principal) throws -> ListState {
        try writer.read { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            return state
        }
    }

    /// Every list the principal may read, by agreement and direction; refused to a role that may read none.
    public func lists(as principal: Principal) throws -> [ListState] {
        try writer.read { db in
            guard try Self.allParties(db).contains(where: { AccessPolicy.permits(principal, .readLists, in: .shared($0.code)) })
            else { throw AccessDenied(principal: principal, action: .readLists, scope: .common) }
            return try Int64.fetchAll(db, sql: "SELECT id FROM exchange_list ORDER BY agreement, id").map {
                try Self.listState(ExchangeList.ID($0), in: db)
            }
            .filter { AccessPolicy.permits(principal, .readLists, in: $0.list.scope(for: principal)) }
        }
    }

    /// A list belongs to the releasing party and is shared with the other by its nature.
    static func listState(_ id: ExchangeList.ID, in db: Database) throws -> ListState {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT agreement, releasing, receiving FROM exchange_list WHERE id = ?", arguments: [id.rawValue])
        else { throw StoreError.unknownList(id) }
        let list = ExchangeList(
            id: id, agreement: Agreement.ID(rawValue: row["agreement"]),
            releasing: Party.Code(rawValue: row["releasing"] as String),
            receiving: Party.Code(rawValue: row["receiving"] as String))
        guard let agreement = try agreement(list.agreement, in: db) else { throw StoreError.unknownAgreement(list.agreement) }
        guard let round = try round(agreement.round, in: db) else { throw StoreError.unknownRound(agreement.round) }
        let versions = try self.versions(of: id, in: db).map(\.version)
        guard let latest = versions.last else { throw StoredValueError(table: "list_version", column: "list", value: "\(id)") }
        let entries = try RegistryRecord.fetchAll(
            db,
            sql:
                "SELECT \(RegistryRecord.selection) FROM list_entry JOIN record ON record.id = list_entry.record WHERE version = ? ORDER BY position",
            arguments: [latest.id.rawValue])
        let approvals = try self.approvals(of: latest.id, in: db)
        return ListState(
            list: list, agreement: agreement, round: round, versions: versions, entries: entries, approvals: approvals)
    }

    /// The versions of one list, or of every list, as stored, with the digest of each frozen document's text.
    static func versions(of list: ExchangeList.ID? = nil, in db: Database) throws -> [StoredListVersion] {
        let filter = list == nil ? "" : "WHERE v.list = ?"
        var entries: [Int64: [RegistryRecord.ID]] = [:]
        let entryRows = try Row.fetchCursor(
            db,
            sql:
                "SELECT e.version, e.record FROM list_entry e JOIN list_version v ON v.id = e.version \(filter) ORDER BY e.version, e.position",
            arguments: StatementArguments(list.map { [$0.rawValue] } ?? []))
        while let row = try entryRows.next() {
            entries[row["version"], default: []].append(RegistryRecord.ID(rawValue: row["record"]))
        }
        return try Row.fetchAll(
            db,
            sql:
                "SELECT v.id, v.list, v.number, v.frozen_at, v.digest, v.document, v.findings FROM list_version v \(filter) ORDER BY v.list, v.number",
            arguments: StatementArguments(list.map { [$0.rawValue] } ?? [])
        ).map { row in
            let id: Int64 = row["id"]
            let document: String? = row["document"]
            let findings: String? = row["findings"]
            let freezing = try (row["frozen_at"] as String?).map { at in
                ListVersion.Freezing(
                    digest: row["digest"] ?? "", at: at,
                    findings: try findings.map {
                        try StoredJSON.value([ListFinding].self, from: $0, table: "list_version", column: "findings")
                    })
            }
            return StoredListVersion(
                version: ListVersion(
                    id: ListVersion.ID(id), list: ExchangeList.ID(rawValue: row["list"]), number: row["number"],
                    entries: entries[id] ?? [],
                    freezing: freezing),
                documentDigest: document.map { Digest.sha256(Array($0.utf8)) },
                findingsDigest: findings.map { Digest.sha256(Array($0.utf8)) })
        }
    }

    static func approvals(of version: ListVersion.ID? = nil, in db: Database) throws -> [Approval] {
        let filter = version == nil ? "" : "WHERE version = ?"
        return try Row.fetchAll(
            db, sql: "SELECT id, version, signer, public_key, signature, at FROM approval \(filter) ORDER BY id",
            arguments: StatementArguments(version.map { [$0.rawValue] } ?? [])
        ).map { row in
            Approval(
                id: Approval.ID(rawValue: row["id"]), version: ListVersion.ID(rawValue: row["version"]),
                signer: try Principal(parsing: row["signer"] as String), publicKey: row["public_key"],
                signature: row["signature"], at: row["at"])
        }
    }

    static func allLists(_ db: Database) throws -> [ExchangeList] {
        try Row.fetchAll(db, sql: "SELECT id, agreement, releasing, receiving FROM exchange_list ORDER BY id").map { row in
            ExchangeList(
                id: ExchangeList.ID(rawValue: row["id"]), agreement: Agreement.ID(rawValue: row["agreement"]),
                releasing: Party.Code(rawValue: row["releasing"] as String),
                receiving: Party.Code(rawValue: row["receiving"] as String))
        }
    }

    // MARK: - Checking

    /// Runs every check of the terms and the law on the latest version of the list while it is a
    /// draft; a frozen version answers with the findings it was frozen with, and its outcomes.
    ///
    /// Matching runs here: entries that may be one person (within the list or across the two
    /// directions), and entries no record sought by the receiving party matches.
    public func checkList(_ id: ExchangeList.ID, as principal: Principal) async throws -> ListCheckReport {
        let frozen = try await writer.read { db -> ListCheckReport? in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            guard let freezing = state.latest.freezing else { return nil }
            return ListCheckReport(
                state: state, findings: freezing.findings ?? [], frozen: freezing,
                outcomes: try Self.outcomes(of: state.latest.id, in: db))
        }
        if let frozen { return frozen }
        let (state, input) = try await underCheck(id, as: principal)
        return ListCheckReport(state: state, findings: ListChecks.check(input))
    }

    /// The list, the records of the other direction and the receiving party's open sought records, matched.
    private func underCheck(_ id: ExchangeList.ID, as principal: Principal) async throws -> (ListState, ListUnderCheck) {
        let (state, other, sought) = try await writer.read { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            let otherID = try Int64.fetchOne(
                db, sql: "SELECT id FROM exchange_list WHERE agreement = ? AND releasing = ?",
                arguments: [state.list.agreement.rawValue, state.list.receiving.rawValue])
            let other = try otherID.map { try Self.listState(ExchangeList.ID($0), in: db).entries } ?? []
            let sought = try RegistryRecord.fetchAll(
                db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE party = ? AND kind = 'sought' AND status = 'open'",
                arguments: [state.list.receiving.rawValue])
            return (state, other, sought)
        }
        let input = try await Self.matched(
            ListUnderCheck(
                agreement: state.agreement.value, agreedOn: state.agreedOn, list: state.list, entries: state.entries,
                otherEntries: other),
            sought: sought)
        return (state, input)
    }

    /// Matching for list checks: lists hold hundreds or thousands, so smaller samples estimate the model as well.
    static let listLinkage = LinkageConfiguration(threshold: 0.9, estimationSampleSize: 5_000, randomPairSampleSize: 10_000)

    /// Adds what matching says about the entries: possible duplicates, and entries nobody seeks.
    static func matched(_ list: ListUnderCheck, sought: [RegistryRecord]) async throws -> ListUnderCheck {
        var list = list
        let linker = try Linker(configuration: listLinkage)
        let everyone = list.entries + list.otherEntries
        if everyone.count > 1 {
            list.samePerson = await linker.deduplicate(everyone.map(LinkageRecord.init)).pairs.compactMap { pair in
                guard let first = Int64(pair.heldID), let second = Int64(pair.soughtID) else { return nil }
                return ListUnderCheck.SamePerson(
                    first: RegistryRecord.ID(first), second: RegistryRecord.ID(second), probability: pair.probability)
            }
        }
        if !sought.isEmpty && !list.entries.isEmpty {
            let pairs = await linker.link(held: list.entries.map(LinkageRecord.init), sought: sought.map(LinkageRecord.init))
                .pairs
            let matched = Set(pairs.compactMap { Int64($0.heldID) })
            list.unmatched = Set(list.entries.compactMap(\.id).filter { !matched.contains($0.rawValue) })
        }
        return list
    }

    /// Persons the releasing party could add to fill its quota, best first, each with its reasons.
    public func suggest(for id: ExchangeList.ID, as principal: Principal) async throws -> [ListSuggestion.Pick] {
        let (input, candidates) = try await candidates(for: id, as: principal)
        return ListSuggestion.suggest(for: input, candidates: candidates)
    }

    /// Adds everyone the suggestion names to the draft, as an official filling the list does.
    public func addSuggested(to id: ExchangeList.ID, as principal: Principal) async throws -> ListState {
        let picks = try await suggest(for: id, as: principal)
        guard !picks.isEmpty else {
            // Nothing to add, but the answer is still the same for someone who may not edit the list.
            let state = try list(id, as: principal)
            try AccessPolicy.check(principal, .editLists, in: .party(state.list.releasing))
            return state
        }
        return try addToList(id, references: picks.map(\.record.reference), as: principal)
    }

    /// Everyone who could join the list, whatever its quota, best first: the substitutes at a handover.
    public func substitutes(for id: ExchangeList.ID, as principal: Principal) async throws -> [ListSuggestion.Pick] {
        let (input, candidates) = try await candidates(for: id, as: principal)
        return ListSuggestion.ranked(for: input, candidates: candidates)
    }

    /// The list as the suggestion sees it, and the releasing party's held records not on any list.
    ///
    /// No matching runs: the suggestion picks by the rules each person meets alone; the check of the
    /// list after they join finds duplicates.
    private func candidates(
        for id: ExchangeList.ID, as principal: Principal
    ) async throws -> (ListUnderCheck, [RegistryRecord]) {
        try await writer.read { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            let candidates = try RegistryRecord.fetchAll(
                db,
                sql: "SELECT \(RegistryRecord.selection) FROM record WHERE party = ? AND kind = 'held' AND status = 'registered'",
                arguments: [state.list.releasing.rawValue])
            let input = ListUnderCheck(
                agreement: state.agreement.value, agreedOn: state.agreedOn, list: state.list, entries: state.entries)
            return (input, candidates)
        }
    }

    // MARK: - Freezing and approving

    /// Freezes the latest version: refused while the basis is unspecified or any check finds an error.
    ///
    /// The frozen version's document (RFC 8785 canonical JSON) is stored as written, and its SHA-256
    /// is the digest the signers approve.
    public func freezeList(_ id: ExchangeList.ID, as principal: Principal) async throws -> ListState {
        let report = try await checkList(id, as: principal)
        let state = report.state
        try AccessPolicy.check(principal, .editLists, in: .party(state.list.releasing))
        if case .blocked(let reason) = state.quota { throw ListRefusal.basisUnspecified(reason) }
        guard !state.latest.isFrozen else { throw ListRefusal.frozen(list: id.rawValue, version: state.latest.number) }
        guard !state.entries.isEmpty else { throw ListRefusal.empty }
        guard report.errors.isEmpty else { throw ListRefusal.hasErrors(count: report.errors.count) }
        let recordedAt = clock.timestamp()
        return try await writer.write { db in
            let current = try Self.listState(id, in: db)
            guard current.latest == state.latest, current.entries == state.entries else {
                throw ListRefusal.changedWhileChecking
            }
            try Self.requireOpen(current.list.agreement, in: db)
            var version = current.latest
            let document = ListDocument(
                agreement: current.agreement.id.rawValue, list: id.rawValue, version: version.number,
                releasing: current.list.releasing, receiving: current.list.receiving, subject: current.agreement.subject,
                signers: current.requiredSigners, frozenAt: recordedAt, entries: current.entries)
            let text = document.canonicalForm.serialized
            let findings = try StoredJSON.text(report.findings)
            version.freezing = ListVersion.Freezing(digest: document.digest.hex, at: recordedAt, findings: report.findings)
            try db.execute(
                sql: "UPDATE list_version SET frozen_at = ?, digest = ?, document = ?, findings = ? WHERE id = ?",
                arguments: [recordedAt, document.digest.hex, text, findings, version.id.rawValue])
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(
                .listFreeze,
                StoredListVersion(
                    version: version, documentDigest: Digest.sha256(Array(text.utf8)),
                    findingsDigest: Digest.sha256(Array(findings.utf8))))
            return try Self.listState(id, in: db)
        }
    }

    /// Records a signer's approval of the latest frozen version: a signature over its digest by a
    /// key registered for the signer, who must be one of the required signers.
    ///
    /// - Parameter digest: the digest the signer signed, so that a version frozen since is not approved by mistake.
    public func approveList(
        _ id: ExchangeList.ID, digest: String, publicKey: String, signature: String, as principal: Principal
    ) throws -> ListState {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .signLists, in: state.list.scope(for: principal))
            try Self.requireOpen(state.list.agreement, in: db)
            let versionID = state.latest.id
            guard let freezing = state.latest.freezing else {
                throw ListRefusal.notFrozen(list: id.rawValue, version: state.latest.number)
            }
            guard state.requiredSigners.contains(principal) else {
                throw ListRefusal.notRequiredSigner(principal, required: state.requiredSigners)
            }
            guard !state.approvals.contains(where: { $0.signer == principal }) else { throw ListRefusal.alreadySigned(principal) }
            guard digest == freezing.digest else { throw ListRefusal.staleDigest(signed: digest, current: freezing.digest) }
            guard try Self.registeredKeys(in: db).contains(where: { $0.signer == principal && $0.publicKey == publicKey }) else {
                throw ListRefusal.keyNotRegistered(principal, key: publicKey)
            }
            guard let key = try? VerifyingKey(base64: publicKey), let parsed = try? Signature(base64: signature),
                let signed = Digest(hex: digest), key.isValidSignature(parsed, for: signed)
            else { throw ListRefusal.invalidSignature(principal) }
            try db.execute(
                sql: "INSERT INTO approval (version, signer, public_key, signature, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [versionID.rawValue, principal.description, publicKey, signature, recordedAt])
            let approval = Approval(
                id: Approval.ID(db.lastInsertedRowID), version: versionID, signer: principal, publicKey: publicKey,
                signature: signature, at: recordedAt)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.listApprove, approval)
            return try Self.listState(id, in: db)
        }
    }

    /// Signs `expectedDigest`, the digest of the frozen version the signer was shown, with the signer's
    /// private key, and records the approval only if it is still the latest frozen version's digest when
    /// the approval is written, in the same transaction: a version frozen since is never signed unseen.
    /// The key is used here, in memory, and kept nowhere.
    public func signList(
        _ id: ExchangeList.ID, with keyFile: SigningKeyFile, expectedDigest: String, as principal: Principal
    ) throws -> ListState {
        guard keyFile.signer == principal else { throw ListRefusal.keyOfAnotherSigner(key: keyFile.signer, acting: principal) }
        guard let digest = Digest(hex: expectedDigest.lowercased()) else {
            let state = try list(id, as: principal)
            throw ListRefusal.staleDigest(signed: expectedDigest, current: state.latest.freezing?.digest ?? "")
        }
        let signature = try keyFile.key.sign(digest)
        return try approveList(
            id, digest: digest.hex, publicKey: keyFile.key.verifyingKey.base64, signature: signature.base64, as: principal)
    }

    /// The latest frozen version as one signed file that verifies with no database.
    ///
    /// The document is exported as stored, so an edit made to it in the database shows when the bundle is verified.
    public func exportList(_ id: ExchangeList.ID, as principal: Principal) throws -> ListBundle {
        try writer.read { db in
            let state = try Self.listState(id, in: db)
            try AccessPolicy.check(principal, .readLists, in: state.list.scope(for: principal))
            guard let freezing = state.latest.freezing else {
                throw ListRefusal.notFrozen(list: id.rawValue, version: state.latest.number)
            }
            let text =
                try String.fetchOne(
                    db, sql: "SELECT document FROM list_version WHERE id = ?", arguments: [state.latest.id.rawValue])
                ?? ""
            let signatures = try state.approvals.map { approval in
                BundleSignature(
                    signer: approval.signer, publicKey: try VerifyingKey(base64: approval.publicKey),
                    signature: try Signature(base64: approval.signature))
            }
            guard let digest = Digest(hex: freezing.digest) else {
                throw StoredValueError(table: "list_version", column: "digest", value: freezing.digest)
            }
            let document: CanonicalJSON
            do {
                document = try CanonicalJSON(parsing: text)
            } catch {
                throw StoredValueError(table: "list_version", column: "document", value: String(text.prefix(80)))
            }
            return ListBundle(document: document, digest: digest, signatures: signatures)
        }
    }

    // MARK: - Keys

    /// Registers a signer's public key, so that the signer's approvals can be checked.
    public func registerKey(_ publicKey: String, for signer: Principal, as principal: Principal) throws -> RegisteredKey {
        try AccessPolicy.check(principal, .manageKeys, in: .common)
        _ = try VerifyingKey(base64: publicKey)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            if let party = signer.party { _ = try Self.requireParty(party, in: db) }
            guard try !Self.registeredKeys(in: db).contains(where: { $0.publicKey == publicKey }) else {
                throw StoreError.keyRegistered(publicKey)
            }
            try db.execute(
                sql: "INSERT INTO signer_key (signer, public_key, at) VALUES (?, ?, ?)",
                arguments: [signer.description, publicKey, recordedAt])
            let key = RegisteredKey(
                id: RegisteredKey.ID(db.lastInsertedRowID), signer: signer, publicKey: publicKey, at: recordedAt)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.keyRegister, key)
            return key
        }
    }

    /// Every registered key: public, so anyone may read them.
    public func registeredKeys() throws -> [RegisteredKey] {
        try writer.read { db in try Self.registeredKeys(in: db) }
    }

    static func registeredKeys(in db: Database) throws -> [RegisteredKey] {
        try Row.fetchAll(db, sql: "SELECT id, signer, public_key, at FROM signer_key ORDER BY id").map { row in
            RegisteredKey(
                id: RegisteredKey.ID(rawValue: row["id"]), signer: try Principal(parsing: row["signer"] as String),
                publicKey: row["public_key"], at: row["at"])
        }
    }
}

extension LinkageRecord {
    /// The fields matching compares, from a stored record; the id is the record's row id.
    init(_ record: RegistryRecord) {
        let person = record.person
        self.init(
            id: String(record.id.rawValue), surname: person.surname, givenName: person.givenName,
            patronymic: person.patronymic, dateOfBirth: person.dateOfBirth, placeOfBirth: person.placeOfBirth,
            serviceNumber: person.serviceNumber)
    }
}
