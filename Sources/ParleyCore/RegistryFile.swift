/// The CSV format in which a party's registry is imported.
///
/// One row per person; a header names the columns, in any order, in English, in any
/// case. `id` and `surname` are required; every other column may be absent or empty,
/// which means "not known". The same names are read by `parley match`.
public enum RegistryColumn: String, CaseIterable, Sendable {
    case id
    case surname
    case givenName = "given_name"
    case patronymic
    case sex
    case dateOfBirth = "date_of_birth"
    case placeOfBirth = "place_of_birth"
    case rank
    case serviceNumber = "service_number"
    case armedForce = "armed_force"
    case unit
    case dependsOn = "depends_on"
    case fatherName = "father_name"
    case motherMaidenName = "mother_maiden_name"
    case informName = "inform_name"
    case informAddress = "inform_address"
    case category
    case health
    case capturedOn = "captured_on"
    case capturedAt = "captured_at"
    case internedAt = "interned_at"
    case synthetic

    public var isRequired: Bool { self == .id || self == .surname }

    /// The column's position in `allCases`.
    var ordinal: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }

    /// What the column holds and the values it takes, as the README lists it.
    public var documentation: String {
        switch self {
        case .id: "the party's own reference for the record, unique within the party's held or sought records"
        case .surname: "surname, as written"
        case .givenName: "first name(s), as written"
        case .patronymic: "patronymic (father's name form), as written"
        case .sex: "male, female, m, f (also м, ч, ж)"
        case .dateOfBirth: "YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY"
        case .placeOfBirth: "place of birth, as written"
        case .rank: "rank, as written"
        case .serviceNumber: "army, regimental, personal or serial number"
        case .armedForce: "the army or force the person serves in"
        case .unit: "unit"
        case .dependsOn: "the Power on which the person depends (Art. 122), such as UA"
        case .fatherName: "father's first name (Art. 122)"
        case .motherMaidenName: "mother's maiden name (Art. 122)"
        case .informName: "the person to inform (Art. 122)"
        case .informAddress: "that person's address"
        case .category: "military (the default) or civilian"
        case .health: "well, wounded, sick, seriously_wounded or seriously_sick"
        case .capturedOn: "date of capture, in the same forms as date_of_birth"
        case .capturedAt: "place of capture"
        case .internedAt: "place of internment"
        case .synthetic: "yes for a person made up for demonstration or tests"
        }
    }
}

/// One problem with one value of a registry file: `file:line: column: value: reason`.
public struct RowProblem: ParleyError, Hashable, Encodable {
    public let file: String
    public let line: Int
    public let column: String
    /// The bad value as quoted: at most ``QuotedValue/maximumLength`` characters of it, and its length when cut.
    public let value: String
    public let reason: String

    /// A problem; `value` is kept as ``QuotedValue/shortened(_:maximumLength:)`` quotes it.
    public init(file: String, line: Int, column: String, value: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = QuotedValue.shortened(value)
        self.reason = reason
    }

    public var code: String { "import.row.invalid" }
    public var message: String { "\(file):\(line): \(column): \(value): \(reason)" }
    public var remedy: String { "" }
}

/// A row of a registry file that passed every check.
public struct RegistryRow: Sendable, Hashable {
    public let line: Int
    public let reference: String
    public let person: PersonDetails
    public let isSynthetic: Bool

    /// A row; `line` is 0 for rows that come from no file, such as generated ones.
    public init(line: Int, reference: String, person: PersonDetails, isSynthetic: Bool) {
        self.line = line
        self.reference = reference
        self.person = person
        self.isSynthetic = isSynthetic
    }
}

/// Reads a registry file's rows, checking every value against the format.
public struct RegistryFileReader: Sendable {
    public let file: String
    public let encoding: TextEncoding
    private var reader: CSVReader
    /// The column of each field of a row, or `nil` for a column the purpose ignores.
    private let columns: [RegistryColumn?]
    private let today: PartialDate
    private let purpose: Purpose
    private var seenReferences: [String: Int] = [:]

    /// The longest text a field may hold; anything longer is a shifted or pasted cell.
    public static let maximumFieldLength = 300

    /// What a file is read for, which decides the columns its header must and may have.
    public enum Purpose: Sendable {
        /// A registry import: every column must be one Parley knows, and `id` and `surname` must be there.
        case registryImport
        /// Matching (`parley match`): the header must name `id` and the six columns matching compares;
        /// other columns are ignored. Only `id` needs a value in every row: an empty surname is unknown,
        /// as any other empty field is, and such a row is read with an empty surname.
        case matching

        func requires(_ column: RegistryColumn) -> Bool {
            switch self {
            case .registryImport: column.isRequired
            case .matching: column.isRequired || Self.matchedColumns.contains(column)
            }
        }

        /// Whether every row must have a value in `column`.
        func requiresValue(_ column: RegistryColumn) -> Bool {
            switch self {
            case .registryImport: column.isRequired
            case .matching: column == .id
            }
        }

        static let matchedColumns: [RegistryColumn] = [
            .givenName, .patronymic, .dateOfBirth, .placeOfBirth, .serviceNumber,
        ]
    }

