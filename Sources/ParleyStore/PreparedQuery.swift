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

    init(_ db: Database, sql: String) throws {
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

    /// The column of the current row as an integer; 0 for NULL.
    func integer(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// The bytes of the column of the current row, text as UTF-8 or a blob as it is; empty for NULL.
    ///
    /// They are SQLite's own and valid only until the next step: hash or copy them at once.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_blob before sqlite3_column_bytes, as SQLite's documentation asks.
        let start = sqlite3_column_blob(statement, column)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The column's bytes, or `nil` for NULL.
    func optionalBytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        isNull(column) ? nil : bytes(column)
    }
}
