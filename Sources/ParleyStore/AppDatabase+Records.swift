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
    /// `Александр`; the last word may be the start of a name unless it is a whole known given name), or a whole reference, in any case.
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
    public static let countLimit = 1_000

    /// The total as a person reads it: `123`, or `more than 1,000`.
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
        // The filters never choose an index (the unary +): pages walk the records in id order, or the
        // name index's matches in id order, and stop as soon as the page and the count are full.
        var conditions = ["+party IN (\(parties.map { _ in "?" }.joined(separator: ",")))"]
        var arguments = StatementArguments(parties.map(\.rawValue))
        if let kind = query.kind {
            conditions.append("+kind = ?")
            arguments += [kind.rawValue]
        }
        if let status = query.status {
            conditions.append("+status = ?")
            arguments += [status]
        }
        return try writer.read { db in
            var source = "record"
            var order = "id"
            if let text = query.text, !text.isEmpty {
                // A reference typed whole finds its record; any other text is a name, in any script or form.
                let references = try Self.recordIDs(reference: text, parties: parties, kind: query.kind, in: db)
                if !references.isEmpty {
                    // Bound, not written in, so that the cached statements stay few.
                    conditions.append("id IN (\(references.map { _ in "?" }.joined(separator: ",")))")
                    arguments += StatementArguments(references)
                } else if let names = try Self.nameKeys.get().query(text),
                    let expression = names.expression(
                        completions: try names.prefix.map { try Self.completions(of: $0, in: db) })
                {
                    source = "record_name JOIN record ON record.id = record_name.rowid"
                    order = "record_name.rowid"
                    conditions.insert("record_name MATCH ?", at: 0)
                    arguments = [expression] + arguments
                } else {
                    return RecordPage(records: [], total: 0, isTotalCapped: false)
                }
            }
            let filter = conditions.joined(separator: " AND ")
            // One walk finds the matches up to the count's limit; the page is cut from them when it lies within.
            let matches = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT record.id FROM \(source) WHERE \(filter) ORDER BY \(order) LIMIT ?"),
                arguments: arguments + [RecordPage.countLimit + 1])
            let counted = matches.count
            let records: [RegistryRecord]
            if query.offset + query.limit <= counted || counted <= RecordPage.countLimit {
                let page = matches.dropFirst(query.offset).prefix(query.limit)
                records =
                    page.isEmpty
                    ? []
                    : try RegistryRecord.fetchAll(
                        db,
                        sql:
                            "SELECT \(RegistryRecord.selection) FROM record WHERE id IN (\(page.map(String.init).joined(separator: ","))) ORDER BY id"
                    )
            } else {
                records = try RegistryRecord.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT \(RegistryRecord.qualifiedSelection) FROM \(source) WHERE \(filter) ORDER BY \(order) LIMIT ? OFFSET ?"
                    ),
                    arguments: arguments + [query.limit, query.offset])
            }
            return RecordPage(
                records: records, total: min(counted, RecordPage.countLimit), isTotalCapped: counted > RecordPage.countLimit)
        }
    }

    /// The records whose reference is `text`, as typed or in capitals, through the registry's unique index.
    private static func recordIDs(
        reference text: String, parties: [Party.Code], kind: RecordKind?, in db: Database
    ) throws -> [Int64] {
        let kinds = kind.map { [$0] } ?? RecordKind.allCases
        let spellings = Array(Set([text, text.uppercased()]))
        return try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM record WHERE party IN (\(parties.map { _ in "?" }.joined(separator: ",")))
                AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ","))) AND reference IN (\(spellings.map { _ in "?" }.joined(separator: ",")))
                ORDER BY id
                """,
            arguments: StatementArguments(parties.map(\.rawValue)) + StatementArguments(kinds.map(\.rawValue))
                + StatementArguments(spellings))
    }

    /// Moves a record to a new status, if the rules allow that move.
    ///
    /// A refusal of repatriation takes the person off every list they are on (Art. 109: nobody is
    /// repatriated against their will during hostilities); a frozen list gets a new draft without them.
    /// On a list whose handover has begun it is refused: there the refusal is recorded as the person's outcome.
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
            try journal.append(.recordStatus, record, detail: ["from": .string(previous.name), "to": .string(status.name)])
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
                sql: """
                    SELECT party, kind, status, count(*) AS count FROM record
                    GROUP BY party, kind, status ORDER BY party, kind, status
                    """
            ).compactMap { row in
                guard let kind = RecordKind(rawValue: row["kind"]) else { return nil }
                return RecordCount(party: Party.Code(row["party"]), kind: kind, status: row["status"], count: row["count"])
            }
        }
    }
}
