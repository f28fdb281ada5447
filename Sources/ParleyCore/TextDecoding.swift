/// The encodings a registry file may come in.
public enum TextEncoding: String, Hashable, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    /// Windows-1251, in which spreadsheets on Cyrillic systems save CSV files.
    case windows1251 = "windows-1251"

    /// Reads `utf-8`, `utf8`, `windows-1251`, `cp1251` in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1251", "cp1251", "win1251", "windows1251": self = .windows1251
        default: return nil
        }
    }
}

/// Turns a file's bytes into UTF-8, detecting the encoding when none is given.
public enum TextDecoding {
    /// The file's text as UTF-8 bytes without a byte order mark, and the encoding it was read in.
    ///
    /// Without `encoding`, a file that is valid UTF-8 (with or without a BOM) is read as
    /// UTF-8 and any other file as Windows-1251, where nearly every byte is a character.
    public static func utf8(
        from bytes: [UInt8], encoding: TextEncoding?
    ) throws(UndecodableText) -> (bytes: [UInt8], encoding: TextEncoding) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasBOM = bytes.starts(with: bom)
        switch encoding {
        case .utf8:
            let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
            if let offset = firstInvalidUTF8(body) {
                throw UndecodableText.invalidUTF8(at: offset, line: line(of: offset, in: body))
            }
            return (body, .utf8)
        case .windows1251:
            return (try windows1251ToUTF8(bytes), .windows1251)
        case nil:
            if hasBOM || firstInvalidUTF8(bytes) == nil {
                return (hasBOM ? Array(bytes.dropFirst(3)) : bytes, .utf8)
            }
            return (try windows1251ToUTF8(bytes), .windows1251)
        }
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, if any.
    ///
    /// ASCII is skipped eight bytes at a time and two-byte sequences (Cyrillic) are checked
    /// before the general case: a registry of a million rows is read before its import starts.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                if count - index >= 8,
                    UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                    continue
                }
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                if lead >= 0xC2 && lead <= 0xDF {
                    guard index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 else { return index }
                    index += 2
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch lead {
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return index
                }
                guard index + length <= count else { return index }
                for offset in 1..<length {
                    let byte = bytes[index + offset]
                    let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                    guard byte >= low && byte <= high else { return index }
                }
                index += length
            }
            return nil
        }
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    static func windows1251ToUTF8(_ bytes: [UInt8]) throws(UndecodableText) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar: UInt32
            if byte >= 0xC0 {
                scalar = 0x0410 + UInt32(byte - 0xC0)
            } else {
                scalar = UInt32(windows1251High[Int(byte - 0x80)])
                guard scalar != 0 else { throw .undefinedWindows1251(at: offset, line: line(of: offset, in: bytes)) }
            }
            // Every scalar of the table is below U+FFFF and above U+007F.
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return output
    }

    /// Windows-1251 bytes 0x80 to 0xBF as Unicode scalars; 0 marks 0x98, which is undefined.
    /// Source: the Unicode Consortium's mapping file CP1251.TXT; 0xC0 to 0xFF map to
    /// U+0410 to U+044F and are computed.
    private static let windows1251High: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]
}

/// A file whose bytes are not text in the encoding it was read in.
public enum UndecodableText: ParleyError, Hashable {
    case invalidUTF8(at: Int, line: Int)
    case undefinedWindows1251(at: Int, line: Int)

    public var code: String { "file.encoding.invalid" }
    public var line: Int {
        switch self {
        case .invalidUTF8(_, let line), .undefinedWindows1251(_, let line): line
        }
    }
    public var message: String {
        switch self {
        case .invalidUTF8(let offset, _): "byte \(offset) is not valid UTF-8"
        case .undefinedWindows1251(let offset, _): "byte \(offset) (0x98) is not a character in Windows-1251"
        }
    }
    public var remedy: String {
        switch self {
        case .invalidUTF8: "Save the file as UTF-8, or give --encoding windows-1251 if it was saved in that encoding"
        case .undefinedWindows1251: "Save the file as UTF-8 and import it again"
        }
    }
}
