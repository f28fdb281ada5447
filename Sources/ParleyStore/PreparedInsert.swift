import GRDB
import GRDBSQLite

/// One INSERT statement prepared on the writer's connection and run through SQLite's C
/// interface: the hot path of an import, which writes a record and its journal entry a
/// million times in one transaction.
///
/// GRDB's statements convert every argument to a `DatabaseValue` first; binding straight
/// from Swift strings halves the cost of each row. The statement runs inside the
/// transaction GRDB opened, on the same connection, and is finalised when it is released.
final class PreparedInsert {
    /// A value to bind.
    enum Value: Sendable {
        case text(String?)
        case integer(Int64?)
        case blob([UInt8]?)
    }

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

    /// Binds the values to the statement's parameters, in order, and runs it.
    func execute(_ values: [Value]) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(let text?):
                // SQLITE_TRANSIENT: SQLite copies the bytes before this call returns.
                code = sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            case .integer(let integer?):
                code = sqlite3_bind_int64(statement, index, integer)
            case .blob(let bytes?):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(
                        statement, index, buffer.baseAddress, Int32(buffer.count),
                        unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            case .text(nil), .integer(nil), .blob(nil):
                code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}
