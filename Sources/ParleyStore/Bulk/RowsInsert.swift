import GRDB

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
    private let many: PreparedStatement?
    private let one: PreparedStatement

    /// - Parameters:
    ///   - into: the table and its columns, such as `journal (sequence, at)`.
    ///   - columnCount: how many columns `into` names, each bound to one parameter.
    init(_ db: Database, into table: String, columnCount: Int, rowsPerStatement: Int = 1) throws {
        precondition(rowsPerStatement >= 1 && columnCount >= 1, "an insert has rows and columns")
        let row = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        let rows = Array(repeating: row, count: rowsPerStatement).joined(separator: ", ")
        many = rowsPerStatement > 1 ? try PreparedStatement(db, sql: "INSERT INTO \(table) VALUES \(rows)") : nil
        one = try PreparedStatement(db, sql: "INSERT INTO \(table) VALUES \(row)")
        self.columnCount = columnCount
        self.rowsPerStatement = rowsPerStatement
    }

    /// Inserts `count` rows in whole statements of ``rowsPerStatement`` rows, then the rest one by one.
    ///
    /// `bind` binds the row at an index, from 0, to the statement's parameters from `first` on; bytes it binds
    /// in place must stay valid until this returns.
    func insert(_ count: Int, _ bind: (_ index: Int, _ statement: PreparedStatement, _ first: Int32) throws -> Void) throws {
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
