import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleyLinkage
import Synchronization

/// What an import did.
public struct ImportOutcome: Sendable, Hashable {
    /// The import, or `nil` when it added nothing and so wrote nothing.
    public let importID: RegistryImport.ID?
    public let file: String
    public let party: Party.Code
    public let kind: RecordKind
    public let encoding: TextEncoding
    public let rows: Int
    public let added: Int
    public let unchanged: Int
    /// The earlier import of this same file, when it was imported before.
    public let earlierImport: RegistryImport.ID?
}

extension AppDatabase {
    /// How many problems an import reports in full; the rest are counted.
    public static let reportedProblemLimit = 100

    /// Imports a registry file into one party's held or sought records, all or nothing.
    ///
    /// Every row is checked. If any row is bad, nothing is written and the error lists
    /// the problems as `file:line: column: value: reason`. A row whose id is already in
    /// the registry with the same content is left as it is, so importing the same file
    /// again adds nothing; the same id with different content is a problem.
    ///
    /// - Parameter progress: called with the number of rows read, every 100,000 rows.
    /// - Parameter bytes: the file, best mapped from disk (``FileBytes/init(mapping:)``) so that a large
    ///   one is never copied into memory.
    public func importRegistry(
        file: String, bytes: FileBytes, party: Party.Code, kind: RecordKind, encoding: TextEncoding? = nil,
        as principal: Principal, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ImportOutcome {
        try AccessPolicy.check(principal, .writeRecords, in: .party(party))
        let today = clock.today()
        let recordedAt = clock.timestamp()
        // The file's digest, which says whether it was imported before, is taken on the other core while this
        // one checks the file's encoding.
        let hashing = DispatchGroup()
        let digest = Mutex("")
        DispatchQueue.global().async(group: hashing) {
            let hex = bytes.withUnsafeBytes { Digest.sha256(UnsafeRawBufferPointer($0)) }.hex
            digest.withLock { $0 = hex }
        }
        let opened = Result { () throws(StoreError) in
            try Self.openRegistryFile(bytes: bytes, file: file, encoding: encoding, today: today)
        }
        hashing.wait()
        let fileDigest = digest.withLock { $0 }
        return try writer.write { db in
            _ = try Self.requireParty(party, as: .belligerent, in: db)
            let earlier = try Int64.fetchOne(
                db, sql: "SELECT id FROM registry_import WHERE party = ? AND kind = ? AND file_digest = ? ORDER BY id LIMIT 1",
                arguments: [party.rawValue, kind.rawValue, fileDigest]
            ).map(RegistryImport.ID.init(rawValue:))
            let reader = try opened.get()
            if let earlier {
                return ImportOutcome(
                    importID: nil, file: file, party: party, kind: kind, encoding: reader.encoding, rows: 0, added: 0,
                    unchanged: 0, earlierImport: earlier)
            }
            // Records from before the name index existed are indexed first; the import indexes its own as it writes them.
            try Self.indexNames(in: db)
            var outcome: ImportOutcome?
            try db.inSavepoint {
                outcome = try Self.importRows(
                    reader, into: db, party: party, kind: kind, fileDigest: fileDigest, principal: principal,
                    recordedAt: recordedAt, progress: progress)
                return outcome?.importID == nil ? .rollback : .commit
            }
            guard let outcome else { preconditionFailure("the import savepoint ran without an outcome") }
            try Self.markNamesIndexed(in: db)
            logger.info(
                "registry import finished",
                metadata: [
                    "import.id": "\(outcome.importID.map { String($0.rawValue) } ?? "none, refused")",
                    "import.rows": "\(outcome.rows)",
                    "import.added": "\(outcome.added)", "import.unchanged": "\(outcome.unchanged)",
                    "party.code": "\(party.rawValue)", "record.kind": "\(kind.rawValue)",
                ])
            return outcome
        }
    }

    /// ``importRegistry(file:bytes:party:kind:encoding:as:progress:)`` of a file's bytes held in memory.
    public func importRegistry(
        file: String, bytes: [UInt8], party: Party.Code, kind: RecordKind, encoding: TextEncoding? = nil,
        as principal: Principal, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ImportOutcome {
        try importRegistry(
            file: file, bytes: FileBytes(bytes), party: party, kind: kind, encoding: encoding, as: principal,
            progress: progress)
    }

    /// The file's reader, or the import refused with the problem of its header or encoding.
    private static func openRegistryFile(
        bytes: FileBytes, file: String, encoding: TextEncoding?, today: PartialDate
    ) throws(StoreError) -> RegistryFileReader {
        let opened = Result { () throws(RowProblem) in
            try RegistryFileReader(bytes: bytes, file: file, encoding: encoding, today: today)
        }
        switch opened {
        case .success(let reader): return reader
        case .failure(let problem): throw .importRejected(file: file, problems: [problem], total: 1)
        }
    }

    private static func importRows(
        _ reader: RegistryFileReader, into db: Database, party: Party.Code, kind: RecordKind, fileDigest: String,
        principal: Principal, recordedAt: String, progress: (@Sendable (Int) -> Void)?
    ) throws -> ImportOutcome {
        var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt, entriesPerStatement: rowsPerInsert)
        try db.execute(
            sql:
                "INSERT INTO registry_import (party, kind, file_name, file_digest, encoding, rows, added) VALUES (?, ?, ?, ?, ?, 0, 0)",
            arguments: [party.rawValue, kind.rawValue, reader.file, fileDigest, reader.encoding.rawValue])
        let importID = RegistryImport.ID(db.lastInsertedRowID)
        var registryImport = RegistryImport(
            id: importID, party: party, kind: kind, fileName: reader.file, fileDigest: fileDigest,
            encoding: reader.encoding, rows: 0, added: 0)

        var existing: [String: RegistryRecord.ID] = [:]
        let references = try Row.fetchCursor(
            db, sql: "SELECT reference, id FROM record WHERE party = ? AND kind = ?", arguments: [party.rawValue, kind.rawValue])
        while let row = try references.next() {
            // By position: a row for every record the party keeps, on the import's measured path.
            let reference: String = row[0]
            let id: Int64 = row[1]
            existing[reference] = RegistryRecord.ID(rawValue: id)
        }

        let firstID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM record") ?? 1
        let nameKeys = try Self.nameKeys.get()
        let file = reader.file
        let importDetail = CanonicalJSON.object(["import": .integer(importID.rawValue)]).serialized
        let channel = BatchChannel<CheckedRows>(capacity: 8)
        let checking = DispatchGroup()
        let journalTip = journal.tip
        let entries = RecordEntries(
            recordedAt: journalTip.recordedAt, actor: journalTip.actor, action: JournalAction.recordRegister.rawValue,
            detail: importDetail)
        DispatchQueue.global().async(group: checking) { [reader, existing] in
            Self.checkRows(
                reader, existing: existing, party: party, kind: kind, firstID: firstID, journal: journalTip,
                entries: entries, names: NameKeyWriter(nameKeys), progress: progress, into: channel)
        }
        defer {
            // On an error, stop the checking stage; either way, wait for it to end.
            channel.cancel()
            checking.wait()
        }

        var problems: [RowProblem] = []
        var problemCount = 0
        var unchanged = 0
        func report(_ found: [RowProblem]) {
            problemCount += found.count
            problems.append(contentsOf: found.prefix(reportedProblemLimit - problems.count))
        }
        let recordRows = try RowsInsert(
            db, into: RegistryRecord.insertTarget, columnCount: RegistryRecord.columns.count,
            rowsPerStatement: rowsPerInsert)
        let names = try NameIndexInserter(db)
        let termInsert = try PreparedStatement(db, sql: Self.nameTermInsertSQL)
        while let batch = channel.receive() {
            try Self.insertTerms(batch.terms, with: termInsert)
            for item in batch.items {
                registryImport.rows += 1
                switch item {
                case .problems(let rowProblems):
                    report(rowProblems.problems)
                case .known(let row, let id):
                    guard let stored = try RegistryRecord.fetch(id, in: db) else { continue }
                    let differences =
                        stored.person.differingFields(from: row.person)
                        + (stored.isSynthetic == row.isSynthetic ? [] : [RegistryColumn.synthetic.rawValue])
                    if differences.isEmpty {
                        unchanged += 1
                    } else {
                        report([
                            RowProblem(
                                file: file, line: row.line, column: RegistryColumn.id.rawValue, value: row.reference,
                                reason: "record \(row.reference) is already in the registry with a different "
                                    + differences.joined(separator: ", ")
                                    + "; give a corrected person a new id, or correct the file to match")
                        ])
                    }
                case .new:
                    registryImport.added += 1
                }
            }
            // Once a row is refused, nothing more is written: the import's savepoint rolls back what was.
            guard problemCount == 0 else { continue }
            // The batch's records, their entries and their names go in a statement of many rows at a time
            // (RowsInsert and NameIndexInserter say why), in the order their ids and entries were given.
            try batch.records.withColumns(entries) { columns in
                try recordRows.insert(columns.count) { try columns.bindRecord($0, to: $1, from: $2) }
                try journal.append(columns.count) { columns.journalEntry($0) }
            }
            try batch.records.withNameKeys { try names.insert($0, $1) }
        }
        guard problemCount == 0 else {
            throw StoreError.importRejected(file: file, problems: problems, total: problemCount)
        }
        let summary = registryImport
        let outcome = { (id: RegistryImport.ID?) in
            ImportOutcome(
                importID: id, file: summary.fileName, party: party, kind: kind, encoding: summary.encoding,
                rows: summary.rows, added: summary.added, unchanged: unchanged, earlierImport: nil)
        }
        guard registryImport.added > 0 else { return outcome(nil) }
        try db.execute(
            sql: "UPDATE registry_import SET rows = ?, added = ? WHERE id = ?",
            arguments: [registryImport.rows, registryImport.added, importID.rawValue])
        try journal.append(
            .registryImport, registryImport, detail: ["unchanged": .integer(Int64(unchanged))])
        return outcome(importID)
    }

    /// The checking stage of an import: reads and checks every row, and makes each new
    /// record, with its id, its digest, its journal entry and its name search keys, ready for
    /// the writing stage.
    ///
    /// Ids are given in order from `firstID`, and entries chained from `journal`: the import
    /// holds the database's only writer, which appends the entries in the same order.
    private static func checkRows(
        _ reader: RegistryFileReader, existing: [String: RegistryRecord.ID], party: Party.Code, kind: RecordKind,
        firstID: Int64, journal: JournalTip, entries: RecordEntries, names: NameKeyWriter,
        progress: (@Sendable (Int) -> Void)?, into channel: BatchChannel<CheckedRows>
    ) {
        defer { channel.finish() }
        var reader = reader
        var names = names
        var nextID = firstID
        var journal = (sequence: journal.sequence, head: journal.head)
        var rows = 0
        var batch = CheckedRows()
        while let result = reader.next() {
            rows += 1
            if rows % 100_000 == 0 { progress?(rows) }
            switch result {
            case .failure(let problems):
                batch.items.append(.problems(problems))
                if problems.fatal {
                    batch.terms = names.takeNewKeys()
                    _ = channel.send(batch)
                    return
                }
            case .success(let row):
                if !existing.isEmpty, let id = existing[row.reference] {
                    batch.items.append(.known(row, id))
                } else {
                    let record = RegistryRecord(
                        id: RegistryRecord.ID(rawValue: nextID), party: party, reference: row.reference, person: row.person,
                        status: kind.initialStatus, isSynthetic: row.isSynthetic)
                    nextID += 1
                    journal = batch.records.append(record, names: &names, following: journal, entries)
                    batch.items.append(.new)
                }
            }
            if batch.items.count == checkingBatchSize {
                batch.terms = names.takeNewKeys()
                guard channel.send(batch) else { return }
                batch = CheckedRows()
            }
        }
        batch.terms = names.takeNewKeys()
        _ = channel.send(batch)
    }

    static let checkingBatchSize = 1_024

    /// How many records, and how many journal entries, an import writes in each statement.
    static let rowsPerInsert = 64
}

extension PersonDetails {
    /// The import columns whose values differ between two versions of a person.
    func differingFields(from other: PersonDetails) -> [String] {
        let pairs: [(RegistryColumn, Bool)] = [
            (.surname, surname == other.surname), (.givenName, givenName == other.givenName),
            (.patronymic, patronymic == other.patronymic), (.sex, sex == other.sex),
            (.dateOfBirth, dateOfBirth == other.dateOfBirth), (.placeOfBirth, placeOfBirth == other.placeOfBirth),
            (.rank, rank == other.rank), (.serviceNumber, serviceNumber == other.serviceNumber),
            (.armedForce, armedForce == other.armedForce), (.unit, unit == other.unit),
            (.dependsOn, dependsOn == other.dependsOn), (.fatherName, fatherName == other.fatherName),
            (.motherMaidenName, motherMaidenName == other.motherMaidenName),
            (.informName, informName == other.informName), (.informAddress, informAddress == other.informAddress),
            (.category, category == other.category), (.health, health == other.health),
            (.capturedOn, capturedOn == other.capturedOn), (.capturedAt, capturedAt == other.capturedAt),
            (.internedAt, internedAt == other.internedAt),
        ]
        return pairs.filter { !$0.1 }.map { $0.0.rawValue }
    }

}
