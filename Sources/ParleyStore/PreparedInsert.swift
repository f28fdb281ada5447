import Foundation
import GRDB
import GRDBSQLite

/// One INSERT statement prepared on the writer's connection and run through SQLite's C
/// interface: the hot path of an import, which writes a record and its journal entry a
/// million times in one transaction.
///
/// GRDB's statements convert every argument to a `DatabaseValue` first, and SQLite copies
/// every text it is given unless told the bytes stay put. Here text and blobs are bound in
/// place (`SQLITE_STATIC`): the caller binds from bytes that stay valid until ``run()``
/// returns, which clears the bindings. The statement runs inside the transaction GRDB
/// opened, on the same connection, and is finalised when it is released.
final class PreparedInsert {
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

    /// Runs the insert with the values bound since the last run, then clears them.
    func run() throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try check(sqlite3_step(statement), expecting: SQLITE_DONE)
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

/// An INSERT of many rows, prepared once for a statement of ``rowsPerStatement`` rows and once for one row:
/// how the journal's entries are written, and an import's records and their names.
///
/// Each statement costs SQLite some thousands of instructions beyond its rows (preparing its cursors,
/// ending the statement), about a quarter of what one record's insert costs. A statement of many rows pays
/// that once for all of them; FTS5, besides, writes a segment of its index at every statement that
/// changes it (``NameIndexInserter``).
final class RowsInsert {
    private let rowsPerStatement: Int
    private let columnCount: Int
    /// The statement of ``rowsPerStatement`` rows; `nil` when that is one.
    private let many: PreparedInsert?
    private let one: PreparedInsert

    /// - Parameters:
    ///   - into: the table and its columns, such as `journal (sequence, at)`.
    ///   - columnCount: how many columns `into` names, each bound to one parameter.
    init(_ db: Database, into table: String, columnCount: Int, rowsPerStatement: Int = 1) throws {
        precondition(rowsPerStatement >= 1 && columnCount >= 1, "an insert has rows and columns")
        let row = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        let rows = Array(repeating: row, count: rowsPerStatement).joined(separator: ", ")
        many = rowsPerStatement > 1 ? try PreparedInsert(db, sql: "INSERT INTO \(table) VALUES \(rows)") : nil
        one = try PreparedInsert(db, sql: "INSERT INTO \(table) VALUES \(row)")
        self.columnCount = columnCount
        self.rowsPerStatement = rowsPerStatement
    }

    /// Inserts `count` rows in whole statements of ``rowsPerStatement`` rows, then the rest one by one.
    ///
    /// `bind` binds the row at an index, from 0, to the statement's parameters from `first` on; bytes it binds
    /// in place must stay valid until this returns.
    func insert(_ count: Int, _ bind: (_ index: Int, _ statement: PreparedInsert, _ first: Int32) throws -> Void) throws {
        var index = 0
        while let many, count - index >= rowsPerStatement {
            for offset in 0..<rowsPerStatement {
                try bind(index + offset, many, Int32(offset * columnCount + 1))
            }
            try many.run()
            index += rowsPerStatement
        }
        while index < count {
            try bind(index, one, 1)
            try one.run()
            index += 1
        }
    }
}
