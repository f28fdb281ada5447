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

/// A value the journal records once the store has saved it (a round, an agreement, an exchange): its
/// subject kind, and its canonical form with the id it was given.
public protocol JournaledValue: Hashable, Sendable {
    static var subjectKind: SubjectKind { get }
    func canonicalForm(id: Saved<Self>.ID) -> CanonicalJSON
}

extension Saved: CanonicallyDigestible where Value: JournaledValue {
    public var journalSubject: String { ParleyLedger.journalSubject(Value.subjectKind, id.rawValue) }
    public var canonicalForm: CanonicalJSON { value.canonicalForm(id: id) }
}

func text(_ value: String?) -> CanonicalJSON? { value.map(CanonicalJSON.string) }
func canonicalDate(_ value: PartialDate?) -> CanonicalJSON? { value.map { .string($0.description) } }

/// An object from members some of which are absent.
func object(_ members: [(String, CanonicalJSON?)]) -> CanonicalJSON {
    var dictionary: [String: CanonicalJSON] = [:]
    for (key, value) in members {
        if let value { dictionary[key] = value }
    }
    return .object(dictionary)
}

extension RegistryRecord: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.record, id.rawValue) }

    /// The members of a record's canonical form, in canonical key order.
    ///
    /// Each is also the record table's column of the same name, so that the form reads the same from a
    /// record in memory and from its row: the one definition that the store's writers and the journal's
    /// verifier both follow. The raw value is the field's position in that order.
    public enum CanonicalField: Int, CaseIterable, Sendable {
        case armedForce, capturedAt, capturedOn, category, dateOfBirth, dependsOn, fatherName, givenName, health, id,
            informAddress, informName, internedAt, kind, motherMaidenName, party, patronymic, placeOfBirth, rank, reference,
            serviceNumber, sex, status, surname, synthetic, unit

        /// The member's key and the column's name.
        public var name: String {
            switch self {
            case .armedForce: "armed_force"
            case .capturedAt: "captured_at"
            case .capturedOn: "captured_on"
            case .category: "category"
            case .dateOfBirth: "date_of_birth"
            case .dependsOn: "depends_on"
            case .fatherName: "father_name"
            case .givenName: "given_name"
            case .health: "health"
            case .id: "id"
            case .informAddress: "inform_address"
            case .informName: "inform_name"
            case .internedAt: "interned_at"
            case .kind: "kind"
            case .motherMaidenName: "mother_maiden_name"
            case .party: "party"
            case .patronymic: "patronymic"
            case .placeOfBirth: "place_of_birth"
            case .rank: "rank"
            case .reference: "reference"
            case .serviceNumber: "service_number"
            case .sex: "sex"
            case .status: "status"
            case .surname: "surname"
            case .synthetic: "synthetic"
            case .unit: "unit"
            }
        }
    }

    /// A field's value, as the canonical form writes it and the database column holds it.
    public enum FieldValue: Hashable, Sendable {
        case text(String)
        case integer(Int64)
        /// A boolean: `true` or `false` in the form, 1 or 0 in the column.
        case flag(Bool)
    }

    /// The value of one field; `nil` when the record has none, an absent member and a NULL column.
    public func value(of field: CanonicalField) -> FieldValue? {
        let p = person
        let text: String?
        switch field {
        case .id: return .integer(id.rawValue)
        case .synthetic: return .flag(isSynthetic)
        case .armedForce: text = p.armedForce
        case .capturedAt: text = p.capturedAt
        case .capturedOn: text = p.capturedOn?.description
        case .category: text = p.category.rawValue
        case .dateOfBirth: text = p.dateOfBirth?.description
        case .dependsOn: text = p.dependsOn
        case .fatherName: text = p.fatherName
        case .givenName: text = p.givenName
        case .health: text = p.health?.rawValue
        case .informAddress: text = p.informAddress
        case .informName: text = p.informName
        case .internedAt: text = p.internedAt
        case .kind: text = kind.rawValue
        case .motherMaidenName: text = p.motherMaidenName
        case .party: text = party.rawValue
        case .patronymic: text = p.patronymic
        case .placeOfBirth: text = p.placeOfBirth
        case .rank: text = p.rank
        case .reference: text = reference
        case .serviceNumber: text = p.serviceNumber
        case .sex: text = p.sex?.rawValue
        case .status: text = status.name
        case .surname: text = p.surname
        case .unit: text = p.unit
        }
        return text.map(FieldValue.text)
    }

    public var canonicalForm: CanonicalJSON {
        var members: [String: CanonicalJSON] = [:]
        for field in CanonicalRecordForm.fields {
            switch value(of: field) {
            case .text(let text): members[field.name] = .string(text)
            case .integer(let integer): members[field.name] = .integer(integer)
            case .flag(let flag): members[field.name] = .bool(flag)
            case nil: break
            }
        }
        return .object(members)
    }

    /// The digest of ``canonicalForm``, written straight to bytes: the hot path of imports.
    public var stateDigest: Digest {
        withCanonicalMembers { CanonicalRecordForm.digest($0) }
    }

    /// Calls `body` with the record's members by field position, text as bytes that are valid during the call.
    func withCanonicalMembers<Result>(_ body: (UnsafeBufferPointer<CanonicalRecordForm.Member?>) -> Result) -> Result {
        let fields = CanonicalRecordForm.fields
        return withUnsafeTemporaryAllocation(of: CanonicalRecordForm.Member?.self, capacity: fields.count) { members in
            // Each text is reached through its own closure, nested field by field, so all are valid at the end.
            func fill(from position: Int) -> Result {
                guard position < fields.count else { return body(UnsafeBufferPointer(members)) }
                switch value(of: fields[position]) {
                case .text(var text):
                    return text.withUTF8 { bytes in
                        members.initializeElement(at: position, to: .text(UnsafeRawBufferPointer(bytes)))
                        return fill(from: position + 1)
                    }
                case .integer(let integer): members.initializeElement(at: position, to: .integer(integer))
                case .flag(let flag): members.initializeElement(at: position, to: .flag(flag))
                case nil: members.initializeElement(at: position, to: nil)
                }
                return fill(from: position + 1)
            }
            return fill(from: 0)
        }
    }
}

