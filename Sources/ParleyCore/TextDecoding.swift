/// The encodings a registry file may come in.
public enum TextEncoding: String, Hashable, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    /// Windows-1251, in which spreadsheets on Cyrillic systems save CSV files.
    case windows1251 = "windows-1251"
    /// KOI8-R (RFC 1489), in which older Russian systems saved text; read only when named, never assumed.
    case koi8r = "koi8-r"

    /// Reads `utf-8`, `utf8`, `windows-1251`, `cp1251`, `koi8-r`, `koi8r`, `cskoi8r` in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1251", "cp1251", "win1251", "windows1251": self = .windows1251
        case "koi8-r", "koi8r", "cskoi8r": self = .koi8r
        default: return nil
        }
    }

    /// The encoding's name as people write it: UTF-8, Windows-1251, KOI8-R.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .windows1251: "Windows-1251"
        case .koi8r: "KOI8-R"
        }
    }

    /// The names `--encoding` takes, for help texts and remedies: `utf-8, windows-1251 or koi8-r`.
    public static var acceptedNames: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}

/// Turns a file's bytes into UTF-8, detecting the encoding when none is given.
public enum TextDecoding {
    /// The file's text as UTF-8 bytes without a byte order mark, and the encoding it was read in.
    ///
    /// Without `encoding`, a file that is valid UTF-8 (with or without a BOM) is read as UTF-8.
    /// Any other file is read as Windows-1251 only when its letters read as Cyrillic words there
    /// (see ``LetterStatistics``); one that reads as KOI8-R, as both or as neither is refused with
    /// the encodings it could be, and so is one whose lines mix UTF-8 with another encoding.
    /// A named encoding is trusted as named: it is the way out when detection is wrong.
    ///
    /// UTF-8 is read where it lies, so a mapped file stays mapped; another encoding is converted
    /// into a copy in memory.
    public static func utf8(
        from file: FileBytes, encoding: TextEncoding?
    ) throws(UndecodableText) -> (bytes: FileBytes, encoding: TextEncoding) {
        try file.withUnsafeBytes { bytes throws(UndecodableText) in
            let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            let start = hasBOM ? 3 : 0
            let body = UnsafeBufferPointer(rebasing: bytes[start...])
            switch encoding {
            case .utf8:
                if let offset = firstInvalidUTF8(body) {
                    throw UndecodableText.invalidUTF8(at: offset, line: line(of: offset, in: body))
                }
                return (file.dropFirst(start), .utf8)
            case .windows1251:
                return (FileBytes(try singleByteToUTF8(bytes, scalars: windows1251Scalars)), .windows1251)
            case .koi8r:
                return (FileBytes(try singleByteToUTF8(bytes, scalars: koi8rScalars)), .koi8r)
            case nil:
                guard let offset = firstInvalidUTF8(body) else { return (file.dropFirst(start), .utf8) }
                let line = line(of: offset, in: body)
                let survey = LineSurvey(body)
                if let utf8Line = survey.firstUTF8Line, let otherLine = survey.firstOtherLine {
                    throw .mixed(utf8Line: utf8Line, otherLine: otherLine, otherReadsAs: survey.reading.encoding)
                }
                // A byte order mark says UTF-8: the file is broken UTF-8, not another encoding.
                if hasBOM { throw .invalidUTF8(at: offset, line: line) }
                switch survey.reading {
                case .windows1251: return (FileBytes(try singleByteToUTF8(body, scalars: windows1251Scalars)), .windows1251)
                case .koi8r: throw .looksLikeKOI8R(at: offset, line: line)
                case .both, .neither:
                    let couldBe: [TextEncoding] = body.contains(0x98) ? [.koi8r] : [.windows1251, .koi8r]
                    throw .notRecognized(at: offset, line: line, readsAsBoth: survey.reading == .both, couldBe: couldBe)
                }
            }
        }
    }

