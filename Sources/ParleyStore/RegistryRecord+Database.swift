import GRDB
import ParleyCore
import ParleyLedger

// MARK: - Database

extension RegistryRecord: FetchableRecord {
    /// The record table's columns, `id` among them, in the order of the canonical form's fields: each field
    /// is the column of its name. The single list that the insert, the selection, the decoding and the
    /// verification of the journal all follow.
    static let columns = CanonicalRecordForm.fields.map(\.name)

    /// The columns, for a `SELECT` whose rows ``init(row:)`` decodes: each field at its position.
    static let selection = columns.joined(separator: ", ")

    /// The same columns named by their table, for a join whose other table has a column of the same name
    /// (the name index's hidden `rank`).
    static let qualifiedSelection = columns.map { "record.\($0)" }.joined(separator: ", ")

    /// The record table with every column, for an insert (``RowsInsert``).
    static let insertTarget = "record (\(selection))"

    /// The state digest of the current row of a scan that selected ``selection``, written from its columns'
    /// bytes: the inverse of ``PreparedStatement/bind(_:_:)``, so that a row verifies if and only if it holds
    /// what was inserted or journaled.
    static func stateDigest(of row: PreparedStatement) -> Digest {
        let fields = CanonicalRecordForm.fields
        return withUnsafeTemporaryAllocation(of: CanonicalRecordForm.Member?.self, capacity: fields.count) { members in
            for field in fields {
                let column = Int32(field.rawValue)
                let member: CanonicalRecordForm.Member?
                switch field {
                case .id:
                    member = row.integer(column).map { .integer($0) }
                case .synthetic:
                    // A flag is 0 or 1; anything else (which the schema refuses) is written as the number it is,
                    // which no journaled state holds.
                    member = row.integer(column).map { $0 == 0 || $0 == 1 ? .flag($0 == 1) : .integer($0) }
                default:
                    member = row.bytes(column).map { .text($0) }
                }
                members.initializeElement(at: field.rawValue, to: member)
            }
            return CanonicalRecordForm.digest(UnsafeBufferPointer(members))
        }
    }

    /// Decodes a row selected with ``selection``.
    public init(row: Row) throws {
        func value<T: RawRepresentable>(_ position: Int, _ field: CanonicalField) throws -> T? where T.RawValue == String {
            guard let text = row[position] as String? else { return nil }
            guard let value = T(rawValue: text) else {
                throw StoredValueError(table: "record", column: field.name, value: text)
            }
            return value
        }
        func date(_ position: Int) throws -> PartialDate? {
            try (row[position] as String?).map { try PartialDate(parsing: $0) }
        }
        var id: Int64 = 0
        var party = ""
        var kind = RecordKind.held
        var reference = ""
        var statusName = ""
        var isSynthetic = false
        var person = PersonDetails(surname: "")
        for field in CanonicalRecordForm.fields {
            let position = field.rawValue
            switch field {
            case .armedForce: person.armedForce = row[position]
            case .capturedAt: person.capturedAt = row[position]
            case .capturedOn: person.capturedOn = try date(position)
            case .category: person.category = try value(position, field) ?? .military
            case .dateOfBirth: person.dateOfBirth = try date(position)
            case .dependsOn: person.dependsOn = row[position]
            case .fatherName: person.fatherName = row[position]
            case .givenName: person.givenName = row[position]
            case .health: person.health = try value(position, field)
            case .id: id = row[position]
            case .informAddress: person.informAddress = row[position]
            case .informName: person.informName = row[position]
            case .internedAt: person.internedAt = row[position]
            case .kind: kind = try value(position, field) ?? .held
            case .motherMaidenName: person.motherMaidenName = row[position]
            case .party: party = row[position]
            case .patronymic: person.patronymic = row[position]
            case .placeOfBirth: person.placeOfBirth = row[position]
            case .rank: person.rank = row[position]
            case .reference: reference = row[position]
            case .serviceNumber: person.serviceNumber = row[position]
            case .sex: person.sex = try value(position, field)
            case .status: statusName = row[position]
            case .surname: person.surname = row[position]
            case .synthetic: isSynthetic = row[position]
            case .unit: person.unit = row[position]
            }
        }
        self.init(
            id: ID(rawValue: id), party: Party.Code(rawValue: party), reference: reference, person: person,
            status: try RecordStatus(kind: kind, name: statusName), isSynthetic: isSynthetic)
    }

    static func fetch(_ id: ID, in db: Database) throws -> RegistryRecord? {
        try RegistryRecord.fetchOne(
            db.cachedStatement(sql: "SELECT \(selection) FROM record WHERE id = ?"), arguments: [id.rawValue])
    }
}

extension PreparedStatement {
    /// Binds one member of a record's form to the parameter at `index`: text as it is, an integer as it is, a flag
    /// as 1 or 0, an absent member as NULL.
    func bind(_ index: Int32, _ member: CanonicalRecordForm.Member?) throws {
        switch member {
        case .text(let text): try bind(index, text: text)
        case .integer(let integer): try bind(index, integer: integer)
        case .flag(let flag): try bind(index, integer: flag ? 1 : 0)
        case nil: try bind(index, text: nil)
        }
    }
}

/// A value in the database that Parley never writes: the file was changed by hand.
public struct StoredValueError: ParleyError {
    public let table: String
    public let column: String
    public let value: String
    public var code: String { "store.value.invalid" }
    public var message: String { "the database holds '\(value)' in \(table).\(column), which Parley never writes" }
    public var remedy: String { "Run parley journal verify to find what was changed, and restore a backup that verifies" }
}
