import ParleyCore

/// One registry record as the linkage engine sees it: the fields that identify a person.
///
/// Values are kept as the party wrote them; the engine derives its comparison keys itself and never
/// changes the record. An empty or missing value means "unknown".
public struct LinkageRecord: Sendable, Hashable {
    /// The record's identifier in its registry; returned in candidate pairs.
    public var id: String
    /// Family name, in any script (`Шевченко`, `SHEVCHENKO`).
    public var surname: String?
    /// Given name; may also hold the patronymic (`Олександр Іванович`) or only an initial (`О.`).
    public var givenName: String?
    /// Patronymic (по батькові / отчество), Ukrainian or Russian form.
    public var patronymic: String?
    /// Date of birth, possibly known only to the year or month.
    public var dateOfBirth: PartialDate?
    /// Place of birth, current or former name (`Дніпро`, `Днепропетровск`).
    public var placeOfBirth: String?
    /// Military service number, possibly masked (`ВК12**56`).
    public var serviceNumber: String?

    /// Makes a record; every identifying field is optional.
    public init(
        id: String,
        surname: String? = nil,
        givenName: String? = nil,
        patronymic: String? = nil,
        dateOfBirth: PartialDate? = nil,
        placeOfBirth: String? = nil,
        serviceNumber: String? = nil
    ) {
        self.id = id
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.dateOfBirth = dateOfBirth
        self.placeOfBirth = placeOfBirth
        self.serviceNumber = serviceNumber
    }
}