    /// ``utf8(from:encoding:)`` of bytes in memory.
    public static func utf8(
        from bytes: [UInt8], encoding: TextEncoding?
    ) throws(UndecodableText) -> (bytes: [UInt8], encoding: TextEncoding) {
        let decoded = try utf8(from: FileBytes(bytes), encoding: encoding)
        return (decoded.bytes.array, decoded.encoding)
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, if any.
    ///
    /// ASCII is skipped eight bytes at a time and two-byte sequences (Cyrillic) are checked
    /// before the general case: a registry of a million rows is read before its import starts.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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

    static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The bytes of a single-byte encoding as UTF-8, through the encoding's table of scalars for 0x80 to 0xFF.
    static func singleByteToUTF8(_ bytes: UnsafeBufferPointer<UInt8>, scalars: [UInt16]) throws(UndecodableText) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = UInt32(scalars[Int(byte - 0x80)])
            // Only Windows-1251 leaves a byte undefined.
            guard scalar != 0 else { throw .undefinedWindows1251(at: offset, line: line(of: offset, in: bytes)) }
            // Every scalar of the tables is below U+FFFF and above U+007F.
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

    /// Windows-1251 bytes 0x80 to 0xFF as Unicode scalars; 0 marks 0x98, which is undefined.
    /// Source: the Unicode Consortium's mapping file CP1251.TXT; 0xC0 to 0xFF map to
    /// U+0410 to U+044F and are computed.
    static let windows1251Scalars: [UInt16] =
        [
            0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
            0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
            0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
            0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
            0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
            0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
            0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        ] + (0x0410...0x044F)

    /// KOI8-R bytes 0x80 to 0xFF as Unicode scalars: every byte is defined.
    /// Source: RFC 1489 and the Unicode Consortium's mapping file KOI8-R.TXT. Lowercase letters
    /// come before uppercase ones, the reverse of Windows-1251, so each reads the other's
    /// letters with their case swapped.
    static let koi8rScalars: [UInt16] = [
        0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
        0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
        0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
        0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
        0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556,
        0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
        0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565,
        0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
        0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
        0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
        0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432,
        0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
        0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413,
        0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
        0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
        0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
    ]
}

/// How the lines of a file that is not valid UTF-8 read: which are UTF-8 and which are not, and
/// how the letters of those that are not read in Windows-1251 and in KOI8-R.
///
/// One pass over the bytes, line by line; the letters are counted up to ``LetterStatistics/enough``.
struct LineSurvey {
    /// The first line with letters beyond ASCII that is valid UTF-8.
    private(set) var firstUTF8Line: Int?
    /// The first line that is not valid UTF-8.
    private(set) var firstOtherLine: Int?
    private(set) var windows1251 = LetterStatistics(classes: LetterStatistics.windows1251Classes)
    private(set) var koi8r = LetterStatistics(classes: LetterStatistics.koi8rClasses)

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        var survey = self
        do {
            var start = 0
            var line = 1
            while start < buffer.count {
                var end = start
                var high: UInt8 = 0
                while end < buffer.count && buffer[end] != 0x0A {
                    high |= buffer[end]
                    end += 1
                }
                if high & 0x80 != 0 {
                    let text = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    if TextDecoding.firstInvalidUTF8(text) == nil {
                        if survey.firstUTF8Line == nil { survey.firstUTF8Line = line }
                    } else {
                        if survey.firstOtherLine == nil { survey.firstOtherLine = line }
                        survey.windows1251.add(text)
                        survey.koi8r.add(text)
                    }
                }
                if survey.firstUTF8Line != nil && survey.firstOtherLine != nil && survey.windows1251.hasEnough { break }
                start = end + 1
                line += 1
            }
        }
        self = survey
    }

