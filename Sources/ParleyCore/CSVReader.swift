/// Reads CSV (RFC 4180) from UTF-8 bytes, one row at a time.
///
/// Fields may be quoted, with `""` for a quote and line breaks inside quotes. The
/// delimiter is a comma, a semicolon (as spreadsheets write it where the comma is the
/// decimal mark) or a tab, taken from the header line. Each row carries the line on
/// which it starts, so problems can be reported where a person can find them.
public struct CSVReader: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line the row starts on, counting from 1 for the header.
        public let line: Int
        public let fields: [String]
    }

    /// The file; each call reads its buffer, valid while the reader keeps it.
    private let source: FileBytes
    private var position = 0
    private var line = 1
    /// How many fields the last row had: room for as many in the next.
    private var fieldCount = 0
    public let delimiter: UInt8

    public init(utf8 source: FileBytes) {
        self.source = source
        self.delimiter = CSVReader.detectDelimiter(source.buffer)
    }

    public init(utf8 bytes: [UInt8]) {
        self.init(utf8: FileBytes(bytes))
    }

    /// The next row, `nil` at the end; blank lines are skipped.
    public mutating func next() throws(CSVSyntaxError) -> Row? {
        let bytes = source.buffer
        while position < bytes.count {
            let startLine = line
            var fields: [String] = []
            fields.reserveCapacity(fieldCount)
            var lastFieldWasQuoted = false
            var endOfRow = false
            while !endOfRow {
                lastFieldWasQuoted = position < bytes.count && bytes[position] == UInt8(ascii: "\"")
                fields.append(
                    lastFieldWasQuoted ? try quotedField(in: bytes, startLine: startLine) : try unquotedField(in: bytes))
                // The field ends at a delimiter, a line break or the end of the file.
                if position == bytes.count { break }
                let byte = bytes[position]
                position += 1
                switch byte {
                case delimiter: continue
                case 0x0A: endOfRow = true
                case 0x0D:
                    if position < bytes.count && bytes[position] == 0x0A { position += 1 }
                    endOfRow = true
                default:
                    // Only a quoted field can stop before one of those: at text after its closing quote.
                    throw byte == UInt8(ascii: "\"") ? .strayQuote(line: line) : .textAfterClosingQuote(line: line)
                }
            }
            if endOfRow { line += 1 }
            if fields.count == 1 && fields[0].isEmpty && !lastFieldWasQuoted { continue }
            fieldCount = fields.count
            return Row(line: startLine, fields: fields)
        }
        return nil
    }

    /// The field that starts at ``position`` and has no quotes: made from the file's bytes in one go.
    private mutating func unquotedField(in bytes: UnsafeBufferPointer<UInt8>) throws(CSVSyntaxError) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
            if byte == UInt8(ascii: "\"") { throw .strayQuote(line: line) }
            position += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// The quoted field that starts at ``position``, without its quotes and with each `""` read as `"`.
    private mutating func quotedField(
        in bytes: UnsafeBufferPointer<UInt8>, startLine: Int
    ) throws(CSVSyntaxError) -> String {
        position += 1
        var start = position
        var unescaped: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: "\"") else { continue }
            unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]))
            guard position < bytes.count && bytes[position] == UInt8(ascii: "\"") else {
                return String(decoding: unescaped, as: UTF8.self)
            }
            // A doubled quote is one quote of the field's text.
            unescaped.append(UInt8(ascii: "\""))
            position += 1
            start = position
        }
        throw .unterminatedQuote(line: startLine)
    }

    /// The delimiter that occurs most often outside quotes on the first line; a comma on a tie.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $1.key == UInt8(ascii: ",")) }!
        return best.value > comma ? best.key : UInt8(ascii: ",")
    }
}

/// A CSV file that cannot be read as rows of fields.
public enum CSVSyntaxError: ParleyError, Hashable {
    case unterminatedQuote(line: Int)
    case strayQuote(line: Int)
    case textAfterClosingQuote(line: Int)

    public var line: Int {
        switch self {
        case .unterminatedQuote(let line), .strayQuote(let line), .textAfterClosingQuote(let line): line
        }
    }
    public var code: String { "csv.syntax" }
    public var message: String {
        switch self {
        case .unterminatedQuote: "a quoted field opened on this line is never closed"
        case .strayQuote: "a quote appears inside an unquoted field"
        case .textAfterClosingQuote: "text follows the closing quote of a field"
        }
    }
    public var remedy: String {
        "Quote the whole field and double any quote inside it, as in \"Ivanov \"\"Jr\"\"\""
    }
}
