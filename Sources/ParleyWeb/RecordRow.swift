import ParleyCore

/// A record as the pages show it.
struct RecordRow {
    let values: [String: Any]

    init(_ record: RegistryRecord) {
        let person = record.person
        values = [
            "id": record.id.rawValue, "party": record.party.rawValue, "kind": record.kind.rawValue,
            "reference": record.reference, "surname": person.surname, "givenName": person.givenName ?? "",
            "patronymic": person.patronymic ?? "", "dateOfBirth": person.dateOfBirth?.description ?? "",
            "status": record.status.name,
        ]
    }

    /// Every known field of a person, labelled, in the order of the Geneva Convention's lists.
    static func fields(_ person: PersonDetails) -> [(String, String)] {
        let all: [(String, String?)] = [
            ("Surname", person.surname), ("Given name", person.givenName), ("Patronymic", person.patronymic),
            ("Sex", person.sex?.rawValue), ("Date of birth", person.dateOfBirth?.description),
            ("Place of birth", person.placeOfBirth), ("Rank", person.rank), ("Service number", person.serviceNumber),
            ("Armed force", person.armedForce), ("Unit", person.unit), ("Depends on", person.dependsOn),
            ("Father's first name", person.fatherName), ("Mother's maiden name", person.motherMaidenName),
            ("Person to inform", person.informName), ("Their address", person.informAddress),
            ("Category", person.category.rawValue), ("Health", person.health?.rawValue),
            ("Captured on", person.capturedOn?.description), ("Captured at", person.capturedAt),
            ("Interned at", person.internedAt),
        ]
        return all.compactMap { label, value in value.map { (label, $0) } }
    }
}
