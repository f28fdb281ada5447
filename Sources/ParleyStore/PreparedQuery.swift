import GRDB
import GRDBSQLite

/// One SELECT statement prepared on a connection and stepped through SQLite's C interface:
/// the scans of journal verification, each over a million rows.
///
/// A GRDB cursor makes a `Row` and a Swift value of every column; these scans only hash
/// each column's bytes, so they read them where SQLite holds them. The statement runs in the
/// transaction of the `read` or `write` whose database made it, and is finalised when it is
/// released.
final class PreparedQuery {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String

    /// Prepares `sql`, binding `arguments` to its parameters in order.
    init(_ db: Database, sql: String, arguments: [Int64] = []) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.statement = statement
        self.connection = connection
        self.sql = sql
        for (offset, argument) in arguments.enumerated() {
            let code = sqlite3_bind_int64(statement, Int32(offset + 1), argument)
            guard code == SQLITE_OK else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
        }
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// Moves to the next row: `true` when there is one, `false` after the last.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// The column of the current row as an integer, or `nil` for NULL.
    func integer(_ column: Int32) -> Int64? {
        let value = sqlite3_column_value(statement, column)
        return sqlite3_value_type(value) == SQLITE_NULL ? nil : sqlite3_value_int64(value)
    }

    /// The bytes of the column of the current row, text as UTF-8 or a blob as it is, or `nil` for NULL.
    ///
    /// They are SQLite's own and valid only until the next step: hash or copy them at once.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        // The column's value is read once and asked its type, bytes and length: each sqlite3_column_*
        // call would look the column up again. (SQLite calls such a value unprotected: it must not be
        // shared with another thread, and this statement never is.)
        let value = sqlite3_column_value(statement, column)
        guard sqlite3_value_type(value) != SQLITE_NULL else { return nil }
        // sqlite3_value_blob before sqlite3_value_bytes, as SQLite's documentation asks.
        let start = sqlite3_value_blob(value)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_value_bytes(value)))
    }
}