/// A record's canonical form written from its members and hashed, making no tree and no string:
/// the hot path of imports, which write it from each record's values, and of verification, which
/// writes it from the bytes of each row's columns.
public enum CanonicalRecordForm {
    /// A member's value as the form writes it: text as its UTF-8 bytes.
    public enum Member {
        case text(UnsafeRawBufferPointer)
        case integer(Int64)
        case flag(Bool)
    }

    /// Every field, in order: a member's position is its field's raw value.
    public static let fields = RegistryRecord.CanonicalField.allCases

    /// The digest of the canonical form whose members are these, one for each of ``fields`` in its
    /// position, `nil` for an absent one.
    public static func digest(_ members: UnsafeBufferPointer<Member?>) -> Digest {
        let keys = Self.keys
        precondition(members.count == keys.ranges.count, "a record's canonical form has a member for every field")
        // First as though no text needed escaping, as nearly none does: each text is checked as it is copied.
        var bound = 2
        var textCount = 0
        for position in 0..<members.count {
            guard let member = members[position] else { continue }
            bound += keys.ranges[position].count
            switch member {
            case .text(let text):
                bound += text.count + 2
                textCount += text.count
            case .integer: bound += CanonicalByteWriter.integerBound
            case .flag: bound += 5
            }
        }
        if let digest = write(members, bound: bound, keys: keys, escaping: false) { return digest }
        guard let digest = write(members, bound: bound + 5 * textCount, keys: keys, escaping: true) else {
            preconditionFailure("text that needs escaping is written escaped")
        }
        return digest
    }

