import GRDB
import ParleyCore
import ParleyLedger

/// One journaled change of a subject, as a history shows it.
public struct HistoryEntry: Sendable, Hashable, Encodable {
    public let sequence: Int64
    public let at: String
    public let actor: String
    public let action: String
    /// The entry's detail, canonical JSON, such as `{"from":"open","to":"located"}`.
    public let detail: String
}

/// A family's answer: where a case stands, and nothing else.
public struct CaseStatus: Sendable, Hashable {
    public let code: String
    public let party: Party.Code
    public let status: String
}

extension AppDatabase {
    /// One record, if the principal may read it; another party's record that is not shared is
    /// reported as unknown, never as refused, so that its existence is not revealed.
    public func record(_ id: RegistryRecord.ID, as principal: Principal) throws -> RegistryRecord {
        try writer.read { db in try Self.readableRecord(id, as: principal, in: db) }
    }

    /// One record and the journal's entries about it, oldest first, if the principal may read it.
    public func recordWithHistory(
        _ id: RegistryRecord.ID, as principal: Principal
    ) throws -> (record: RegistryRecord, history: [HistoryEntry]) {
        try writer.read { db in
            let record = try Self.readableRecord(id, as: principal, in: db)
            let history = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT sequence, at, actor, action, detail FROM journal WHERE subject = ? ORDER BY sequence"),
                arguments: [record.journalSubject]
            ).map { row in
                HistoryEntry(
                    sequence: row["sequence"], at: row["at"], actor: row["actor"], action: row["action"], detail: row["detail"])
            }
            return (record, history)
        }
    }

    private static func readableRecord(_ id: RegistryRecord.ID, as principal: Principal, in db: Database) throws -> RegistryRecord
    {
        guard let record = try RegistryRecord.fetch(id, in: db),
            AccessPolicy.permits(principal, .readRecords, in: try scope(of: record, for: principal, in: db))
        else { throw StoreError.unknownRecord(id) }
        return record
    }

    /// The status of the case a family asks about, by the sought record's reference: the status and nothing else.
    public func caseStatus(party: Party.Code, code: String, as principal: Principal) throws -> CaseStatus {
        try AccessPolicy.check(principal, .readCaseStatus, in: .party(party))
        return try writer.read { db in
            guard
                let status = try String.fetchOne(
                    db, sql: "SELECT status FROM record WHERE party = ? AND kind = 'sought' AND reference = ?",
                    arguments: [party.rawValue, code])
            else { throw StoreError.unknownReference(party: party, kind: .sought, reference: code) }
            return CaseStatus(code: code, party: party, status: status)
        }
    }

    /// Whose data a record is, seen from the principal: the party's own, or shared when it is on an exchange list.
    static func scope(of record: RegistryRecord, for principal: Principal, in db: Database) throws -> Scope {
        if principal.party == record.party { return .party(record.party) }
        let listed = try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM list_entry e JOIN list_version v ON v.id = e.version
                    WHERE e.record = ? AND v.number = (SELECT max(number) FROM list_version WHERE list = v.list))
                    """),
            arguments: [record.id.rawValue])
        return listed == true ? .shared(record.party) : .party(record.party)
    }
}
