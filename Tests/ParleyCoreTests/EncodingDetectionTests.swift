import PropertyBased
import Testing

@testable import ParleyCore

/// Bytes of synthetic names in single-byte encodings, as Python's `cp1251` and `koi8_r` codecs write them.
enum EncodedNames {
    /// "Захаров", "Иван", "Петрович", "Смирнова", "Ольга", "Сергеевна" in KOI8-R.
    static let koi8r: [String: [UInt8]] = [
        "Захаров": [0xFA, 0xC1, 0xC8, 0xC1, 0xD2, 0xCF, 0xD7],
        "Иван": [0xE9, 0xD7, 0xC1, 0xCE],
        "Петрович": [0xF0, 0xC5, 0xD4, 0xD2, 0xCF, 0xD7, 0xC9, 0xDE],
        "Смирнова": [0xF3, 0xCD, 0xC9, 0xD2, 0xCE, 0xCF, 0xD7, 0xC1],
        "Ольга": [0xEF, 0xCC, 0xD8, 0xC7, 0xC1],
        "Сергеевна": [0xF3, 0xC5, 0xD2, 0xC7, 0xC5, 0xC5, 0xD7, 0xCE, 0xC1],
    ]
    /// "Бойко", "Мельник", "Ткаченко", "Олена" in Windows-1251.
    static let windows1251: [String: [UInt8]] = [
        "Бойко": [0xC1, 0xEE, 0xE9, 0xEA, 0xEE],
        "Мельник": [0xCC, 0xE5, 0xEB, 0xFC, 0xED, 0xE8, 0xEA],
        "Ткаченко": [0xD2, 0xEA, 0xE0, 0xF7, 0xE5, 0xED, 0xEA, 0xEE],
        "Олена": [0xCE, 0xEB, 0xE5, 0xED, 0xE0],
    ]

    /// A registry file of `id,surname,given_name` rows whose names are given as bytes.
    static func file(_ rows: [[UInt8]]) -> [UInt8] {
        var bytes = Array("id,surname,given_name\n".utf8)
        for (index, row) in rows.enumerated() {
            bytes += Array("S-\(index + 1),".utf8) + row + [0x0A]
        }
        return bytes
    }

    /// A text in a single-byte encoding, through the inverse of its table; `nil` if a character has no byte.
    static func encode(_ text: String, scalars: [UInt16]) -> [UInt8]? {
        var inverse: [UInt32: UInt8] = [:]
        for (index, scalar) in scalars.enumerated() where scalar != 0 { inverse[UInt32(scalar)] = UInt8(0x80 + index) }
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else if let byte = inverse[scalar.value] {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return bytes
    }
}

@Suite("A file that is not UTF-8 is read as Windows-1251 only when its letters read as words there")
struct EncodingDetectionTests {
    static var today: PartialDate {
        get throws { try PartialDate(year: 2026, month: 2, day: 5) }
    }

    func surnames(_ bytes: [UInt8], encoding: TextEncoding?) throws -> (encoding: TextEncoding, surnames: [String?]) {
        var reader = try RegistryFileReader(bytes: bytes, file: "held.csv", encoding: encoding, today: try Self.today)
        var surnames: [String?] = []
        while let result = reader.next() { surnames.append(try? result.get().person.surname) }
        return (reader.encoding, surnames)
    }

    func refusal(_ bytes: [UInt8]) -> RowProblem? {
        #expect(throws: RowProblem.self) {
            _ = try RegistryFileReader(bytes: bytes, file: "held.csv", encoding: nil, today: try Self.today)
        }
    }

    @Test("a KOI8-R file is recognised and refused, not read as Windows-1251 mojibake")
    func koi8rIsRecognised() throws {
        // Given a file written in KOI8-R
        let names = EncodedNames.koi8r
        let bytes = try EncodedNames.file([
            #require(names["Захаров"]) + [0x2C] + #require(names["Иван"]),
            #require(names["Смирнова"]) + [0x2C] + #require(names["Ольга"]),
        ])
        // When it is read without naming its encoding
        let problem = refusal(bytes)
        // Then it is refused, at its first line that is not UTF-8, with the option that reads it
        #expect(problem?.line == 2)
        #expect(problem?.reason.contains("read as Cyrillic words in KOI8-R") == true)
        #expect(problem?.reason.contains("Give --encoding koi8-r") == true)
    }

    @Test("a KOI8-R file read with --encoding koi8-r gives the names as written")
    func koi8rIsReadWhenNamed() throws {
        let names = EncodedNames.koi8r
        let bytes = try EncodedNames.file([
            #require(names["Захаров"]) + [0x2C] + #require(names["Петрович"]),
            #require(names["Сергеевна"]) + [0x2C] + #require(names["Ольга"]),
        ])
        let read = try surnames(bytes, encoding: .koi8r)
        #expect(read.encoding == .koi8r)
        #expect(read.surnames == ["Захаров", "Сергеевна"])
        var reader = try RegistryFileReader(bytes: bytes, file: "held.csv", encoding: .koi8r, today: try Self.today)
        #expect(try reader.next()?.get().person.givenName == "Петрович")
    }

