import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Synchronization

/// The result of recomputing the journal.
public struct JournalReport: Sendable, Hashable {
    public let entries: Int64
    /// The hash of the last entry: publish it to fix the journal's state.
    public let head: Digest
    /// The Merkle root over all entries (RFC 9162).
    public let root: Digest
    public let checkpoints: Int
    public let subjectsChecked: Int
    /// The first problem, or `nil` when everything verifies.
    public let problem: JournalProblem?

    public var isIntact: Bool { problem == nil }
}

extension AppDatabase {
    /// Recomputes the journal's chain and checkpoints, then checks every party, import,
    /// record, round, agreement, exchange, key, list, list version, approval, handover
    /// outcome, match run and review decision against its last journaled state.
    ///
    /// Finds a row edited, deleted or reordered directly in the SQLite file, and names
    /// the first bad entry.
    public func verifyJournal(as principal: Principal) throws -> JournalReport {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try Self.verifyJournal(writer)
    }

    /// Verifies the journal of any database: this one, or a backup.
    ///
    /// The chain and the current state of every subject are read at once, on two
    /// connections; if a write landed between the two reads, so that they saw different
    /// journals, both are read again in one transaction.
    static func verifyJournal(_ reader: any DatabaseReader) throws -> JournalReport {
        let chain = Mutex<Result<JournalVerifier, any Error>?>(nil)
        let states = Mutex<Result<SubjectStates, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                let result = Result { try reader.read { db in try verifyChain(db) } }
                chain.withLock { $0 = result }
            } else {
                let result = Result { try reader.read { db in try subjectStates(db) } }
                states.withLock { $0 = result }
            }
        }
        guard let verifier = try chain.withLock({ $0 })?.get(), let current = try states.withLock({ $0 })?.get() else {
            preconditionFailure("both passes of the verification ran")
        }
        if verifier.problem == nil && current.lastSequence != verifier.entriesChecked {
            return try reader.read { db in try report(verifyChain(db), subjectStates(db)) }
        }
        return report(verifier, current)
    }

    /// The current state digest of every subject the journal tracks, as the tables hold them.
    struct SubjectStates: Sendable {
        /// A subject's state; a record is named by its id alone, so that a million need no string.
        enum State: Sendable {
            case subject(String, Digest)
            case record(Int64, Digest)
        }

        var states: [State] = []
        /// The journal's last sequence in the same transaction (its length, when it verifies).
        var lastSequence: Int64 = 0
    }

    /// The kinds of subject whose every row is checked against the journal.
    static let checkedKinds: Set<String> = [
        "party", "import", "record", "round", "agreement", "exchange", "key", "list", "list_version", "approval", "outcome",
        "match_run", "decision", "user",
    ]

    static func verifyChain(_ db: Database) throws -> JournalVerifier {
        let checkpoints = try Row.fetchAll(db, sql: "SELECT size, root, at FROM checkpoint").map { row in
            Checkpoint(size: row[0], root: Digest(bytes: Array(row[1] as Data)) ?? .zero, recordedAt: row[2])
        }
        // The last sequence comes from the end of the table's b-tree; count(*) would read every row.
        let expected = try Int.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM journal") ?? 0
        var verifier = JournalVerifier(checkpoints: checkpoints, expectedEntries: expected)
        let entries = try PreparedQuery(db, sql: "SELECT \(JournalColumns.list) FROM journal ORDER BY sequence")
        while try entries.step() {
            verifier.check(JournalColumns.storedEntry(entries))
            if verifier.problem != nil { break }
        }
        verifier.finishEntries()
        return verifier
    }

    static func subjectStates(_ db: Database) throws -> SubjectStates {
        var states = SubjectStates()
        func add(_ subject: some CanonicallyDigestible) {
            states.states.append(.subject(subject.journalSubject, subject.stateDigest))
        }
        states.lastSequence = try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM journal") ?? 0
        for party in try allParties(db) { add(party) }
        for registryImport in try allImports(db) { add(registryImport) }
        let records = try PreparedQuery(db, sql: "SELECT \(RegistryRecord.selection) FROM record ORDER BY id")
        let idColumn = Int32(RegistryRecord.CanonicalField.id.rawValue)
        states.states.reserveCapacity(try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM record") ?? 0)
        while try records.step() {
            states.states.append(.record(records.integer(idColumn), RegistryRecord.stateDigest(of: records)))
        }
        for round in try allRounds(db) { add(round) }
        for agreement in try allAgreements(db) { add(agreement) }
        for exchange in try allExchanges(db) { add(exchange) }
        for key in try registeredKeys(in: db) { add(key) }
        for list in try allLists(db) { add(list) }
        for version in try versions(in: db) { add(version) }
        for approval in try approvals(in: db) { add(approval) }
        for outcome in try outcomes(in: db) { add(outcome) }
        for run in try matchRuns(in: db) { add(run) }
        for decision in try decisions(in: db) { add(decision) }
        for account in try allAccounts(db) { add(account) }
        return states
    }

    static func report(_ chain: JournalVerifier, _ current: SubjectStates) -> JournalReport {
        var verifier = chain
        for state in current.states where verifier.problem == nil {
            switch state {
            case .subject(let subject, let digest): verifier.checkState(subject: subject, state: digest)
            case .record(let id, let digest): verifier.checkState(kind: "record", number: id, state: digest)
            }
        }
        verifier.finishStates(kinds: checkedKinds)
        return JournalReport(
            entries: verifier.entriesChecked, head: verifier.head, root: verifier.root,
            checkpoints: verifier.checkpointCount, subjectsChecked: current.states.count, problem: verifier.problem)
    }

    /// Publishes a checkpoint: the Merkle root over every entry so far.
    public func checkpoint(as principal: Principal) throws -> Checkpoint {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in try JournalWriter.checkpoint(db, recordedAt: recordedAt) }
    }

    static func allImports(_ db: Database) throws -> [RegistryImport] {
        try Row.fetchAll(db, sql: "SELECT * FROM registry_import ORDER BY id").map { row in
            let kindName: String = row["kind"]
            let encodingName: String = row["encoding"]
            guard let kind = RecordKind(rawValue: kindName) else {
                throw StoredValueError(table: "registry_import", column: "kind", value: kindName)
            }
            guard let encoding = TextEncoding(rawValue: encodingName) else {
                throw StoredValueError(table: "registry_import", column: "encoding", value: encodingName)
            }
            return RegistryImport(
                id: RegistryImport.ID(rawValue: row["id"]), party: Party.Code(rawValue: row["party"]), kind: kind,
                fileName: row["file_name"], fileDigest: row["file_digest"], encoding: encoding, rows: row["rows"],
                added: row["added"])
        }
    }
}

/// What a backup wrote.
public struct BackupReport: Sendable, Hashable {
    public let path: String
    /// The journal of the copy, verified after the copy was made.
    public let journal: JournalReport
}

extension AppDatabase {
    /// Copies the database to a new file with SQLite's online backup, while it stays in
    /// use, then verifies the copy's journal.
    public func backup(to path: String, as principal: Principal) throws -> BackupReport {
        try AccessPolicy.check(principal, .backup, in: .common)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.backupFailed(path: path, reason: "the file already exists; a backup never overwrites one")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            let journal = try Self.verifyJournal(destination)
            try destination.close()
            return BackupReport(path: path, journal: journal)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw StoreError.backupFailed(path: path, reason: "\(error)")
        }
    }
}
