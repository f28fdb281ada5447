import Foundation
import GRDB
import GRDBSQLite

/// One statement prepared on a connection and run through SQLite's C interface: the hot paths of an
/// import, which writes a record and its journal entry a million times in one transaction, and the scans of
/// journal verification, each over a million rows.
///
/// GRDB's statements convert every argument to a `DatabaseValue` first and make a `Row` and a Swift value
/// of every column read, and SQLite copies every text it is given unless told the bytes stay put. Here text
/// and blobs are bound in place (`SQLITE_STATIC`): the caller binds from bytes that stay valid until
/// ``run()`` returns, which clears the bindings; and a scan reads each column's bytes where SQLite holds
/// them. The statement runs inside the transaction of the GRDB `read` or `write` whose database made it, on
/// the same connection, and is finalised when it is released.
final class PreparedStatement {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String

    /// Prepares `sql`, binding `arguments` to its first parameters in order.
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
            try bind(Int32(offset + 1), integer: argument)
        }
    }

    deinit {
        sqlite3_finalize(statement)
    }

    // MARK: - Binding and running

    /// Binds text, given as its UTF-8 bytes, to the parameter at `index` (from 1); `nil` binds NULL.
    /// The bytes must stay valid until ``run()`` returns.
    func bind(_ index: Int32, text: UnsafeRawBufferPointer?) throws {
        guard let text else { return try bindNull(index) }
        // A zero-length text needs an address all the same, or SQLite would bind NULL.
        let start = text.baseAddress ?? UnsafeRawPointer(Self.empty.utf8Start)
        try check(sqlite3_bind_text(statement, index, start, Int32(text.count), Self.inPlace))
    }

    /// Binds text, given as its UTF-8 bytes, that the byte after it ends: it is bound as a C string, read in place.
    ///
    /// SQLite hands a function (a CHECK's `GLOB` or `length`) text that ends in a zero byte, and copies text
    /// bound with its length to add one, for every check of every row. Text that holds a zero byte itself is
    /// bound with its length.
    func bind(_ index: Int32, terminatedText text: UnsafeRawBufferPointer) throws {
        guard let start = text.baseAddress, memchr(start, 0, text.count) == nil else { return try bind(index, text: text) }
        precondition(start.load(fromByteOffset: text.count, as: UInt8.self) == 0, "terminated text ends in a zero byte")
        try check(sqlite3_bind_text(statement, index, start, -1, Self.inPlace))
    }

    /// Binds a blob to the parameter at `index`; `nil` binds NULL. The bytes must stay valid until ``run()`` returns.
    func bind(_ index: Int32, blob: UnsafeRawBufferPointer?) throws {
        guard let blob else { return try bindNull(index) }
        let start = blob.baseAddress ?? UnsafeRawPointer(Self.empty.utf8Start)
        try check(sqlite3_bind_blob(statement, index, start, Int32(blob.count), Self.inPlace))
    }

    /// Binds an integer to the parameter at `index`; `nil` binds NULL.
    func bind(_ index: Int32, integer: Int64?) throws {
        guard let integer else { return try bindNull(index) }
        try check(sqlite3_bind_int64(statement, index, integer))
    }

    /// Runs a statement that returns no rows (an insert) with the values bound since the last run, then clears them.
    func run() throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try check(sqlite3_step(statement), expecting: SQLITE_DONE)
    }

    // MARK: - Stepping through rows

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

    private func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(statement, index))
    }

    private func check(_ code: Int32, expecting expected: Int32 = SQLITE_OK) throws {
        guard code != expected else { return }
        throw DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// `SQLITE_STATIC`, a null destructor: SQLite reads the bytes where they are, and does not free them.
    private static let inPlace: sqlite3_destructor_type? = nil

    /// The address bound for empty text or an empty blob.
    private static let empty: StaticString = ""
}