    @Test("a file mixing UTF-8 and Windows-1251 lines is refused, naming its first line in each")
    func mixedIsRefused() throws {
        // Given a file whose lines 2 and 4 are UTF-8 and lines 3 and 5 Windows-1251
        let names = EncodedNames.windows1251
        var bytes = Array("id,surname,given_name\nS-1,Захаров,Іван\nS-2,".utf8)
        bytes += try #require(names["Бойко"]) + Array(",Ivan\nS-3,Шевчук,Тарас\nS-4,".utf8)
        bytes += try #require(names["Мельник"]) + Array(",Petro\n".utf8)
        // When it is read, with or without a byte order mark
        for prefix in [[], [0xEF, 0xBB, 0xBF] as [UInt8]] {
            let problem = refusal(prefix + bytes)
            // Then it is refused, naming line 2 as UTF-8 and line 3 as Windows-1251
            #expect(problem?.line == 3)
            #expect(problem?.reason.contains("the file mixes encodings: line 2 is UTF-8, line 3 is Windows-1251") == true)
            #expect(problem?.reason.contains("Save the whole file as UTF-8") == true)
        }
    }

    @Test("a mixed file whose other lines read as no encoding says they are not UTF-8")
    func mixedWithUnknownLines() {
        let bytes = Array("id,surname\nS-1,Захаров\nS-2,M".utf8) + [0xFC] + Array("ller\n".utf8)
        let problem = refusal(bytes)
        #expect(problem?.reason.contains("line 2 is UTF-8, line 3 is not UTF-8") == true)
    }

    @Test("a Windows-1251 file is still detected, in capitals too")
    func windows1251IsDetected() throws {
        let names = EncodedNames.windows1251
        let capitals = try #require(EncodedNames.encode("ТКАЧЕНКО", scalars: TextDecoding.windows1251Scalars))
        let bytes = try EncodedNames.file([
            #require(names["Ткаченко"]) + [0x2C] + #require(names["Олена"]),
            #require(names["Бойко"]) + Array(",Ivan".utf8),
            capitals + Array(",Petro".utf8),
        ])
        let read = try surnames(bytes, encoding: nil)
        #expect(read.encoding == .windows1251)
        #expect(read.surnames == ["Ткаченко", "Бойко", "ТКАЧЕНКО"])
    }

    @Test("a file whose letters read as words in neither encoding is refused with the encodings it could be")
    func neitherIsRefused() {
        // "Müller" and "Dvořák" as Windows-1250 writes them
        let bytes = Array("id,surname\nS-1,M".utf8) + [0xFC] + Array("ller\nS-2,Dvo".utf8) + [0xF8, 0xE1, 0x6B, 0x0A]
        let problem = refusal(bytes)
        #expect(problem?.line == 2)
        #expect(problem?.reason.contains("in neither Windows-1251 nor KOI8-R") == true)
        #expect(problem?.reason.contains("it could be --encoding windows-1251 or --encoding koi8-r") == true)
    }

    @Test("every name of the KOI8-R table is the letter RFC 1489 puts there")
    func koi8rTable() throws {
        // RFC 1489: 0xC0 to 0xDF are the small letters in this order, 0xE0 to 0xFF the capitals; 0xA3 ё, 0xB3 Ё.
        let small = "юабцдефгхийклмнопярстужвьызшэщчъ"
        let bytes = [0xA3, 0xB3] + Array(0xC0...0xFF) as [UInt8]
        let decoded = try TextDecoding.utf8(from: bytes, encoding: .koi8r)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "ёЁ" + small + small.uppercased())
    }

    @Test("encoding names are read in any case", arguments: ["koi8-r", "KOI8-R", "koi8r", "csKOI8R"])
    func koi8rNames(name: String) {
        #expect(TextEncoding(name: name) == .koi8r)
    }

    static let surnamesPool = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Петров",
        "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов",
        "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров",
        "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов", "Куликов", "Алексеев",
    ]
    static let givenPool = [
        "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений", "Иван", "Михаил", "Артём",
        "Елена", "Ольга", "Наталья", "Анна", "Мария", "Татьяна", "Юрий", "Пётр", "Николай", "Владимир",
    ]

    /// Three to twelve rows of synthetic Russian names (in KOI8-R as in Windows-1251), some in capitals.
    static let rows = Gen.int(in: 0...10_000).array(of: 3...12).map { picks in
        picks.map { pick -> String in
            let surname = surnamesPool[pick % surnamesPool.count]
            let given = givenPool[(pick / 7) % givenPool.count]
            return "\(pick % 5 == 0 ? surname.uppercased() : surname),\(given)"
        }
    }

    @Test("synthetic names are read in Windows-1251 and recognised in KOI8-R")
    func syntheticNames() async {
        await propertyCheck(count: 300, input: Self.rows) { rows in
            let text = "id,surname,given_name\n" + rows.enumerated().map { "S-\($0.offset),\($0.element)\n" }.joined()
            let windows1251 = try #require(EncodedNames.encode(text, scalars: TextDecoding.windows1251Scalars))
            let koi8r = try #require(EncodedNames.encode(text, scalars: TextDecoding.koi8rScalars))
            let read = try TextDecoding.utf8(from: windows1251, encoding: nil)
            #expect(read.encoding == .windows1251)
            #expect(String(decoding: read.bytes, as: UTF8.self) == text)
            #expect(throws: UndecodableText.looksLikeKOI8R(at: 26, line: 2)) {
                _ = try TextDecoding.utf8(from: koi8r, encoding: nil)
            }
            #expect(String(decoding: try TextDecoding.utf8(from: koi8r, encoding: .koi8r).bytes, as: UTF8.self) == text)
        }
    }
}
