import ParleyCore

/// A node this database knows: itself, or a peer an administrator registered.
public struct NodeEntry: Hashable, Sendable {
    public let identity: NodeIdentity
    /// True for the node this database is.
    public let isSelf: Bool
    /// Where the peer answers the federation API, if it is reached online.
    public let url: String?
    /// The SHA-256 of the peer's TLS certificate, in hex, which connections to it must present.
    public let tlsFingerprint: String?
    public let addedAt: String

    public init(identity: NodeIdentity, isSelf: Bool, url: String?, tlsFingerprint: String?, addedAt: String) {
        self.identity = identity
        self.isSelf = isSelf
        self.url = url
        self.tlsFingerprint = tlsFingerprint
        self.addedAt = addedAt
    }

    public var code: Party.Code { identity.node.code }
}

extension NodeEntry: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.node, code.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("added_at", .string(addedAt)), ("identity", .string(identity.line)), ("self", .bool(isSelf)),
            ("tls_fingerprint", tlsFingerprint.map(CanonicalJSON.string)), ("url", url.map(CanonicalJSON.string)),
        ])
    }
}

/// A transmission as its sender or its receiver keeps it: the signed note, and what became of it.
public struct TransmissionEntry: Hashable, Sendable {
    public enum Direction: String, Hashable, Sendable {
        case sent
        case received
    }

    public let direction: Direction
    /// The recipient of a sent transmission, the sender of a received one.
    public let peer: Party.Code
    public let sequence: Int64
    public let kind: TransmissionKind
    /// The signed transmission, as it travels.
    public let note: String
    /// When it was made (sent) or received.
    public let at: String
    /// When a received transmission was applied; `nil` while it waits for one before it.
    public let appliedAt: String?
    /// The signed receipt: the one that came back (sent), or the one this node gave (received).
    public let receipt: String?
    /// For sent records: the journal sequence their records were read up to, where the next begins.
    public let journalThrough: Int64?

    public init(
        direction: Direction, peer: Party.Code, sequence: Int64, kind: TransmissionKind, note: String, at: String,
        appliedAt: String? = nil, receipt: String? = nil, journalThrough: Int64? = nil
    ) {
        self.direction = direction
        self.peer = peer
        self.sequence = sequence
        self.kind = kind
        self.note = note
        self.at = at
        self.appliedAt = appliedAt
        self.receipt = receipt
        self.journalThrough = journalThrough
    }

    /// The SHA-256 of the signed note's text (what precedes the blank line before its signatures): the
    /// transmission's digest, which receipts name.
    public var digest: Digest {
        var note = note
        return note.withUTF8 { bytes in
            // The signature lines hold no blank line: the last "\n\n" ends the text.
            var end = bytes.count - 1
            while end > 0 && !(bytes[end] == 0x0A && bytes[end - 1] == 0x0A) { end -= 1 }
            return Digest.sha256(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[0..<(end > 0 ? end : bytes.count)])))
        }
    }
}

extension TransmissionEntry {
    /// What became of it, in words: whether a receipt came back, or whether it was applied.
    public var stateWording: String {
        switch direction {
        case .sent: receipt == nil ? "waiting for its receipt" : "receipted"
        case .received: appliedAt == nil ? "waiting for an earlier one" : "applied, receipt given"
        }
    }
}

extension TransmissionEntry: CanonicallyDigestible {
    public var journalSubject: String {
        ParleyLedger.journalSubject(.transmission, "\(direction.rawValue).\(peer.rawValue).\(sequence)")
    }
    public var canonicalForm: CanonicalJSON {
        object([
            ("applied_at", appliedAt.map(CanonicalJSON.string)), ("at", .string(at)),
            ("direction", .string(direction.rawValue)), ("journal_through", journalThrough.map(CanonicalJSON.integer)),
            ("kind", .string(kind.rawValue)), ("note", .string(Digest.sha256(utf8: note).hex)),
            ("peer", .string(peer.rawValue)), ("receipt", receipt.map { .string(Digest.sha256(utf8: $0).hex) }),
            ("sequence", .integer(sequence)),
        ])
    }
}

extension WitnessedLog: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.witnessed, origin) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("key", .string(key.vkey)), ("origin", .string(origin)), ("root", .string(root.hex)),
            ("size", .integer(size)),
        ])
    }
}

/// A checkpoint of this node's own journal with a peer's cosignature: what `journal verify` checks the
/// journal against, and what shows the peer saw that history.
public struct CosignedCheckpoint: Hashable, Sendable {
    public let witness: Party.Code
    public let checkpoint: CheckpointNote
    /// The checkpoint's note with the node's signature and the witness's cosignature.
    public let note: String
    public let at: String

    public init(witness: Party.Code, checkpoint: CheckpointNote, note: String, at: String) {
        self.witness = witness
        self.checkpoint = checkpoint
        self.note = note
        self.at = at
    }
}

extension CosignedCheckpoint: CanonicallyDigestible {
    public var journalSubject: String {
        ParleyLedger.journalSubject(.cosignature, "\(witness.rawValue).\(checkpoint.size)")
    }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)), ("note", .string(Digest.sha256(utf8: note).hex)),
            ("root", .string(checkpoint.root.hex)), ("size", .integer(checkpoint.size)),
            ("witness", .string(witness.rawValue)),
        ])
    }
}

