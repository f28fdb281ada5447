/// What a registry knows of one person, exactly as the keeping party wrote it.
///
/// The fields are those of the Third Geneva Convention: Art. 17 (surname, first names,
/// rank, date of birth, service number) and Art. 122 (place of birth, the Power on which
/// the person depends, father's first name, mother's maiden name, the person to inform),
/// with the details an exchange needs besides. Text is kept verbatim: matching computes
/// its own forms and never writes them back here.
public struct PersonDetails: Hashable, Sendable, Codable {
    public var surname: String
    public var givenName: String?
    public var patronymic: String?
    public var sex: Sex?
    public var dateOfBirth: PartialDate?
    public var placeOfBirth: String?
    public var rank: String?
    public var serviceNumber: String?
    /// The army, or other force, the person serves in.
    public var armedForce: String?
    public var unit: String?
    /// The Power on which the person depends (Art. 122), as a party code or as written.
    public var dependsOn: String?
    public var fatherName: String?
    public var motherMaidenName: String?
    /// The person to inform of capture, release or death (Art. 122).
    public var informName: String?
    public var informAddress: String?
    public var category: PersonCategory
    public var health: Health?
    public var capturedOn: PartialDate?
    public var capturedAt: String?
    public var internedAt: String?

    public init(
        surname: String, givenName: String? = nil, patronymic: String? = nil, sex: Sex? = nil,
        dateOfBirth: PartialDate? = nil, placeOfBirth: String? = nil, rank: String? = nil,
        serviceNumber: String? = nil, armedForce: String? = nil, unit: String? = nil,
        dependsOn: String? = nil, fatherName: String? = nil, motherMaidenName: String? = nil,
        informName: String? = nil, informAddress: String? = nil, category: PersonCategory = .military,
        health: Health? = nil, capturedOn: PartialDate? = nil, capturedAt: String? = nil,
        internedAt: String? = nil
    ) {
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.placeOfBirth = placeOfBirth
        self.rank = rank
        self.serviceNumber = serviceNumber
        self.armedForce = armedForce
        self.unit = unit
        self.dependsOn = dependsOn
        self.fatherName = fatherName
        self.motherMaidenName = motherMaidenName
        self.informName = informName
        self.informAddress = informAddress
        self.category = category
        self.health = health
        self.capturedOn = capturedOn
        self.capturedAt = capturedAt
        self.internedAt = internedAt
    }
}

public enum Sex: String, Hashable, Sendable, Codable, CaseIterable {
    case male, female
}

/// Whether a person is a member of the armed forces or a civilian; exchanges count them apart.
public enum PersonCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case military, civilian
}

/// The state of health a registry records, in the terms of Art. 109 and 110.
public enum Health: String, Hashable, Sendable, Codable, CaseIterable {
    case well
    case wounded
    case sick
    /// Seriously wounded: eligible for direct repatriation (Art. 110, Annex I).
    case seriouslyWounded = "seriously_wounded"
    /// Seriously sick: eligible for direct repatriation (Art. 110, Annex I).
    case seriouslySick = "seriously_sick"

    /// Whether Art. 109 puts the person first in line, regardless of number or rank.
    public var isSerious: Bool { self == .seriouslyWounded || self == .seriouslySick }
}
