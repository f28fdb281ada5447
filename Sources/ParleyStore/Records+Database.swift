import GRDB
import ParleyCore

// MARK: - Database

extension RegistryRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "record"

    public init(row: Row) throws {
        func date(_ column: String) throws -> PartialDate? {
            try (row[column] as String?).map { try PartialDate(parsing: $0) }
        }
        func value<T: RawRepresentable>(_ column: String) throws -> T? where T.RawValue == String {
            guard let text = row[column] as String? else { return nil }
            guard let value = T(rawValue: text) else { throw StoredValueError(table: "record", column: column, value: text) }
            return value
        }
        let kind: RecordKind = try value("kind") ?? .held
        let person = PersonDetails(
            surname: row["surname"], givenName: row["given_name"], patronymic: row["patronymic"], sex: try value("sex"),
            dateOfBirth: try date("date_of_birth"), placeOfBirth: row["place_of_birth"], rank: row["rank"],
            serviceNumber: row["service_number"], armedForce: row["armed_force"], unit: row["unit"],
            dependsOn: row["depends_on"], fatherName: row["father_name"], motherMaidenName: row["mother_maiden_name"],
            informName: row["inform_name"], informAddress: row["inform_address"],
            category: try value("category") ?? .military, health: try value("health"),
            capturedOn: try date("captured_on"), capturedAt: row["captured_at"], internedAt: row["interned_at"])
        self.init(
            id: ID(row["id"]), party: Party.Code(rawValue: row["party"]), reference: row["reference"], person: person,
            status: try RecordStatus(kind: kind, name: row["status"]), isSynthetic: row["synthetic"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id?.rawValue
        container["party"] = party.rawValue
        container["kind"] = kind.rawValue
        container["reference"] = reference
        container["status"] = status.name
        container["surname"] = person.surname
        container["given_name"] = person.givenName
        container["patronymic"] = person.patronymic
        container["sex"] = person.sex?.rawValue
        container["date_of_birth"] = person.dateOfBirth?.description
        container["place_of_birth"] = person.placeOfBirth
        container["rank"] = person.rank
        container["service_number"] = person.serviceNumber
        container["armed_force"] = person.armedForce
        container["unit"] = person.unit
        container["depends_on"] = person.dependsOn
        container["father_name"] = person.fatherName
        container["mother_maiden_name"] = person.motherMaidenName
        container["inform_name"] = person.informName
        container["inform_address"] = person.informAddress
        container["category"] = person.category.rawValue
        container["health"] = person.health?.rawValue
        container["captured_on"] = person.capturedOn?.description
        container["captured_at"] = person.capturedAt
        container["interned_at"] = person.internedAt
        container["synthetic"] = isSynthetic
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = ID(inserted.rowID)
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
