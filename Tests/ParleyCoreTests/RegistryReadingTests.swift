import PropertyBased
import Testing

@testable import ParleyCore

@Suite("CSV is read field by field as RFC 4180 writes it")
struct CSVReaderTests {
    /// The reader as it was first written, byte by byte: what the faster one must agree with.
    struct ByteByByteReader {
        let bytes: [UInt8]
        var position = 0
        var line = 1
        let delimiter: UInt8

        mutating func next() throws(CSVSyntaxError) -> CSVReader.Row? {
            while position < bytes.count {
                let startLine = line
                var fields: [String] = []
                var field: [UInt8] = []
                var quoted = false
                var fieldWasQuoted = false
                var endOfRow = false
                while position < bytes.count && !endOfRow {
                    let byte = bytes[position]
                    position += 1
                    if quoted {
                        if byte == UInt8(ascii: "\"") {
                            if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                                field.append(byte)
                                position += 1
                            } else {
                                quoted = false
                            }
                        } else {
                            if byte == 0x0A { line += 1 }
                            field.append(byte)
                        }
                        continue
                    }
                    switch byte {
                    case delimiter:
                        fields.append(String(decoding: field, as: UTF8.self))
                        field.removeAll(keepingCapacity: true)
                        fieldWasQuoted = false
                    case UInt8(ascii: "\""):
                        guard field.isEmpty && !fieldWasQuoted else { throw .strayQuote(line: line) }
                        quoted = true
                        fieldWasQuoted = true
                    case 0x0A:
                        line += 1
                        endOfRow = true
                    case 0x0D:
                        if position < bytes.count && bytes[position] == 0x0A { position += 1 }
                        line += 1
                        endOfRow = true
                    default:
                        guard !fieldWasQuoted else { throw .textAfterClosingQuote(line: line) }
                        field.append(byte)
                    }
                }
                if quoted { throw .unterminatedQuote(line: startLine) }
                fields.append(String(decoding: field, as: UTF8.self))
                if fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted { continue }
                return CSVReader.Row(line: startLine, fields: fields)
            }
            return nil
        }
    }

    /// Every row, or the error that stops the reading, with the rows before it.
    static func rows<Reader>(
        _ reader: inout Reader, _ next: (inout Reader) throws(CSVSyntaxError) -> CSVReader.Row?
    )
        -> (rows: [CSVReader.Row], error: CSVSyntaxError?)
    {
        var rows: [CSVReader.Row] = []
        do {
            while let row = try next(&reader) { rows.append(row) }
            return (rows, nil)
        } catch {
            return (rows, error)
        }
    }

    /// Files made of the bytes that matter to CSV, and a few letters.
    static let files = Gen<UInt8>.value().array(of: 0...60).map { picks in
        picks.map { [UInt8](",;\"\n\r\tab é".utf8)[Int($0) % 11] }
    }

    @Test("any file is read into the same rows, or stops at the same error, as byte by byte")
    func sameAsByteByByte() async {
        await propertyCheck(count: 3000, input: Self.files) { bytes in
            var fast = CSVReader(utf8: bytes)
            var slow = ByteByByteReader(bytes: bytes, delimiter: fast.delimiter)
            let expected = Self.rows(&slow) { reader throws(CSVSyntaxError) in try reader.next() }
            let found = Self.rows(&fast) { reader throws(CSVSyntaxError) in try reader.next() }
            #expect(found.rows == expected.rows, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(found.error == expected.error, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test("a blank cell is white space only, in any script")
    func blankCells() {
        #expect(RegistryFileReader.isBlank(""))
        #expect(RegistryFileReader.isBlank(" \t\u{A0}\u{3000}"))
        #expect(!RegistryFileReader.isBlank(" Іван "))
        #expect(!RegistryFileReader.isBlank("\u{1}"))
        #expect(!RegistryFileReader.isBlank("\u{7F}"))
        #expect(" ж ".trimmingWhitespace() == "ж")
        #expect("ж".trimmingWhitespace() == "ж")
        #expect("\tmale\u{A0}".trimmingWhitespace() == "male")
    }
}
