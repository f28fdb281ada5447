import GRDB
import ParleyCore
import ParleyLedger

/// Which records to list.
public struct RecordQuery: Sendable, Hashable {
    public var party: Party.Code?
    public var kind: RecordKind?
    public var status: String?
    /// Names in any script or Ukrainian, Russian or Latin form (`Oleksandr` finds `Олександр` and
    /// `Александр`; the last word may be the start of a name), or text anywhere in the reference.
    public var text: String?
    public var limit: Int
    public var offset: Int

    public init(
        party: Party.Code? = nil, kind: RecordKind? = nil, status: String? = nil, text: String? = nil,
        limit: Int = 50, offset: Int = 0
    ) {
        self.party = party
        self.kind = kind
        self.status = status
        self.text = text
        self.limit = limit
        self.offset = offset
    }
}

/// One page of records and how many match in all.
public struct RecordPage: Sendable, Hashable {
    public let records: [RegistryRecord]
    public let total: Int
}

/// How many records a party has of one kind in one status.
public struct RecordCount: Sendable, Hashable {
    public let party: Party.Code
    public let kind: RecordKind
    public let status: String
    public let count: Int
}

extension AppDatabase {
    /// Records the principal may read that match the query, a page at a time.
    ///
    /// Without a party, an observer sees every registry and an official their own party's.
    public func records(_ query: RecordQuery, as principal: Principal) throws -> RecordPage {
        let parties: [Party.Code]
        if let party = query.party {
            try AccessPolicy.check(principal, .readRecords, in: .party(party))
            parties = [party]
        } else {
            parties = try writer.read { db in try Self.allParties(db) }.map(\.code).filter {
                AccessPolicy.permits(principal, .readRecords, in: .party($0))
            }
            if parties.isEmpty { throw AccessDenied(principal: principal, action: .readRecords, scope: .common) }
        }
        if let status = query.status {
            let kinds = query.kind.map { [$0] } ?? RecordKind.allCases
            guard kinds.contains(where: { (try? RecordStatus(kind: $0, name: status)) != nil }) else {
                throw UnknownStatus(kind: query.kind ?? .held, name: status)
            }
        }
        var conditions = ["party IN (\(parties.map { _ in "?" }.joined(separator: ",")))"]
        var arguments = StatementArguments(parties.map(\.rawValue))
        if let kind = query.kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status]
        }
        if let text = query.text?.lowercased(), !text.isEmpty {
            // Names through the cross-script index (any script or form finds the others); references by substring.
            let pattern =
                "%"
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            if let names = try Self.nameKeys.get().query(text) {
                conditions.append(
                    "(id IN (SELECT rowid FROM record_name WHERE record_name MATCH ?) OR lower(reference) LIKE ? ESCAPE '\\')")
                arguments += [names, pattern]
            } else {
                conditions.append("lower(reference) LIKE ? ESCAPE '\\'")
                arguments += [pattern]
            }
        }
        let filter = conditions.joined(separator: " AND ")
        return try writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE \(filter)", arguments: arguments) ?? 0
            let records = try RegistryRecord.fetchAll(
                db,
                sql: "SELECT \(RegistryRecord.selection) FROM record WHERE \(filter) ORDER BY party, kind, id LIMIT ? OFFSET ?",
                arguments: arguments + [query.limit, query.offset])
            return RecordPage(records: records, total: total)
        }
    }

    /// Moves a record to a new status, if the rules allow that move.
    ///
    /// A refusal of repatriation takes the person off every list they are on (Art. 109: nobody is
    /// repatriated against their will during hostilities); a frozen list gets a new draft without them.
    public func changeStatus(
        of id: RegistryRecord.ID, to status: RecordStatus, as principal: Principal
    ) throws -> RegistryRecord {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard var record = try RegistryRecord.fetch(id, in: db) else { throw StoreError.unknownRecord(id) }
            try AccessPolicy.check(principal, .writeRecords, in: .party(record.party))
            let previous = record.status
            record.status = try previous.moving(to: status)
            try db.execute(sql: "UPDATE record SET status = ? WHERE id = ?", arguments: [status.name, id.rawValue])
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append("record.status", record, detail: ["from": .string(previous.name), "to": .string(status.name)])
            if status == .held(.refusedRepatriation) {
                try Self.takeOffLists(id, journal: &journal, in: db)
            }
            return record
        }
    }

    /// Counts per party, kind and status: figures with no person in them.
    public func recordCounts(as principal: Principal) throws -> [RecordCount] {
        try AccessPolicy.check(principal, .readCounts, in: .common)
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT party, kind, status, count(*) FROM record GROUP BY party, kind, status ORDER BY party, kind, status"
            ).compactMap { row in
                guard let kind = RecordKind(rawValue: row[1]) else { return nil }
                return RecordCount(party: Party.Code(row[0]), kind: kind, status: row[2], count: row[3])
            }
        }
    }
}
