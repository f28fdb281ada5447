import ParleyCore

/// The canonical document of one frozen exchange-list version, whose SHA-256 is the digest everyone signs.
///
/// Each party's official and the mediator approve a version by signing ``digest``; any change to the list
/// makes a new version with another digest. An entry holds what the receiving side needs to know who is
/// coming, the person's identity as the releasing party wrote it, and never the record's status, which keeps
/// changing after the freeze. Each entry also carries its own digest, so a verifier can name the entry that
/// was changed rather than only say that something was.
///
/// Canonical form, snake_case keys, absent values left out:
/// `{"agreement", "list", "version", "releasing", "receiving", "subject", "signers", "frozen_at", "entries"}`,
/// each entry `{"position", "record", "reference", identity fields…, "entry_digest"}`.
public struct ListDocument: Sendable, Hashable {
    /// The agreement whose terms the list carries out.
    public let agreement: Int64
    /// The list, one direction of the exchange.
    public let list: Int64
    /// The version of the list that was frozen, from 1.
    public let version: Int
    /// The party that holds and releases the persons.
    public let releasing: Party.Code
    /// The party that receives them.
    public let receiving: Party.Code
    /// What is exchanged: prisoners of war, civilians or remains.
    public let subject: ExchangeSubject
    /// The signers whose approval the version needs, in order.
    public let signers: [Principal]
    /// When the version was frozen, as the store wrote it.
    public let frozenAt: String
    /// The records on the list, in list order.
    public let entries: [RegistryRecord]
    /// The document as canonical JSON: what ``digest`` covers.
    public let canonicalForm: CanonicalJSON
    /// SHA-256 of ``canonicalForm``: the version's name, and what each signer signs.
    public let digest: Digest
    /// The `entry_digest` of each entry, in list order.
    public let entryDigests: [Digest]

    /// The document of a frozen version; its canonical form and digests are computed here, once.
    public init(
        agreement: Int64, list: Int64, version: Int, releasing: Party.Code, receiving: Party.Code,
        subject: ExchangeSubject, signers: [Principal], frozenAt: String, entries: [RegistryRecord]
    ) {
        self.agreement = agreement
        self.list = list
        self.version = version
        self.releasing = releasing
        self.receiving = receiving
        self.subject = subject
        self.signers = signers
        self.frozenAt = frozenAt
        self.entries = entries
        let forms = entries.enumerated().map { index, record in Self.entryForm(record, position: index + 1) }
        self.entryDigests = forms.map(\.digest)
        self.canonicalForm = .object([
            "agreement": .integer(agreement),
            "list": .integer(list),
            "version": .integer(Int64(version)),
            "releasing": .string(releasing.rawValue),
            "receiving": .string(receiving.rawValue),
            "subject": .string(subject.rawValue),
            "signers": .array(signers.map { .string($0.description) }),
            "frozen_at": .string(frozenAt),
            "entries": .array(forms.map(\.form)),
        ])
        self.digest = canonicalForm.digest
    }

    /// The canonical form of the record at 1-based `position`, with its `entry_digest`, and that digest.
    ///
    /// The digest covers the entry object without its `entry_digest` member.
    static func entryForm(_ record: RegistryRecord, position: Int) -> (form: CanonicalJSON, digest: Digest) {
        let person = record.person
        var members: [String: CanonicalJSON] = [:]
        func member(_ key: String, _ value: CanonicalJSON?) {
            if let value { members[key] = value }
        }
        member("position", .integer(Int64(position)))
        member("record", .integer(record.id.rawValue))
        member("reference", .string(record.reference))
        member("surname", .string(person.surname))
        member("given_name", text(person.givenName))
        member("patronymic", text(person.patronymic))
        member("date_of_birth", canonicalDate(person.dateOfBirth))
        member("place_of_birth", text(person.placeOfBirth))
        member("sex", text(person.sex?.rawValue))
        member("rank", text(person.rank))
        member("service_number", text(person.serviceNumber))
        member("armed_force", text(person.armedForce))
        member("unit", text(person.unit))
        member("category", .string(person.category.rawValue))
        member("health", text(person.health?.rawValue))
        member("captured_on", canonicalDate(person.capturedOn))
        let digest = CanonicalJSON.object(members).digest
        members[entryDigestKey] = .string(digest.hex)
        return (.object(members), digest)
    }

    /// The member of an entry that holds the digest of the rest of it.
    static let entryDigestKey = "entry_digest"
}