    /// Opens a file's bytes, decoding them and reading the header.
    ///
    /// - Parameter today: the date against which dates of birth and capture are checked.
    public init(
        bytes: FileBytes, file: String, encoding: TextEncoding?, today: PartialDate, purpose: Purpose = .registryImport
    ) throws(RowProblem) {
        self.file = file
        self.today = today
        self.purpose = purpose
        let decoded: (bytes: FileBytes, encoding: TextEncoding)
        do {
            decoded = try TextDecoding.utf8(from: bytes, encoding: encoding)
        } catch {
            throw RowProblem(file: file, line: error.line, column: "-", value: "-", reason: error.description)
        }
        self.encoding = decoded.encoding
        self.reader = CSVReader(utf8: decoded.bytes)
        let header: CSVReader.Row?
        do {
            header = try reader.next()
        } catch {
            throw RowProblem(file: file, line: error.line, column: "-", value: "-", reason: error.description)
        }
        guard let header else {
            throw RowProblem(
                file: file, line: 1, column: "-", value: "", reason: "the file is empty; the first line must name the columns")
        }
        var columns: [RegistryColumn?] = []
        for name in header.fields {
            let trimmed = String(name.trimmingWhitespace()).lowercased()
            guard let column = RegistryColumn(rawValue: trimmed) else {
                if case .matching = purpose {
                    columns.append(nil)
                    continue
                }
                throw RowProblem(
                    file: file, line: header.line, column: "header", value: name,
                    reason: "unknown column; the columns are " + RegistryColumn.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard !columns.contains(column) else {
                throw RowProblem(file: file, line: header.line, column: "header", value: name, reason: "the column appears twice")
            }
            columns.append(column)
        }
        for required in RegistryColumn.allCases where purpose.requires(required) && !columns.contains(required) {
            throw RowProblem(
                file: file, line: header.line, column: "header", value: header.fields.joined(separator: ","),
                reason: "the required column '\(required.rawValue)' is missing")
        }
        self.columns = columns
        // Room for the ids of as many rows as a file of short rows would hold, so the table rarely grows.
        seenReferences.reserveCapacity(bytes.count / 128)
    }

    /// Opens a file's bytes held in memory.
    public init(
        bytes: [UInt8], file: String, encoding: TextEncoding?, today: PartialDate, purpose: Purpose = .registryImport
    ) throws(RowProblem) {
        try self.init(bytes: FileBytes(bytes), file: file, encoding: encoding, today: today, purpose: purpose)
    }

    /// The next row, with its problems if it has any; `nil` at the end of the file.
    public mutating func next() -> Result<RegistryRow, RowProblems>? {
        let row: CSVReader.Row?
        do {
            row = try reader.next()
        } catch {
            return .failure(
                RowProblems(
                    [RowProblem(file: file, line: error.line, column: "-", value: "-", reason: error.description)], fatal: true))
        }
        guard let row else { return nil }
        return check(row)
    }

    private mutating func check(_ row: CSVReader.Row) -> Result<RegistryRow, RowProblems> {
        guard row.fields.count == columns.count else {
            return .failure(
                RowProblems([
                    RowProblem(
                        file: file, line: row.line, column: "-", value: row.fields.joined(separator: ","),
                        reason: "the row has \(row.fields.count) fields where the header has \(columns.count)")
                ]))
        }
        var problems: [RowProblem] = []
        // Values by column, in the order of RegistryColumn.allCases; nil where absent or blank.
        var values = [String?](repeating: nil, count: RegistryColumn.allCases.count)
        for (column, value) in zip(columns, row.fields) {
            guard let column else { continue }
            if let reason = Self.textProblem(value) {
                problems.append(RowProblem(file: file, line: row.line, column: column.rawValue, value: value, reason: reason))
            } else if !Self.isBlank(value) {
                values[column.ordinal] = value
            }
        }
        func value(_ column: RegistryColumn) -> String? { values[column.ordinal] }
        func problem(_ column: RegistryColumn, _ reason: String) {
            problems.append(
                RowProblem(file: file, line: row.line, column: column.rawValue, value: value(column) ?? "", reason: reason))
        }
        func parse<T>(_ column: RegistryColumn, _ read: (String) -> T?, _ reason: String) -> T? {
            guard let text = value(column) else { return nil }
            guard let parsed = read(String(text.trimmingWhitespace())) else {
                problem(column, reason)
                return nil
            }
            return parsed
        }
        func date(_ column: RegistryColumn) -> PartialDate? {
            guard let text = value(column) else { return nil }
            do {
                let date = try PartialDate(parsing: text)
                if date.year < 1900 { problem(column, "the year is before 1900") }
                if today < date && !date.admits(today) { problem(column, "the date is after today (\(today))") }
                return date
            } catch {
                problem(column, error.description)
                return nil
            }
        }

        for column in RegistryColumn.allCases where purpose.requiresValue(column) && value(column) == nil {
            problem(column, "required; it must not be empty")
        }
        if let reference = value(.id) {
            if let earlier = seenReferences[reference] {
                problem(.id, "the same id is already on line \(earlier)")
            } else {
                seenReferences[reference] = row.line
            }
        }
        let sex = parse(.sex, Self.readSex, "write male or female (m, f, м, ч, ж)")
        let category = parse(
            .category, { PersonCategory(rawValue: $0) ?? PersonCategory(rawValue: $0.lowercased()) }, "write military or civilian"
        )
        let health = parse(
            .health, { Health(rawValue: $0) ?? Health(rawValue: $0.lowercased()) },
            "write well, wounded, sick, seriously_wounded or seriously_sick")
        let synthetic = parse(.synthetic, Self.readFlag, "write yes or no")
        let dateOfBirth = date(.dateOfBirth)
        let capturedOn = date(.capturedOn)
        if let dateOfBirth, let capturedOn, capturedOn < dateOfBirth {
            problem(.capturedOn, "the date of capture is before the date of birth (\(dateOfBirth))")
        }
        guard problems.isEmpty, let reference = value(.id) else { return .failure(RowProblems(problems)) }
        let person = PersonDetails(
            surname: value(.surname) ?? "", givenName: value(.givenName), patronymic: value(.patronymic), sex: sex,
            dateOfBirth: dateOfBirth, placeOfBirth: value(.placeOfBirth), rank: value(.rank),
            serviceNumber: value(.serviceNumber), armedForce: value(.armedForce), unit: value(.unit),
            dependsOn: value(.dependsOn), fatherName: value(.fatherName), motherMaidenName: value(.motherMaidenName),
            informName: value(.informName), informAddress: value(.informAddress), category: category ?? .military,
            health: health, capturedOn: capturedOn, capturedAt: value(.capturedAt), internedAt: value(.internedAt))
        return .success(RegistryRow(line: row.line, reference: reference, person: person, isSynthetic: synthetic ?? false))
    }

    /// Whether a cell holds nothing but white space.
    static func isBlank(_ value: String) -> Bool {
        // A printable ASCII character, or a Cyrillic letter (lead bytes 0xD0 to 0xD3), first: nearly every cell.
        if let first = value.utf8.first, (0x21...0x7E).contains(first) || (0xD0...0xD3).contains(first) { return false }
        // Any character that is not white space means there is text.
        return !value.unicodeScalars.contains { scalar in
            switch scalar.value {
            // White space in ASCII is the space and the controls from tab to carriage return.
            case 0..<0x80: scalar != " " && !(0x09...0x0D).contains(scalar.value)
            // Below U+2000 only U+0085, U+00A0 and U+1680 are white space: letters of every script in use here are not.
            case 0x80..<0x2000: scalar.value != 0x85 && scalar.value != 0xA0 && scalar.value != 0x1680
            default: !scalar.properties.isWhitespace
            }
        }
    }

    /// Why a cell's text cannot be kept, or `nil` when it can be kept as written.
    static func textProblem(_ value: String) -> String? {
        var text = value
        if text.withUTF8({ containsControlCharacter(UnsafeRawBufferPointer($0)) }) {
            return "contains a control character; remove it"
        }
        if value.utf8.count > maximumFieldLength && value.unicodeScalars.count > maximumFieldLength {
            return "longer than \(maximumFieldLength) characters; check that the cells are not shifted"
        }
        return nil
    }

    /// Whether UTF-8 text holds a control character: C0 (bytes below 0x20, less the tab), DEL, or C1
    /// (U+0080 to U+009F, written 0xC2 0x80 to 0xC2 0x9F).
    static func containsControlCharacter(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func mayHoldOne(_ word: UInt64) -> Bool {
            ByteWords.hasByte(below: 0x20, in: word) || ByteWords.hasByte(0x7F, in: word) || ByteWords.hasByte(0xC2, in: word)
        }
        // Eight bytes at a time, the last eight overlapping the word before: most text has none of those bytes.
        guard bytes.count >= 8 else { return byByte(bytes) }
        var index = 0
        while bytes.count - index > 8 {
            if mayHoldOne(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return byByte(bytes) }
            index += 8
        }
        return mayHoldOne(bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) && byByte(bytes)

        // A tab, or 0xC2 opening a letter such as «, is no control: look at each byte.
        func byByte(_ bytes: UnsafeRawBufferPointer) -> Bool {
            var afterC2 = false
            for byte in bytes {
                if (byte < 0x20 && byte != 0x09) || byte == 0x7F || (afterC2 && byte < 0xA0) { return true }
                afterC2 = byte == 0xC2
            }
            return false
        }
    }

    static func readSex(_ text: String) -> Sex? {
        switch text.lowercased() {
        case "male", "m", "м", "ч": .male
        case "female", "f", "ж": .female
        default: nil
        }
    }

    static func readFlag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "1", "y": true
        case "no", "false", "0", "n": false
        default: nil
        }
    }
}

/// The problems of one row; `fatal` when the rest of the file cannot be read.
public struct RowProblems: Error, Sendable, Hashable {
    public let problems: [RowProblem]
    public let fatal: Bool

    public init(_ problems: [RowProblem], fatal: Bool = false) {
        self.problems = problems
        self.fatal = fatal
    }
}
