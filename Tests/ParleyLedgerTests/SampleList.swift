import ParleyCore
import Testing

@testable import ParleyLedger

/// A frozen list of three made-up persons that RU holds and releases to UA, and the keys of its three signers.
///
/// The names are a few common Ukrainian names put together by hand; no real person is meant. Keys come from
/// fixed seeds so that failures can be reproduced.
struct SampleList {
    static let ukraine = Principal(.official, for: "UA")
    static let russia = Principal(.official, for: "RU")
    static let mediator = Principal(.mediator, for: "US")

    let ua: SigningKeyFile
    let ru: SigningKeyFile
    let us: SigningKeyFile
    let records: [RegistryRecord]
    let document: ListDocument

    init(version: Int = 2) throws {
        ua = SigningKeyFile(signer: Self.ukraine, key: try Self.key(1))
        ru = SigningKeyFile(signer: Self.russia, key: try Self.key(2))
        us = SigningKeyFile(signer: Self.mediator, key: try Self.key(3))
        records = try Self.records()
        document = ListDocument(
            agreement: 3, list: 12, version: version, releasing: "RU", receiving: "UA", subject: .prisonersOfWar,
            signers: [Self.russia, Self.ukraine, Self.mediator], frozenAt: "2025-10-01T09:30:00Z", entries: records)
    }

    /// A key whose seed is 32 bytes of `byte`.
    static func key(_ byte: UInt8) throws -> SigningKey {
        try SigningKey(seed: [UInt8](repeating: byte, count: 32))
    }

    /// The keyring of someone who trusts the three signers' keys.
    var keyring: Keyring {
        Keyring(entries: [ua.keyringEntry, ru.keyringEntry, us.keyringEntry])
    }

    /// The approvals of the three signers, over the document's digest.
    func approvals() throws -> [BundleSignature] {
        try [ru, ua, us].map { file in
            try BundleSignature(approving: document.digest, as: file.signer, with: file.key)
        }
    }

    /// The bundle with all three approvals.
    func bundle() throws -> ListBundle {
        ListBundle(document: document, signatures: try approvals())
    }

    static func records() throws -> [RegistryRecord] {
        [
            RegistryRecord(
                id: 101, party: "RU", reference: "RU-H-0001",
                person: PersonDetails(
                    surname: "Шевченко", givenName: "Олександр", patronymic: "Петрович", sex: .male,
                    dateOfBirth: try PartialDate(year: 1994, month: 3, day: 12), placeOfBirth: "Полтава", rank: "солдат",
                    serviceNumber: "ВК000101", armedForce: "ЗСУ", unit: "в/ч А0001", informName: "Шевченко Марія",
                    informAddress: "Полтава, вул. Вигадана, 1", category: .military, health: .seriouslyWounded,
                    capturedOn: try PartialDate(year: 2024, month: 5)),
                status: .held(.listed), isSynthetic: true),
            RegistryRecord(
                id: 102, party: "RU", reference: "RU-H-0002",
                person: PersonDetails(
                    surname: "Коваленко", givenName: "Андрій", sex: .male, dateOfBirth: try PartialDate(year: 2001),
                    category: .military, health: .well),
                status: .held(.listed), isSynthetic: true),
            RegistryRecord(
                id: 103, party: "RU", reference: "RU-H-0003",
                person: PersonDetails(
                    surname: "Бондаренко", givenName: "Оксана", patronymic: "Іванівна", sex: .female,
                    category: .civilian),
                status: .held(.registered), isSynthetic: true),
        ]
    }
}

/// `json`, an object, with its member `key` set to `value`, or removed when `value` is `nil`.
func replacing(_ key: String, with value: CanonicalJSON?, in json: CanonicalJSON) throws -> CanonicalJSON {
    guard case .object(var members) = json else { throw NotAnObject(json: json) }
    members[key] = value
    return .object(members)
}

struct NotAnObject: Error {
    let json: CanonicalJSON
}