/// What a witness found wrong with a peer's journal, kept as evidence: the refusal and the checkpoint
/// that caused it.
public struct WitnessAlarm: Hashable, Sendable {
    public let id: Int64
    public let peer: Party.Code
    public let problem: String
    /// The checkpoint note the peer submitted, signed by it: the evidence.
    public let evidence: String
    public let at: String

    public init(id: Int64, peer: Party.Code, problem: String, evidence: String, at: String) {
        self.id = id
        self.peer = peer
        self.problem = problem
        self.evidence = evidence
        self.at = at
    }
}

extension WitnessAlarm: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.alarm, id) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)), ("evidence", .string(Digest.sha256(utf8: evidence).hex)), ("id", .integer(id)),
            ("peer", .string(peer.rawValue)), ("problem", .string(problem)),
        ])
    }
}

extension RegistryRecord {
    /// A record from its canonical form, as a transmission carries it: the inverse of ``canonicalForm``, so
    /// that the record's ``stateDigest`` is the form's digest exactly when the form is one a record writes.
    ///
    /// Its id is the form's: the sender's, which the receiver replaces with its own.
    public init(canonical form: CanonicalJSON) throws(FormError) {
        guard case .object(let members) = form else {
            throw FormError(subject: "record", field: "record", problem: "it is not an object")
        }
        let known = Set(CanonicalField.allCases.map(\.name))
        if let unknown = members.keys.first(where: { !known.contains($0) }) {
            throw FormError(subject: "record", field: unknown, problem: "it is not a field of a record")
        }
        func text(_ field: CanonicalField) throws(FormError) -> String? {
            switch members[field.name] {
            case nil: return nil
            case .string(let text): return text
            default: throw FormError(subject: "record", field: field.name, problem: "it is not text")
            }
        }
        func required(_ field: CanonicalField) throws(FormError) -> String {
            guard let value = try text(field) else {
                throw FormError(subject: "record", field: field.name, problem: "it is missing")
            }
            return value
        }
        func parsed<T>(_ field: CanonicalField, _ parse: (String) -> T?) throws(FormError) -> T? {
            guard let value = try text(field) else { return nil }
            guard let parsed = parse(value) else {
                throw FormError(subject: "record", field: field.name, problem: "\"\(value)\" is not valid")
            }
            return parsed
        }
        guard case .integer(let id) = members["id"] else {
            throw FormError(subject: "record", field: "id", problem: "it is not a number")
        }
        guard case .bool(let isSynthetic) = members["synthetic"] else {
            throw FormError(subject: "record", field: "synthetic", problem: "it is not true or false")
        }
        guard let kind = try parsed(.kind, RecordKind.init(rawValue:)) else {
            throw FormError(subject: "record", field: "kind", problem: "it is missing")
        }
        let statusName = try required(.status)
        let status: RecordStatus
        do {
            status = try RecordStatus(kind: kind, name: statusName)
        } catch {
            throw FormError(subject: "record", field: "status", problem: error.message)
        }
        let person = PersonDetails(
            surname: try required(.surname), givenName: try text(.givenName), patronymic: try text(.patronymic),
            sex: try parsed(.sex, Sex.init(rawValue:)), dateOfBirth: try parsed(.dateOfBirth) { try? PartialDate(parsing: $0) },
            placeOfBirth: try text(.placeOfBirth), rank: try text(.rank), serviceNumber: try text(.serviceNumber),
            armedForce: try text(.armedForce), unit: try text(.unit), dependsOn: try text(.dependsOn),
            fatherName: try text(.fatherName), motherMaidenName: try text(.motherMaidenName),
            informName: try text(.informName), informAddress: try text(.informAddress),
            category: try parsed(.category, PersonCategory.init(rawValue:)) ?? .military,
            health: try parsed(.health, Health.init(rawValue:)),
            capturedOn: try parsed(.capturedOn) { try? PartialDate(parsing: $0) }, capturedAt: try text(.capturedAt),
            internedAt: try text(.internedAt))
        self.init(
            id: ID(rawValue: id), party: Party.Code(rawValue: try required(.party)), reference: try required(.reference),
            person: person,
            status: status, isSynthetic: isSynthetic)
    }
}

/// A record, round or agreement in a transmission whose form is not one Parley writes.
public struct FormError: ParleyError, Hashable {
    /// What the form should be: `record`, `round` or `agreement`.
    public let subject: String
    public let field: String
    public let problem: String

    public var code: String { "\(subject).form.invalid" }
    public var message: String { "a transmitted \(subject)'s \(field) is invalid: \(problem)" }
    public var remedy: String { "The sending node wrote a \(subject) Parley cannot read; ask it to send again" }
}

/// The members of a transmitted form, read with errors that name the subject and the field.
struct FormReader {
    let subject: String
    let members: [String: CanonicalJSON]

