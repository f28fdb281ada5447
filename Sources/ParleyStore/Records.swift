import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// Which records to list.
public struct RecordQuery: Sendable, Hashable {
    public var party: Party.Code?
    public var kind: RecordKind?
    public var status: String?
    /// Names in any script or Ukrainian, Russian or Latin form (`Oleksandr` finds `Олександр` and
    /// `Александр`; the last word may be the start of a name), or the start of a reference, in any case.
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

/// One page of records, in the order they were registered, and how many match in all.
public struct RecordPage: Sendable, Hashable {
    public let records: [RegistryRecord]
    /// How many match, counted up to ``countLimit``.
    public let total: Int
    /// More than ``countLimit`` match: `total` is the limit, and the search could be narrower.
    public let isTotalCapped: Bool

    /// How far the matches are counted: counting a million records for every page would make each page slow.
    public static let countLimit = 10_000

    /// The total as a person reads it: `1,234`, or `more than 10,000`.
    public var totalWording: String {
        let number = total.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        return isTotalCapped ? "more than \(number)" : number
    }
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
        if let text = query.text, !text.isEmpty {
            conditions.append("id IN (\(try Self.textHits(text, parties: parties, kinds: query.kind, arguments: &arguments)))")
        }
        let filter = conditions.joined(separator: " AND ")
        return try writer.read { db in
            let counted =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT 1 FROM record WHERE \(filter) LIMIT ?)",
                    arguments: arguments + [RecordPage.countLimit + 1]) ?? 0
            let records = try RegistryRecord.fetchAll(
                db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE \(filter) ORDER BY id LIMIT ? OFFSET ?",
                arguments: arguments + [query.limit, query.offset])
            return RecordPage(
                records: records, total: min(counted, RecordPage.countLimit), isTotalCapped: counted > RecordPage.countLimit)
        }
    }

    /// The ids of records whose names match `text` in any script or form (through the cross-script
    /// name index) or whose reference starts with it, as typed or in capitals (through the registry's
    /// unique index): a subquery whose arguments are appended to `arguments`.
    private static func textHits(
        _ text: String, parties: [Party.Code], kinds: RecordKind?, arguments: inout StatementArguments
    ) throws -> String {
        var hits: [String] = []
        if let names = try nameKeys.get().query(text) {
            hits.append("SELECT rowid FROM record_name WHERE record_name MATCH ?")
            arguments += [names]
        }
        let kinds = kinds.map { [$0] } ?? RecordKind.allCases
        for prefix in Set([text, text.uppercased()]).sorted() {
            // Every reference that starts with the prefix sorts between it and it followed by the highest character.
            hits.append(
                """
                SELECT id FROM record WHERE party IN (\(parties.map { _ in "?" }.joined(separator: ",")))
                AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ","))) AND reference >= ? AND reference < ?
                """)
            arguments += StatementArguments(parties.map(\.rawValue)) + StatementArguments(kinds.map(\.rawValue))
            arguments += [prefix, prefix + "\u{10FFFF}"]
        }
        return hits.joined(separator: " UNION ")
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
