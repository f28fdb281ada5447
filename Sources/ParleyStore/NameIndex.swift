import GRDB
import ParleyCore
import ParleyLinkage

extension AppDatabase {
    /// The search keys of every person's names, shared by the index and the queries.
    static let nameKeys = Result { () throws(DataTableError) in try NameSearchKeys() }

    /// Adds one record's search keys (``NameKeyWriter``) to the name index, by record id.
    static let nameIndexInsertSQL = "INSERT INTO record_name (rowid, keys) VALUES (?, ?)"

    /// Adds the records not yet in the name index. Records are only ever added and their names never
    /// change, and each import indexes the records it adds in its own transaction, so everything above
    /// the highest indexed id is what is missing: the records of a database from before the index.
    static func indexNames(in db: Database) throws {
        var names = NameKeyWriter(try nameKeys.get())
        let indexed = try Int64.fetchOne(db, sql: "SELECT rowid FROM record_name ORDER BY rowid DESC LIMIT 1") ?? 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, surname, given_name, patronymic FROM record WHERE id > ? ORDER BY id", arguments: [indexed])
        let insert = try PreparedInsert(db, sql: nameIndexInsertSQL)
        var keys: [UInt8] = []
        while let row = try rows.next() {
            keys.removeAll(keepingCapacity: true)
            names.append(surname: row[1], givenName: row[2], patronymic: row[3], to: &keys)
            try keys.withUnsafeBytes { keys in
                try insert.bind(1, integer: row[0])
                try insert.bind(2, text: keys)
                try insert.run()
            }
        }
    }

    /// Brings the name index up to date, for a database whose records came in before it existed.
    public func indexNames() throws {
        try writer.write { db in try Self.indexNames(in: db) }
    }
}
