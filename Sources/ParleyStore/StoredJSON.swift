import Foundation

/// Values kept in a text column as JSON: keys sorted, so that the same value is always the same
/// text, whose digest the journal may hold.
enum StoredJSON {
    static func text<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value a column holds; a ``StoredValueError`` naming the table and column when it cannot be read.
    static func value<Value: Decodable>(_ type: Value.Type, from text: String, table: String, column: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoredValueError(table: table, column: column, value: String(text.prefix(80)))
        }
    }
}