    /// The single-byte encoding in which the lines that are not UTF-8 read as Cyrillic words.
    var reading: SingleByteReading {
        switch (windows1251.readsAsWords, koi8r.readsAsWords) {
        case (true, false): return .windows1251
        case (false, true): return .koi8r
        case (false, false): return .neither
        case (true, true):
            // Both shapes of word hold (all capitals, say): the commoner letters decide, if clearly.
            let difference = windows1251.commonShare - koi8r.commonShare
            return difference >= 0.1 ? .windows1251 : difference <= -0.1 ? .koi8r : .both
        }
    }
}

/// The single-byte encodings in which a text reads as Cyrillic words.
enum SingleByteReading: Hashable, Sendable {
    case windows1251, koi8r, both, neither

    /// The one encoding, if exactly one.
    var encoding: TextEncoding? {
        switch self {
        case .windows1251: .windows1251
        case .koi8r: .koi8r
        case .both, .neither: nil
        }
    }
}

/// How the letters of a text read in one single-byte encoding: as Cyrillic words, or as the jumble a
/// wrong encoding makes of them.
///
/// Read in the wrong one of Windows-1251 and KOI8-R, Cyrillic letters swap their case and their
/// places in the alphabet (`Захаров` written in KOI8-R reads `ъБИБТПЧ` in Windows-1251), and UTF-8
/// turns into `Р` and `С` among signs (`Р—Р°С…Р°СЂРѕРІ`). A reading is taken as words when at least
/// half of its letters stand in words of two or more letters cased as words are (`захаров`,
/// `Захаров`, `ЗАХАРОВ`), and at least half are among the twelve commonest letters of Russian and
/// Ukrainian, о е а и н т с р в л к і: about 70% of the letters of names and text, about 35% once
/// the alphabet is shuffled.
struct LetterStatistics {
    /// For each byte, 0 when it is no Cyrillic letter, else ``letter`` with ``upper`` and ``common`` as they apply.
    let classes: [UInt8]
    private(set) var letters = 0
    private(set) var lettersInWords = 0
    private(set) var commonLetters = 0
    // The word being read: its length, whether its first letter is a capital, and the case of the others.
    private var length = 0
    private var firstIsUpper = false
    private var laterUpper = false
    private var laterLower = false

    static let letter: UInt8 = 1
    static let upper: UInt8 = 2
    static let common: UInt8 = 4
    /// Letters enough to decide: counting stops there, so a file of a million rows is not read twice over.
    static let enough = 100_000

    /// Statistics of no letters yet, for the encoding whose byte classes are `classes`.
    init(classes: [UInt8]) {
        self.classes = classes
    }

    var hasEnough: Bool { letters >= Self.enough }

    var readsAsWords: Bool {
        letters > 0 && lettersInWords * 2 >= letters && commonLetters * 2 >= letters
    }

    var commonShare: Double { letters == 0 ? 0 : Double(commonLetters) / Double(letters) }

    /// Counts the letters of one line.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !hasEnough else { return }
        let classes = self.classes
        for byte in bytes {
            let kind = classes[Int(byte)]
            guard kind & Self.letter != 0 else {
                endWord()
                continue
            }
            letters += 1
            if kind & Self.common != 0 { commonLetters += 1 }
            let isUpper = kind & Self.upper != 0
            if length == 0 {
                firstIsUpper = isUpper
                laterUpper = false
                laterLower = false
            } else if isUpper {
                laterUpper = true
            } else {
                laterLower = true
            }
            length += 1
        }
        endWord()
    }

    private mutating func endWord() {
        if length >= 2 && (!laterUpper || (firstIsUpper && !laterLower)) { lettersInWords += length }
        length = 0
    }

    static let windows1251Classes = classes(of: TextDecoding.windows1251Scalars)
    static let koi8rClasses = classes(of: TextDecoding.koi8rScalars)

    /// The class of each byte of a single-byte encoding, from its scalars for 0x80 to 0xFF.
    static func classes(of scalars: [UInt16]) -> [UInt8] {
        // о е а и н т с р в л к і
        let commonest: Set<UInt16> = [
            0x043E, 0x0435, 0x0430, 0x0438, 0x043D, 0x0442, 0x0441, 0x0440, 0x0432, 0x043B, 0x043A, 0x0456,
        ]
        var classes = [UInt8](repeating: 0, count: 256)
        for (index, scalar) in scalars.enumerated() where (0x0400...0x045F).contains(scalar) {
            // Capitals are U+0400 to U+042F; U+0400 to U+040F have their small letters 0x50 above, the rest 0x20.
            let small = scalar >= 0x0430 ? scalar : scalar < 0x0410 ? scalar + 0x50 : scalar + 0x20
            var kind = letter
            if scalar < 0x0430 { kind |= upper }
            if commonest.contains(small) { kind |= common }
            classes[0x80 + index] = kind
        }
        return classes
    }
}