    init(_ form: CanonicalJSON, subject: String, fields: Set<String>) throws(FormError) {
        guard case .object(let members) = form else {
            throw FormError(subject: subject, field: subject, problem: "it is not an object")
        }
        if let unknown = members.keys.first(where: { !fields.contains($0) }) {
            throw FormError(subject: subject, field: unknown, problem: "it is not a field of a \(subject)")
        }
        self.subject = subject
        self.members = members
    }

    func failure(_ field: String, _ problem: String) -> FormError { FormError(subject: subject, field: field, problem: problem) }

    func text(_ field: String) throws(FormError) -> String? {
        switch members[field] {
        case nil: return nil
        case .string(let text): return text
        default: throw failure(field, "it is not text")
        }
    }

    func required(_ field: String) throws(FormError) -> String {
        guard let value = try text(field) else { throw failure(field, "it is missing") }
        return value
    }

    func integer(_ field: String) throws(FormError) -> Int64? {
        switch members[field] {
        case nil: return nil
        case .integer(let value): return value
        default: throw failure(field, "it is not a whole number")
        }
    }

    func date(_ field: String) throws(FormError) -> PartialDate? {
        guard let value = try text(field) else { return nil }
        do {
            return try PartialDate(parsing: value)
        } catch {
            throw failure(field, "\"\(value)\" is not a date")
        }
    }

    func codes(_ field: String) throws(FormError) -> [Party.Code] {
        guard case .array(let values) = members[field] else { throw failure(field, "it is not a list") }
        var codes: [Party.Code] = []
        for value in values {
            guard case .string(let text) = value, let code = try? Party.validCode(text) else {
                throw failure(field, "an item is not a party code")
            }
            codes.append(code)
        }
        return codes
    }
}

extension Saved where Value == Round {
    /// A round from its canonical form, as the mediator's node transmits it, under the id it has there.
    public init(canonical form: CanonicalJSON) throws(FormError) {
        let reader = try FormReader(
            form, subject: "round",
            fields: ["ends_on", "host", "id", "mediators", "parties", "starts_on", "venue_city", "venue_country"])
        guard let id = try reader.integer("id"), let startsOn = try reader.date("starts_on"),
            let endsOn = try reader.date("ends_on")
        else { throw reader.failure("id", "the id or a date is missing") }
        do {
            self.init(
                id: Round.ID(rawValue: id),
                try Round(
                    venueCity: try reader.required("venue_city"), venueCountry: try reader.required("venue_country"),
                    host: Party.Code(rawValue: try reader.required("host")), mediators: try reader.codes("mediators"),
                    parties: try reader.codes("parties"), startsOn: startsOn, endsOn: endsOn))
        } catch let error as FormError {
            throw error
        } catch {
            throw reader.failure("round", "\(error)")
        }
    }
}

extension Saved where Value == Agreement {
    /// An agreement from its canonical form, as the mediator's node transmits it, under the id it has there.
    public init(canonical form: CanonicalJSON) throws(FormError) {
        let reader = try FormReader(
            form, subject: "agreement",
            fields: [
                "basis", "justification", "categories", "deadline", "id", "quantity", "round", "subject", "unequal_counts",
                "wording",
            ])
        guard let id = try reader.integer("id"), let round = try reader.integer("round") else {
            throw reader.failure("id", "the id or the round is missing")
        }
        let subjectName = try reader.required("subject")
        guard let subject = ExchangeSubject(rawValue: subjectName) else {
            throw reader.failure("subject", "\"\(subjectName)\" is not a subject of an agreement")
        }
        var quantity: Quantity?
        if let count = try reader.integer("quantity") {
            let basisName = try reader.required("basis")
            guard let basis = QuantityBasis(rawValue: basisName), let made = try? Quantity(count: Int(count), basis: basis) else {
                throw reader.failure("basis", "\"\(basisName)\" is not a basis")
            }
            quantity = made
        }
        var categories: [EligibilityCategory] = []
        if case .array(let values)? = reader.members["categories"] {
            for value in values {
                guard case .string(let name) = value, let category = try? EligibilityCategory(name: name) else {
                    throw reader.failure("categories", "an item is not a category")
                }
                categories.append(category)
            }
        }
        var unequal: UnequalCounts?
        if case .array(let shares)? = reader.members["unequal_counts"] {
            var parsed: [UnequalCounts.Share] = []
            for share in shares {
                guard case .object(let members) = share, case .string(let party)? = members["party"],
                    case .integer(let count)? = members["count"]
                else { throw reader.failure("unequal_counts", "a share is not a party and a count") }
                parsed.append(UnequalCounts.Share(party: Party.Code(rawValue: party), count: Int(count)))
            }
            unequal = UnequalCounts(shares: parsed, justification: try reader.text("justification") ?? "")
        }
        do {
            self.init(
                id: Agreement.ID(rawValue: id),
                try Agreement(
                    round: Round.ID(rawValue: round), subject: subject, quantity: quantity, unequalCounts: unequal,
                    categories: categories, deadline: try reader.date("deadline"), wording: try reader.required("wording")))
        } catch let error as FormError {
            throw error
        } catch {
            throw reader.failure("agreement", "\(error)")
        }
    }
}
