import ParleyCore

/// The canonical form of each thing the journal tracks: the one definition of what its
/// digest covers.
///
/// Keys are snake_case and absent values are left out, so adding an optional field later
/// does not change the digests of records that lack it.
public protocol CanonicallyDigestible {
    /// The subject's name in the journal, such as `record:17`.
    var journalSubject: String { get }
    /// The canonical JSON of the subject's current state.
    var canonicalForm: CanonicalJSON { get }
}

extension CanonicallyDigestible {
    /// SHA-256 of the canonical form.
    public var stateDigest: Digest { canonicalForm.digest }
}

private func text(_ value: String?) -> CanonicalJSON? { value.map(CanonicalJSON.string) }
private func canonicalDate(_ value: PartialDate?) -> CanonicalJSON? { value.map { .string($0.description) } }

/// An object from members some of which are absent.
private func object(_ members: [(String, CanonicalJSON?)]) -> CanonicalJSON {
    var dictionary: [String: CanonicalJSON] = [:]
    for (key, value) in members {
        if let value { dictionary[key] = value }
    }
    return .object(dictionary)
}

/// The subject name for a kind of thing and its id: `record:17`.
public func journalSubject(_ kind: String, _ id: some CustomStringConvertible) -> String {
    "\(kind):\(id)"
}

extension RegistryRecord: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("record", id?.rawValue ?? 0) }

    public var canonicalForm: CanonicalJSON {
        canonicalMembers
    }

    /// The digest, computed without building a dictionary: the hot path of import and verification.
    public var stateDigest: Digest {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        let members = canonicalMemberList
        CanonicalJSON.appendObject(sortedMembers: members.lazy.map { (key: $0.0, value: $0.1) }, to: &output)
        return Digest.sha256(output)
    }

    private var canonicalMembers: CanonicalJSON {
        .object(Dictionary(uniqueKeysWithValues: canonicalMemberList))
    }

    /// Members in canonical key order, absent values left out.
    private var canonicalMemberList: [(String, CanonicalJSON)] {
        let p = person
        let members: [(String, CanonicalJSON?)] = [
            ("armed_force", text(p.armedForce)),
            ("captured_at", text(p.capturedAt)),
            ("captured_on", canonicalDate(p.capturedOn)),
            ("category", .string(p.category.rawValue)),
            ("date_of_birth", canonicalDate(p.dateOfBirth)),
            ("depends_on", text(p.dependsOn)),
            ("father_name", text(p.fatherName)),
            ("given_name", text(p.givenName)),
            ("health", text(p.health?.rawValue)),
            ("id", id.map { .integer($0.rawValue) }),
            ("inform_address", text(p.informAddress)),
            ("inform_name", text(p.informName)),
            ("interned_at", text(p.internedAt)),
            ("kind", .string(kind.rawValue)),
            ("mother_maiden_name", text(p.motherMaidenName)),
            ("party", .string(party.rawValue)),
            ("patronymic", text(p.patronymic)),
            ("place_of_birth", text(p.placeOfBirth)),
            ("rank", text(p.rank)),
            ("reference", .string(reference)),
            ("service_number", text(p.serviceNumber)),
            ("sex", text(p.sex?.rawValue)),
            ("status", .string(status.name)),
            ("surname", .string(p.surname)),
            ("synthetic", .bool(isSynthetic)),
            ("unit", text(p.unit)),
        ]
        return members.compactMap { key, value in value.map { (key, $0) } }
    }
}

extension Party: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("party", code.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("code", .string(code.rawValue)),
            ("name", .string(name)),
            ("roles", .array(roles.map(\.rawValue).sorted().map(CanonicalJSON.string))),
        ])
    }
}

extension RegistryImport: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("import", id?.rawValue ?? 0) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("added", .integer(Int64(added))),
            ("encoding", .string(encoding.rawValue)),
            ("file_digest", .string(fileDigest)),
            ("file_name", .string(fileName)),
            ("id", id.map { .integer($0.rawValue) }),
            ("kind", .string(kind.rawValue)),
            ("party", .string(party.rawValue)),
            ("rows", .integer(Int64(rows))),
        ])
    }
}

extension Round: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("round", id?.rawValue ?? 0) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("ends_on", canonicalDate(endsOn)),
            ("host", .string(host.rawValue)),
            ("id", id.map { .integer($0.rawValue) }),
            ("mediators", .array(mediators.map { .string($0.rawValue) })),
            ("parties", .array(parties.map { .string($0.rawValue) })),
            ("starts_on", canonicalDate(startsOn)),
            ("venue_city", .string(venueCity)),
            ("venue_country", .string(venueCountry)),
        ])
    }
}

extension Agreement: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("agreement", id?.rawValue ?? 0) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("basis", text(quantity?.basis.rawValue)),
            ("categories", .array(categories.map { .string($0.name) })),
            ("deadline", canonicalDate(deadline)),
            ("id", id.map { .integer($0.rawValue) }),
            ("quantity", quantity.map { .integer(Int64($0.count)) }),
            ("round", .integer(round.rawValue)),
            ("subject", .string(subject.rawValue)),
            ("wording", .string(wording)),
        ])
    }
}

extension Exchange: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject("exchange", id?.rawValue ?? 0) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("agreement", agreement.map { .integer($0.rawValue) }),
            ("date", canonicalDate(date)),
            (
                "deliveries",
                .array(
                    deliveries.map { delivery in
                        object([
                            ("category", .string(delivery.category.rawValue)),
                            ("count", .integer(Int64(delivery.count))),
                            ("from", .string(delivery.from.rawValue)),
                            ("to", .string(delivery.to.rawValue)),
                        ])
                    })
            ),
            ("id", id.map { .integer($0.rawValue) }),
        ])
    }
}
