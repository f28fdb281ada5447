import ParleyCore

extension LinkageRecord {
    /// The fields matching compares, from a row of a registry file; an empty surname (which a file read
    /// for matching may have) is unknown.
    public init(_ row: RegistryRow) {
        let person = row.person
        self.init(
            id: row.reference, surname: person.surname.isEmpty ? nil : person.surname, givenName: person.givenName,
            patronymic: person.patronymic,
            dateOfBirth: person.dateOfBirth, placeOfBirth: person.placeOfBirth, serviceNumber: person.serviceNumber)
    }
}
