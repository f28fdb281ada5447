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

@Suite("Cells are checked eight bytes at a time")
struct CellCheckTests {
    /// Text with controls, DEL and the C1 range among letters of both scripts, anywhere in its eight-byte words.
    static let cells = Gen<UInt8>.value().array(of: 0...30).map { picks in
        String(
            picks.map { pick -> String in
                ["a", "ж", "\t", "\u{1}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "é", " ", "\u{2003}", "\u{1680}", "Z"][
                    Int(pick) % 13]
            }.joined())
    }

    @Test("a control character is found wherever it stands, and white space only is blank")
    func controlsAndBlanks() async {
        await propertyCheck(count: 2000, input: Self.cells) { text in
            let byByte: Bool = {
                var afterC2 = false
                for byte in text.utf8 {
                    if (byte < 0x20 && byte != 0x09) || byte == 0x7F || (afterC2 && byte < 0xA0) { return true }
                    afterC2 = byte == 0xC2
                }
                return false
            }()
            #expect((RegistryFileReader.textProblem(text) != nil) == byByte)
            #expect(RegistryFileReader.isBlank(text) == text.unicodeScalars.allSatisfy(\.properties.isWhitespace))
        }
    }
}

@Suite("UTF-8 is validated eight ASCII bytes at a time")
struct UTF8ValidationTests {
    /// The validation as it was first written, one sequence at a time.
    static func firstInvalidByHand(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low && byte <= high else { return index }
            }
            index += length
        }
        return nil
    }

    /// Mostly ASCII and Cyrillic, with stray continuation bytes, overlong leads, surrogates and cut sequences.
    static let texts = Gen<UInt8>.value().array(of: 0...64).map { picks in
        picks.map { pick -> UInt8 in
            [0x41, 0x20, 0xD0, 0xB6, 0xD1, 0x8F, 0x80, 0xC0, 0xC2, 0xE0, 0xED, 0xA0, 0xF0, 0xF4, 0x90, 0xFF][Int(pick) % 16]
        }
    }

    @Test("the first invalid byte is found where the sequence-by-sequence reading finds it")
    func sameAsByHand() async {
        await propertyCheck(count: 3000, input: Self.texts) { bytes in
            #expect(TextDecoding.firstInvalidUTF8(bytes) == Self.firstInvalidByHand(bytes))
            #expect((TextDecoding.firstInvalidUTF8(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil))
        }
    }
}

@Suite("Dates are written as ISO 8601 at their precision")
struct DateWritingTests {
    @Test("every year, month and day is written with its zeros")
    func everyDate() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 1...9999), Gen.int(in: 0...12), Gen.int(in: 0...31)) {
            year, month, day in
            let date = try? PartialDate(year: year, month: month == 0 ? nil : month, day: day == 0 || month == 0 ? nil : day)
            guard let date else { return }
            var expected = String(repeating: "0", count: 4 - String(year).count) + String(year)
            if let month = date.month { expected += month < 10 ? "-0\(month)" : "-\(month)" }
            if let day = date.day { expected += day < 10 ? "-0\(day)" : "-\(day)" }
            #expect(date.description == expected)
        }
    }
}
