import GRDB
import ParleyCore
import ParleyLinkage

/// Adds the search keys of many records' names to the name index, a batch of records in each statement.
///
/// FTS5 writes what it holds in memory to disk whenever a statement that changes it begins inside a
/// transaction (its savepoint), so one record per statement makes a segment of the index for each record
/// and merges them again and again. A statement of a thousand rows writes one segment for all of them
/// (measured in the sqlite3 shell, 100,000 records in one transaction: 1.38 s a row per statement, 0.24 s
/// a thousand rows per statement).
final class NameIndexInserter {
    static let rowsPerStatement = AppDatabase.checkingBatchSize
    private let rows: RowsInsert

    init(_ db: Database) throws {
        rows = try RowsInsert(db, into: "record_name (rowid, keys)", columnCount: 2, rowsPerStatement: Self.rowsPerStatement)
    }

    /// Adds each record's keys, a range of `keys`.
    func insert(_ keys: UnsafeRawBufferPointer, _ names: [(id: Int64, keys: Range<Int>)]) throws {
        try rows.insert(names.count) { index, statement, first in
            let name = names[index]
            try statement.bind(first, integer: name.id)
            try statement.bind(first + 1, text: UnsafeRawBufferPointer(rebasing: keys[name.keys]))
        }
    }
}

extension AppDatabase {
    /// The search keys of every person's names, shared by the index and the queries.
    static let nameKeys = Result { () throws(DataTableError) in try NameSearchKeys() }

    /// Adds a search key to the index's vocabulary, which completes the prefix a search ends with.
    static let nameTermInsertSQL = "INSERT OR IGNORE INTO name_term (term) VALUES (?)"

    /// Adds the keys to the vocabulary, those it already holds left as they are.
    static func insertTerms(_ terms: [[UInt8]], with insert: PreparedStatement) throws {
        for term in terms {
            try term.withUnsafeBytes { term in
                try insert.bind(1, text: term)
                try insert.run()
            }
        }
    }

    /// The indexed keys that begin with `prefix`, in order; more than ``NameQuery/prefixTermLimit`` of them
    /// stand for too many to list.
    static func completions(of prefix: String, in db: Database) throws -> [String] {
        // Keys are lowercase ASCII letters and digits, which sort before "~"; a row that is anything else was not
        // written by Parley, and is left out rather than read as query syntax.
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT term FROM name_term WHERE term >= ? AND term < ? AND term NOT GLOB '*[^a-z0-9]*'
                    ORDER BY term LIMIT ?
                    """),
            arguments: [prefix, prefix + "~", NameQuery.prefixTermLimit + 1])
    }

    /// Adds the records not yet in the name index: those above the highest id it reaches. Records are only
    /// ever added and their names never change, and each import indexes the records it adds in its own
    /// transaction, so these are the records of a database from before the index.
    static func indexNames(in db: Database) throws {
        let reach = try Int64.fetchOne(db, sql: "SELECT last_record FROM record_name_reach") ?? 0
        var names = NameKeyWriter(try nameKeys.get())
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, surname, given_name, patronymic FROM record WHERE id > ? ORDER BY id", arguments: [reach])
        let inserter = try NameIndexInserter(db)
        let termInsert = try PreparedStatement(db, sql: nameTermInsertSQL)
        var keys: [UInt8] = []
        var pending: [(id: Int64, keys: Range<Int>)] = []
        func insertPending() throws {
            try keys.withUnsafeBytes { try inserter.insert($0, pending) }
            try insertTerms(names.takeNewKeys(), with: termInsert)
            keys.removeAll(keepingCapacity: true)
            pending.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            // By position: a row for every record, on the index's measured path.
            let start = keys.count
            names.append(surname: row[1], givenName: row[2], patronymic: row[3], to: &keys)
            pending.append((row[0], start..<keys.count))
            if pending.count == NameIndexInserter.rowsPerStatement { try insertPending() }
        }
        try insertPending()
        try markNamesIndexed(in: db)
    }

    /// Notes that the name index reaches every record there is: after an import has indexed its own.
    static func markNamesIndexed(in db: Database) throws {
        try db.execute(sql: "UPDATE record_name_reach SET last_record = (SELECT coalesce(max(id), 0) FROM record)")
    }

    /// Brings the name index up to date, for a database whose records came in before it existed.
    public func indexNames() throws {
        try writer.write { db in try Self.indexNames(in: db) }
    }
}
