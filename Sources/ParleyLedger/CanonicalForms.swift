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
    /// SHA-256 of the canonical form; a requirement, so a faster implementation is used through generics too.
    var stateDigest: Digest { get }
}

extension CanonicallyDigestible {
    /// SHA-256 of the canonical form.
    public var stateDigest: Digest { canonicalForm.digest }
}

func text(_ value: String?) -> CanonicalJSON? { value.map(CanonicalJSON.string) }
func canonicalDate(_ value: PartialDate?) -> CanonicalJSON? { value.map { .string($0.description) } }

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
        var members: [String: CanonicalJSON] = [:]
        forEachCanonicalMember { key, value in members[key] = value }
        return .object(members)
    }

    /// The digest of ``canonicalForm``, written straight to bytes: the hot path of imports and verification.
    public var stateDigest: Digest {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(640)
        forEachCanonicalMember { key, value in
            if output.count > 1 { output.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            value.append(to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return Digest.sha256(output)
    }

    /// Calls `body` with each present member, in canonical key order: the one definition of a record's canonical form.
    private func forEachCanonicalMember(_ body: (String, CanonicalJSON) -> Void) {
        func member(_ key: String, _ value: CanonicalJSON?) {
            if let value { body(key, value) }
        }
        let p = person
        member("armed_force", text(p.armedForce))
        member("captured_at", text(p.capturedAt))
        member("captured_on", canonicalDate(p.capturedOn))
        member("category", .string(p.category.rawValue))
        member("date_of_birth", canonicalDate(p.dateOfBirth))
        member("depends_on", text(p.dependsOn))
        member("father_name", text(p.fatherName))
        member("given_name", text(p.givenName))
        member("health", text(p.health?.rawValue))
        member("id", id.map { .integer($0.rawValue) })
        member("inform_address", text(p.informAddress))
        member("inform_name", text(p.informName))
        member("interned_at", text(p.internedAt))
        member("kind", .string(kind.rawValue))
        member("mother_maiden_name", text(p.motherMaidenName))
        member("party", .string(party.rawValue))
        member("patronymic", text(p.patronymic))
        member("place_of_birth", text(p.placeOfBirth))
        member("rank", text(p.rank))
        member("reference", .string(reference))
        member("service_number", text(p.serviceNumber))
        member("sex", text(p.sex?.rawValue))
        member("status", .string(status.name))
        member("surname", .string(p.surname))
        member("synthetic", .bool(isSynthetic))
        member("unit", text(p.unit))
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
