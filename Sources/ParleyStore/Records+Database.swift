import GRDB
import ParleyCore

// MARK: - Database

extension RegistryRecord: FetchableRecord {
    /// The record table's columns after `id`, in one order: the single list that the
    /// insert, the selection and the decoding all follow.
    static let storedColumns = [
        "party", "kind", "reference", "status", "surname", "given_name", "patronymic", "sex", "date_of_birth",
        "place_of_birth", "rank", "service_number", "armed_force", "unit", "depends_on", "father_name",
        "mother_maiden_name", "inform_name", "inform_address", "category", "health", "captured_on", "captured_at",
        "interned_at", "synthetic",
    ]

    /// `id` and the stored columns, for a `SELECT` whose rows ``init(row:)`` decodes.
    static let selection = (["id"] + storedColumns).joined(separator: ", ")

    /// The prepared insert of one record with its id and every stored column.
    static let insertSQL =
        "INSERT INTO record (id, \(storedColumns.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: storedColumns.count)))"

    /// The values of ``storedColumns``, in their order.
    var storedValues: [PreparedInsert.Value] {
        let p = person
        return [
            .text(party.rawValue), .text(kind.rawValue), .text(reference), .text(status.name), .text(p.surname),
            .text(p.givenName), .text(p.patronymic), .text(p.sex?.rawValue), .text(p.dateOfBirth?.description),
            .text(p.placeOfBirth), .text(p.rank), .text(p.serviceNumber), .text(p.armedForce), .text(p.unit),
            .text(p.dependsOn), .text(p.fatherName), .text(p.motherMaidenName), .text(p.informName),
            .text(p.informAddress), .text(p.category.rawValue), .text(p.health?.rawValue),
            .text(p.capturedOn?.description), .text(p.capturedAt), .text(p.internedAt), .integer(isSynthetic ? 1 : 0),
        ]
    }

    /// Decodes a row selected with ``selection``: `id`, then the stored columns by position.
    public init(row: Row) throws {
        func value<T: RawRepresentable>(_ index: Int) throws -> T? where T.RawValue == String {
            guard let text = row[index] as String? else { return nil }
            guard let value = T(rawValue: text) else {
                throw StoredValueError(table: "record", column: Self.storedColumns[index - 1], value: text)
            }
            return value
        }
        func date(_ index: Int) throws -> PartialDate? {
            try (row[index] as String?).map { try PartialDate(parsing: $0) }
        }
        let kind: RecordKind = try value(2) ?? .held
        let person = PersonDetails(
            surname: row[5], givenName: row[6], patronymic: row[7], sex: try value(8), dateOfBirth: try date(9),
            placeOfBirth: row[10], rank: row[11], serviceNumber: row[12], armedForce: row[13], unit: row[14],
            dependsOn: row[15], fatherName: row[16], motherMaidenName: row[17], informName: row[18],
            informAddress: row[19], category: try value(20) ?? .military, health: try value(21), capturedOn: try date(22),
            capturedAt: row[23], internedAt: row[24])
        self.init(
            id: ID(rawValue: row[0]), party: Party.Code(rawValue: row[1]), reference: row[3], person: person,
            status: try RecordStatus(kind: kind, name: row[4]), isSynthetic: row[25])
    }

    /// The values of ``insertSQL``: the record's id, then ``storedValues``.
    var insertValues: [PreparedInsert.Value] {
        guard let id else { preconditionFailure("a record has its id before it is inserted") }
        return [.integer(id.rawValue)] + storedValues
    }

    static func fetch(_ id: ID, in db: Database) throws -> RegistryRecord? {
        try RegistryRecord.fetchOne(db, sql: "SELECT \(selection) FROM record WHERE id = ?", arguments: [id.rawValue])
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
