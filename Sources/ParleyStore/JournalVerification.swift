import Foundation
import GRDB
import ParleyCore
import ParleyLedger

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
    /// record, round, agreement and exchange against its last journaled state.
    ///
    /// Finds a row edited, deleted or reordered directly in the SQLite file, and names
    /// the first bad entry.
    public func verifyJournal(as principal: Principal) throws -> JournalReport {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try writer.read { db in try Self.verifyJournal(db) }
    }

    static func verifyJournal(_ db: Database) throws -> JournalReport {
        let checkpoints = try Row.fetchAll(db, sql: "SELECT size, root, at FROM checkpoint").map { row in
            Checkpoint(size: row[0], root: Digest(bytes: Array(row[1] as Data)) ?? .zero, recordedAt: row[2])
        }
        var verifier = JournalVerifier(checkpoints: checkpoints)
        let entries = try Row.fetchCursor(db, sql: "SELECT \(JournalColumns.list) FROM journal ORDER BY sequence")
        while let row = try entries.next() {
            verifier.check(try JournalColumns.entry(row), storedHash: JournalColumns.storedHash(row))
            if verifier.problem != nil { break }
        }
        verifier.finishEntries()
        var subjects = 0
        func check(_ subject: some CanonicallyDigestible) {
            verifier.checkState(subject: subject.journalSubject, state: subject.stateDigest)
            subjects += 1
        }
        if verifier.problem == nil {
            for party in try allParties(db) { check(party) }
            for registryImport in try allImports(db) { check(registryImport) }
            let records = try RegistryRecord.fetchCursor(db, sql: "SELECT \(RegistryRecord.selection) FROM record ORDER BY id")
            while verifier.problem == nil, let record = try records.next() { check(record) }
            for round in try allRounds(db) { check(round) }
            for agreement in try allAgreements(db) { check(agreement) }
            for exchange in try allExchanges(db) { check(exchange) }
            verifier.finishStates(kinds: ["party", "import", "record", "round", "agreement", "exchange"])
        }
        return JournalReport(
            entries: verifier.entriesChecked, head: verifier.head, root: verifier.root, checkpoints: checkpoints.count,
            subjectsChecked: subjects, problem: verifier.problem)
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
            let journal = try destination.read { db in try Self.verifyJournal(db) }
            try destination.close()
            return BackupReport(path: path, journal: journal)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw StoreError.backupFailed(path: path, reason: "\(error)")
        }
    }
}
