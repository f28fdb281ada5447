import ParleyCore

extension LinkageRecord {
    /// The fields matching compares, from a row of a registry file.
    public init(_ row: RegistryRow) {
        let person = row.person
        self.init(
            id: row.reference, surname: person.surname, givenName: person.givenName, patronymic: person.patronymic,
            dateOfBirth: person.dateOfBirth, placeOfBirth: person.placeOfBirth, serviceNumber: person.serviceNumber)
    }
}