/// A file whose bytes are not text in the encoding it was read in, or whose encoding cannot be told.
public enum UndecodableText: ParleyError, Hashable {
    case invalidUTF8(at: Int, line: Int)
    case undefinedWindows1251(at: Int, line: Int)
    /// Some lines are UTF-8 and some are not; `otherReadsAs` is the encoding in which those read as words, if one does.
    case mixed(utf8Line: Int, otherLine: Int, otherReadsAs: TextEncoding?)
    /// Not UTF-8, and the letters read as words in KOI8-R alone, which is read only when named.
    case looksLikeKOI8R(at: Int, line: Int)
    /// Not UTF-8, and the letters read as words in both single-byte encodings or in neither.
    case notRecognized(at: Int, line: Int, readsAsBoth: Bool, couldBe: [TextEncoding])

    public var code: String {
        switch self {
        case .invalidUTF8, .undefinedWindows1251: "file.encoding.invalid"
        case .mixed: "file.encoding.mixed"
        case .looksLikeKOI8R, .notRecognized: "file.encoding.unrecognized"
        }
    }
    public var line: Int {
        switch self {
        case .invalidUTF8(_, let line), .undefinedWindows1251(_, let line), .looksLikeKOI8R(_, let line),
            .notRecognized(_, let line, _, _), .mixed(_, let line, _):
            line
        }
    }
    public var message: String {
        switch self {
        case .invalidUTF8(let offset, _): "byte \(offset) is not valid UTF-8"
        case .undefinedWindows1251(let offset, _): "byte \(offset) (0x98) is not a character in Windows-1251"
        case .mixed(let utf8Line, let otherLine, let other):
            "the file mixes encodings: line \(utf8Line) is UTF-8, line \(otherLine) is "
                + (other.map(\.displayName) ?? "not UTF-8")
        case .looksLikeKOI8R(let offset, _):
            "byte \(offset) is not valid UTF-8, and the file's letters read as Cyrillic words in KOI8-R, not in Windows-1251"
        case .notRecognized(let offset, _, let both, _):
            "byte \(offset) is not valid UTF-8, and the file's letters read as Cyrillic words in "
                + (both ? "both Windows-1251 and KOI8-R, too few to tell which" : "neither Windows-1251 nor KOI8-R")
        }
    }
    public var remedy: String {
        switch self {
        case .invalidUTF8:
            "Save the file as UTF-8, or give --encoding windows-1251 or --encoding koi8-r if it was saved in one of those"
        case .undefinedWindows1251: "Save the file as UTF-8 and import it again"
        case .mixed: "Save the whole file as UTF-8 and import it again"
        case .looksLikeKOI8R: "Give --encoding koi8-r to read it as KOI8-R, or save it as UTF-8"
        case .notRecognized(_, _, _, let couldBe):
            "Save the file as UTF-8 and import it again, or give the encoding it was saved in: it could be "
                + couldBe.map { "--encoding \($0.rawValue)" }.joined(separator: " or ") + ", or another encoding"
        }
    }
}
