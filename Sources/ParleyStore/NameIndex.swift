import GRDB
import ParleyCore
import ParleyLinkage

extension AppDatabase {
    /// The search keys of every person's names, shared by the index and the queries.
    static let nameKeys = Result { () throws(DataTableError) in try NameSearchKeys() }

    /// Adds the records not yet in the name index. Records are only ever added and their names never
    /// change, so everything above the highest indexed id is what is missing.
    static func indexNames(in db: Database) throws {
        let keys = try nameKeys.get()
        let indexed = try Int64.fetchOne(db, sql: "SELECT rowid FROM record_name ORDER BY rowid DESC LIMIT 1") ?? 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, surname, given_name, patronymic FROM record WHERE id > ? ORDER BY id", arguments: [indexed])
        let insert = try db.makeStatement(sql: "INSERT INTO record_name (rowid, keys) VALUES (?, ?)")
        while let row = try rows.next() {
            let words = keys.keys(surname: row[1], givenName: row[2], patronymic: row[3])
            try insert.execute(arguments: [row[0] as Int64, words.joined(separator: " ")])
        }
    }

    /// Brings the name index up to date, for a database whose records came in before it existed.
    public func indexNames() throws {
        try writer.write { db in try Self.indexNames(in: db) }
    }
}
