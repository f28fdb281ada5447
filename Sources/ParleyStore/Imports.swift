import Foundation
import GRDB
import ParleyCore
import ParleyLedger

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
    public func importRegistry(
        file: String, bytes: [UInt8], party: Party.Code, kind: RecordKind, encoding: TextEncoding? = nil,
        as principal: Principal, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ImportOutcome {
        try AccessPolicy.check(principal, .writeRecords, in: .party(party))
        let fileDigest = Digest.sha256(bytes).hex
        let today = clock.today()
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            _ = try Self.requireParty(party, as: .belligerent, in: db)
            let earlier = try Int64.fetchOne(
                db, sql: "SELECT id FROM registry_import WHERE party = ? AND kind = ? AND file_digest = ? ORDER BY id LIMIT 1",
                arguments: [party.rawValue, kind.rawValue, fileDigest]
            ).map(RegistryImport.ID.init(rawValue:))
            var reader = try Self.openRegistryFile(bytes: bytes, file: file, encoding: encoding, today: today)
            if let earlier {
                return ImportOutcome(
                    importID: nil, file: file, party: party, kind: kind, encoding: reader.encoding, rows: 0, added: 0,
                    unchanged: 0, earlierImport: earlier)
            }
            var outcome: ImportOutcome?
            try db.inSavepoint {
                outcome = try Self.importRows(
                    &reader, into: db, party: party, kind: kind, fileDigest: fileDigest, principal: principal,
                    recordedAt: recordedAt, progress: progress)
                return outcome?.importID == nil ? .rollback : .commit
            }
            guard let outcome else { preconditionFailure("the import savepoint ran without an outcome") }
            logger.info(
                "registry import finished",
                metadata: [
                    "import.id": "\(outcome.importID?.rawValue ?? 0)", "import.rows": "\(outcome.rows)",
                    "import.added": "\(outcome.added)", "import.unchanged": "\(outcome.unchanged)",
                    "party.code": "\(party.rawValue)", "record.kind": "\(kind.rawValue)",
                ])
            return outcome
        }
    }

    /// The file's reader, or the import refused with the problem of its header or encoding.
    private static func openRegistryFile(
        bytes: [UInt8], file: String, encoding: TextEncoding?, today: PartialDate
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
        _ reader: inout RegistryFileReader, into db: Database, party: Party.Code, kind: RecordKind, fileDigest: String,
        principal: Principal, recordedAt: String, progress: (@Sendable (Int) -> Void)?
    ) throws -> ImportOutcome {
        var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
        var registryImport = RegistryImport(
            party: party, kind: kind, fileName: reader.file, fileDigest: fileDigest, encoding: reader.encoding,
            rows: 0, added: 0)
        try db.execute(
            sql:
                "INSERT INTO registry_import (party, kind, file_name, file_digest, encoding, rows, added) VALUES (?, ?, ?, ?, ?, 0, 0)",
            arguments: [party.rawValue, kind.rawValue, reader.file, fileDigest, reader.encoding.rawValue])
        let importID = RegistryImport.ID(db.lastInsertedRowID)
        registryImport.id = importID

        var existing: [String: RegistryRecord.ID] = [:]
        let references = try Row.fetchCursor(
            db, sql: "SELECT reference, id FROM record WHERE party = ? AND kind = ?", arguments: [party.rawValue, kind.rawValue])
        while let row = try references.next() {
            let reference: String = row[0]
            let id: Int64 = row[1]
            existing[reference] = RegistryRecord.ID(rawValue: id)
        }

        var problems: [RowProblem] = []
        var problemCount = 0
        var unchanged = 0
        let importDetail = CanonicalJSON.object(["import": .integer(importID.rawValue)]).serialized
        rows: while let result = reader.next() {
            registryImport.rows += 1
            if registryImport.rows % 100_000 == 0 { progress?(registryImport.rows) }
            let row: RegistryRow
            switch result {
            case .failure(let rowProblems):
                problemCount += rowProblems.problems.count
                problems.append(contentsOf: rowProblems.problems.prefix(reportedProblemLimit - problems.count))
                if rowProblems.fatal { break rows }
                continue
            case .success(let valid):
                row = valid
            }
            if let id = existing[row.reference] {
                guard let stored = try RegistryRecord.fetch(id, in: db) else { continue }
                let differences =
                    stored.person.differingFields(from: row.person)
                    + (stored.isSynthetic == row.isSynthetic ? [] : [RegistryColumn.synthetic.rawValue])
                if differences.isEmpty {
                    unchanged += 1
                } else {
                    problemCount += 1
                    if problems.count < reportedProblemLimit {
                        problems.append(
                            RowProblem(
                                file: reader.file, line: row.line, column: RegistryColumn.id.rawValue, value: row.reference,
                                reason: "record \(row.reference) is already in the registry with a different "
                                    + differences.joined(separator: ", ")
                                    + "; give a corrected person a new id, or correct the file to match"))
                    }
                }
                continue
            }
            guard problemCount == 0 else { continue }
            var record = RegistryRecord(
                party: party, reference: row.reference, person: row.person, status: kind.initialStatus,
                isSynthetic: row.isSynthetic)
            try record.insertFast(db)
            existing[row.reference] = record.id
            try journal.append(
                action: "record.register", subject: record.journalSubject, state: record.stateDigest,
                canonicalDetail: importDetail)
            registryImport.added += 1
        }
        guard problemCount == 0 else {
            throw StoreError.importRejected(file: reader.file, problems: problems, total: problemCount)
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
            "registry.import", registryImport, detail: ["unchanged": .integer(Int64(unchanged))])
        return outcome(importID)
    }
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