    /// The digest of the form written into `bound` bytes; `nil` if, `escaping` being false, some text needs escaping.
    private static func write(
        _ members: UnsafeBufferPointer<Member?>, bound: Int, keys: (bytes: [UInt8], ranges: [Range<Int>]), escaping: Bool
    ) -> Digest? {
        keys.bytes.withUnsafeBytes { keyBytes in
            var complete = true
            let digest = CanonicalByteWriter.withWriter(
                bound: bound,
                { output in
                    output.byte(UInt8(ascii: "{"))
                    var first = true
                    for position in 0..<members.count {
                        guard let member = members[position] else { continue }
                        // `,"key":`, without its comma for the first member.
                        let key = keys.ranges[position]
                        output.bytes(
                            UnsafeRawBufferPointer(
                                rebasing: keyBytes[(first ? key.lowerBound + 1 : key.lowerBound)..<key.upperBound]))
                        first = false
                        switch member {
                        case .text(let text) where escaping: output.string(utf8: text)
                        case .text(let text):
                            guard output.plainString(utf8: text) else {
                                complete = false
                                return
                            }
                        case .integer(let integer): output.integer(integer)
                        case .flag(let flag): output.literal(flag ? "true" : "false")
                        }
                    }
                    output.byte(UInt8(ascii: "}"))
                }, { complete ? Digest.sha256($0) : nil })
            return digest
        }
    }

    /// `,"key":` of every field, one after another, and where each lies; the names are plain ASCII.
    private static let keys = (
        bytes: Array(fields.map { ",\"\($0.name)\":" }.joined().utf8),
        ranges: fields.reduce(into: [Range<Int>]()) { ranges, field in
            let start = ranges.last?.upperBound ?? 0
            ranges.append(start..<(start + field.name.utf8.count + 4))
        }
    )
}

extension Party: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.party, code.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("code", .string(code.rawValue)),
            ("name", .string(name)),
            ("roles", .array(roles.map(\.rawValue).sorted().map(CanonicalJSON.string))),
        ])
    }
}

extension RegistryImport: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.import, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("added", .integer(Int64(added))),
            ("encoding", .string(encoding.rawValue)),
            ("file_digest", .string(fileDigest)),
            ("file_name", .string(fileName)),
            ("id", .integer(id.rawValue)),
            ("kind", .string(kind.rawValue)),
            ("party", .string(party.rawValue)),
            ("rows", .integer(Int64(rows))),
        ])
    }
}

extension Round: JournaledValue {
    public static var subjectKind: SubjectKind { .round }
    public func canonicalForm(id: ID) -> CanonicalJSON {
        object([
            ("ends_on", canonicalDate(endsOn)),
            ("host", .string(host.rawValue)),
            ("id", .integer(id.rawValue)),
            ("mediators", .array(mediators.map { .string($0.rawValue) })),
            ("parties", .array(parties.map { .string($0.rawValue) })),
            ("starts_on", canonicalDate(startsOn)),
            ("venue_city", .string(venueCity)),
            ("venue_country", .string(venueCountry)),
        ])
    }
}

extension Agreement: JournaledValue {
    public static var subjectKind: SubjectKind { .agreement }
    public func canonicalForm(id: ID) -> CanonicalJSON {
        object([
            ("basis", text(quantity?.basis.rawValue)),
            ("justification", text(unequalCounts?.justification)),
            ("categories", .array(categories.map { .string($0.name) })),
            ("deadline", canonicalDate(deadline)),
            ("id", .integer(id.rawValue)),
            ("quantity", quantity.map { .integer(Int64($0.count)) }),
            ("round", .integer(round.rawValue)),
            ("subject", .string(subject.rawValue)),
            (
                "unequal_counts",
                unequalCounts.map { unequal in
                    .array(
                        unequal.shares.map { share in
                            object([("count", .integer(Int64(share.count))), ("party", .string(share.party.rawValue))])
                        })
                }
            ),
            ("wording", .string(wording)),
        ])
    }
}

extension Exchange: JournaledValue {
    public static var subjectKind: SubjectKind { .exchange }
    public func canonicalForm(id: ID) -> CanonicalJSON {
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
            ("id", .integer(id.rawValue)),
            ("partial_close", partialClose.map(\.canonicalForm)),
        ])
    }
}

extension Exchange.PartialClose {
    /// The directions left open and the reason, as the exchange's journaled state holds them.
    var canonicalForm: CanonicalJSON {
        object([
            (
                "open",
                .array(
                    open.map { direction in
                        object([
                            ("lacking", .string(direction.lacking)),
                            ("receiving", .string(direction.receiving.rawValue)),
                            ("releasing", .string(direction.releasing.rawValue)),
                        ])
                    })
            ),
            ("reason", .string(reason)),
        ])
    }
}
