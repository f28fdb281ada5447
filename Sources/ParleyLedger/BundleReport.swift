import ParleyCore

extension ListBundle {
    /// Checks the bundle offline against the public keys `keyring` trusts, and says what holds and what does not.
    ///
    /// The signatures are checked against the digest the bundle states, and that digest against the one
    /// recomputed from the document, so a report can say both "these signatures are valid over X" and "but the
    /// document no longer hashes to X". Each entry is checked against its own `entry_digest` to name the entry
    /// that changed.
    public func verify(against keyring: Keyring) -> BundleReport {
        var reader = DocumentReader(document)
        let header = reader.header()
        let entries = reader.checkEntries()
        var problems = reader.problems

        let recomputed = document.digest
        if recomputed != digest {
            problems.insert(.digestMismatch(stated: digest, recomputed: recomputed), at: 0)
            if !entries.namedAChange { problems.append(.changeNotLocated) }
        }

        let required = header.signers ?? []
        var verified: [BundleSignature] = []
        var counts: [Principal: Int] = [:]
        var signersInOrder: [Principal] = []
        for approval in signatures {
            let signer = approval.signer
            counts[signer, default: 0] += 1
            if counts[signer] == 1 {
                signersInOrder.append(signer)
                if header.signers != nil, !required.contains(signer) { problems.append(.unexpectedSigner(signer)) }
            }
            if keyring.keys(for: signer).contains(approval.publicKey) {
                if approval.publicKey.isValidSignature(approval.signature, for: digest) {
                    verified.append(approval)
                } else {
                    problems.append(.invalidSignature(signer: signer, key: approval.publicKey, digest: digest))
                }
            } else if let owner = keyring.signer(of: approval.publicKey) {
                problems.append(.keyOfAnotherSigner(signer: signer, key: approval.publicKey, owner: owner))
            } else {
                problems.append(.unknownKey(signer: signer, key: approval.publicKey))
            }
        }
        for signer in signersInOrder where counts[signer, default: 0] > 1 {
            problems.append(.duplicateSignatures(signer, count: counts[signer, default: 0]))
        }
        for signer in required where counts[signer] == nil {
            problems.append(.missingSignature(signer))
        }

        return BundleReport(
            agreement: header.agreement, list: header.list, version: header.version, releasing: header.releasing,
            receiving: header.receiving, subject: header.subject, frozenAt: header.frozenAt, entryCount: entries.count,
            requiredSigners: required, statedDigest: digest, recomputedDigest: recomputed,
            verifiedSignatures: verified, problems: problems)
    }
}

/// What a bundle's verification found: the list it names, the approvals that hold, and every problem.
public struct BundleReport: Hashable, Sendable, CustomStringConvertible {
    /// The agreement the document names; like every member read from the document, `nil` if it cannot be read.
    public let agreement: Int64?
    /// The list the document names.
    public let list: Int64?
    /// The list's version the document names.
    public let version: Int?
    /// The party that releases the persons.
    public let releasing: Party.Code?
    /// The party that receives them.
    public let receiving: Party.Code?
    /// What is exchanged, as the document writes it.
    public let subject: String?
    /// When the version was frozen, as the document writes it.
    public let frozenAt: String?
    /// The number of entries in the document.
    public let entryCount: Int?
    /// The signers whose approval the document requires.
    public let requiredSigners: [Principal]
    /// The digest the bundle states: the one the signatures are checked against.
    public let statedDigest: Digest
    /// The digest of the document as it is now.
    public let recomputedDigest: Digest
    /// The signatures by a key the keyring trusts for their signer that are valid over ``statedDigest``.
    public let verifiedSignatures: [BundleSignature]
    /// Everything that is wrong, in the order found; empty when the bundle holds.
    public let problems: [BundleProblem]

    /// Whether the document is the one that was signed and every required signer approved it with a trusted key.
    public var isValid: Bool { problems.isEmpty }

    /// The report in a few lines a person can read.
    public var description: String {
        func known<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "?" }
        var lines = [
            "list \(known(list)), version \(known(version)), agreement \(known(agreement)): "
                + "\(known(releasing?.rawValue)) releases \(known(entryCount)) entries to \(known(receiving?.rawValue)) "
                + "(\(known(subject))), frozen at \(known(frozenAt))",
            "digest stated: \(statedDigest)",
            "signatures valid over it: "
                + (verifiedSignatures.isEmpty ? "none" : verifiedSignatures.map(\.signer.description).joined(separator: ", ")),
        ]
        if isValid {
            lines.append("valid: the document hashes to the stated digest and every required signer approved it")
        } else {
            lines.append("not valid, \(problems.count) problem\(problems.count == 1 ? "" : "s"):")
            lines += problems.map { "- \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// An entry of a bundle's document, named by what it says of itself.
public struct BundleEntry: Hashable, Sendable, CustomStringConvertible {
    /// The entry's `position`, or its place in the array (from 1) when it has none.
    public let position: Int64
    public let record: Int64?
    public let reference: String?

    public init(position: Int64, record: Int64?, reference: String?) {
        self.position = position
        self.record = record
        self.reference = reference
    }

    /// `entry 2 (record 12, reference UA-0002)`.
    public var description: String {
        let names = [record.map { "record \($0)" }, reference.map { "reference \($0)" }].compactMap(\.self)
        return names.isEmpty ? "entry \(position)" : "entry \(position) (\(names.joined(separator: ", ")))"
    }
}

/// One thing wrong with a bundle, in a sentence a person can act on.
public enum BundleProblem: ParleyError, Hashable {
    /// A member of the document is missing or of the wrong kind, so the report cannot read it.
    case malformedDocument(member: String, expected: String, found: String)
    /// The document does not hash to the digest the bundle states and its signatures cover.
    case digestMismatch(stated: Digest, recomputed: Digest)
    /// An entry's content no longer hashes to its `entry_digest`.
    case entryChanged(BundleEntry)
    /// An entry without an `entry_digest` of 64 hexadecimal characters.
    case entryWithoutDigest(BundleEntry)
    /// An entry whose `position` is not its place in the list.
    case entryOutOfPlace(BundleEntry, place: Int)
    /// The document changed, yet every entry matches its `entry_digest`: the header was changed, or entries were
    /// changed with their `entry_digest` rewritten too.
    case changeNotLocated
    /// A signer the document requires has no signature in the bundle.
    case missingSignature(Principal)
    /// A signature by a key the keyring does not hold at all.
    case unknownKey(signer: Principal, key: VerifyingKey)
    /// A signature claimed for one signer by a key the keyring holds for another.
    case keyOfAnotherSigner(signer: Principal, key: VerifyingKey, owner: Principal)
    /// A signature by a trusted key that does not verify over the stated digest.
    case invalidSignature(signer: Principal, key: VerifyingKey, digest: Digest)
    /// A signature by a principal the document does not name among its signers.
    case unexpectedSigner(Principal)
    /// More than one signature claimed for one signer.
    case duplicateSignatures(Principal, count: Int)

    public var code: String {
        switch self {
        case .malformedDocument: "bundle.document.malformed"
        case .digestMismatch: "bundle.digest.mismatch"
        case .entryChanged: "bundle.entry.changed"
        case .entryWithoutDigest: "bundle.entry.no-digest"
        case .entryOutOfPlace: "bundle.entry.out-of-place"
        case .changeNotLocated: "bundle.change.not-located"
        case .missingSignature: "bundle.signature.missing"
        case .unknownKey: "bundle.signature.unknown-key"
        case .keyOfAnotherSigner: "bundle.signature.key-of-another-signer"
        case .invalidSignature: "bundle.signature.invalid"
        case .unexpectedSigner: "bundle.signature.unexpected-signer"
        case .duplicateSignatures: "bundle.signature.duplicate"
        }
    }

    public var message: String {
        switch self {
        case .malformedDocument(let member, let expected, let found):
            "the document's \(member) is \(found) where \(expected) belongs"
        case .digestMismatch(let stated, let recomputed):
            "the document hashes to \(recomputed), not to \(stated), the digest the bundle states and its signatures "
                + "cover: it was changed after it was signed"
        case .entryChanged(let entry):
            "\(entry) does not hash to its entry_digest: its content was changed after the list was frozen"
        case .entryWithoutDigest(let entry):
            "\(entry) has no entry_digest of 64 hexadecimal characters"
        case .entryOutOfPlace(let entry, let place):
            "the entry in place \(place) of the list is \(entry): entries were moved"
        case .changeNotLocated:
            "every entry still hashes to its entry_digest, so either the list's header (agreement, list, version, "
                + "parties, subject, signers, frozen_at) was changed, or entries were changed and their entry_digest "
                + "rewritten to match"
        case .missingSignature(let signer):
            "\(signer), whose approval the document requires, has not signed"
        case .unknownKey(let signer, let key):
            "the signature of \(signer) is by key \(key), which the keyring does not hold"
        case .keyOfAnotherSigner(let signer, let key, let owner):
            "the signature claimed for \(signer) is by key \(key), which the keyring holds for \(owner)"
        case .invalidSignature(let signer, let key, let digest):
            "the signature of \(signer) by key \(key) is not valid over the digest \(digest)"
        case .unexpectedSigner(let signer):
            "\(signer) signed, but is not among the signers the document requires"
        case .duplicateSignatures(let signer, let count):
            "\(signer) signed \(count) times, where each signer signs a version once"
        }
    }

    public var remedy: String {
        switch self {
        case .malformedDocument, .entryWithoutDigest:
            "Ask the sender for the bundle as Parley exported it, unchanged"
        case .digestMismatch, .entryChanged, .entryOutOfPlace, .changeNotLocated:
            "Do not act on this list: ask the sender for the bundle as signed, and compare it with the frozen version"
        case .missingSignature(let signer):
            "Ask \(signer) to sign this version, then export the bundle again"
        case .unknownKey(let signer, _):
            "If \(signer) really uses this key, check it with them over a channel you trust and add their .pub line "
                + "to the keyring; otherwise treat the signature as forged"
        case .keyOfAnotherSigner(_, _, let owner):
            "Treat the signature as forged: one signer cannot sign with \(owner)'s key"
        case .invalidSignature(let signer, _, _):
            "Treat the signature as forged or made for another version; ask \(signer) to sign this version again"
        case .unexpectedSigner:
            "Export the bundle again without this signature, or freeze a version that names this signer"
        case .duplicateSignatures:
            "Export the bundle again with one signature per signer"
        }
    }
}

/// Reads a bundle's document for the report, noting every member it cannot read as a problem.
private struct DocumentReader {
    struct Header {
        var agreement: Int64?
        var list: Int64?
        var version: Int?
        var releasing: Party.Code?
        var receiving: Party.Code?
        var subject: String?
        var frozenAt: String?
        var signers: [Principal]?
    }

    private let members: [String: CanonicalJSON]
    /// Whether the document is an object at all; if not, its members are not reported missing one by one.
    private let isObject: Bool
    private(set) var problems: [BundleProblem] = []

    init(_ document: CanonicalJSON) {
        if case .object(let members) = document {
            self.members = members
            self.isObject = true
        } else {
            self.members = [:]
            self.isObject = false
            problems.append(.malformedDocument(member: "document", expected: "an object", found: document.kindInWords))
        }
    }

    mutating func header() -> Header {
        var header = Header()
        header.agreement = integer("agreement")
        header.list = integer("list")
        header.version = integer("version").flatMap { Int(exactly: $0) }
        header.releasing = partyCode("releasing")
        header.receiving = partyCode("receiving")
        header.subject = string("subject")
        header.frozenAt = string("frozen_at")
        header.signers = signers()
        return header
    }

    /// Checks each entry against its `entry_digest` and its place; `namedAChange` is true if a problem was found
    /// with an entry, so that a change of the document's digest is accounted for.
    mutating func checkEntries() -> (count: Int?, namedAChange: Bool) {
        guard let entries = value("entries", expected: "an array of entries") else { return (nil, false) }
        guard case .array(let items) = entries else {
            problems.append(.malformedDocument(member: "entries", expected: "an array", found: entries.kindInWords))
            return (nil, false)
        }
        var namedAChange = false
        for (index, item) in items.enumerated() {
            guard case .object(var entry) = item else {
                problems.append(
                    .malformedDocument(member: "entries[\(index)]", expected: "an object", found: item.kindInWords))
                namedAChange = true
                continue
            }
            let place = index + 1
            let named = BundleEntry(
                position: entry["position"].flatMap(Self.integer) ?? Int64(place),
                record: entry["record"].flatMap(Self.integer),
                reference: entry["reference"].flatMap(Self.string))
            let stated = entry.removeValue(forKey: ListDocument.entryDigestKey).flatMap(Self.string).flatMap(Digest.init(hex:))
            guard let stated else {
                problems.append(.entryWithoutDigest(named))
                namedAChange = true
                continue
            }
            if CanonicalJSON.object(entry).digest != stated {
                problems.append(.entryChanged(named))
                namedAChange = true
            }
            if named.position != Int64(place) {
                problems.append(.entryOutOfPlace(named, place: place))
                namedAChange = true
            }
        }
        return (items.count, namedAChange)
    }

    private mutating func value(_ name: String, expected: String) -> CanonicalJSON? {
        guard let value = members[name] else {
            if isObject {
                problems.append(.malformedDocument(member: name, expected: expected, found: "missing"))
            }
            return nil
        }
        return value
    }

    private mutating func integer(_ name: String) -> Int64? {
        guard let value = value(name, expected: "an integer") else { return nil }
        guard let integer = Self.integer(value) else {
            problems.append(.malformedDocument(member: name, expected: "an integer", found: value.kindInWords))
            return nil
        }
        return integer
    }

    private mutating func string(_ name: String) -> String? {
        guard let value = value(name, expected: "a string") else { return nil }
        guard let text = Self.string(value) else {
            problems.append(.malformedDocument(member: name, expected: "a string", found: value.kindInWords))
            return nil
        }
        return text
    }

    private mutating func partyCode(_ name: String) -> Party.Code? {
        guard let text = string(name) else { return nil }
        guard let code = try? Party.validCode(text) else {
            problems.append(.malformedDocument(member: name, expected: "a party code", found: quotedValue(text)))
            return nil
        }
        return code
    }

    private mutating func signers() -> [Principal]? {
        guard let value = value("signers", expected: "an array of signers") else { return nil }
        guard case .array(let items) = value, !items.isEmpty else {
            let found = value == .array([]) ? "an empty array" : value.kindInWords
            problems.append(.malformedDocument(member: "signers", expected: "an array of signers", found: found))
            return nil
        }
        var signers: [Principal] = []
        for (index, item) in items.enumerated() {
            guard let text = Self.string(item), let signer = try? Principal(parsing: text) else {
                let found = Self.string(item).map { quotedValue($0) } ?? item.kindInWords
                problems.append(
                    .malformedDocument(member: "signers[\(index)]", expected: "a signer such as official:UA", found: found))
                return nil
            }
            signers.append(signer)
        }
        return signers
    }

    /// An integer, also when written with a fraction of zero (`2.0`), which JCS writes as the integer.
    private static func integer(_ value: CanonicalJSON) -> Int64? {
        switch value {
        case .integer(let integer): integer
        case .number(let number): Int64(exactly: number)
        default: nil
        }
    }

    private static func string(_ value: CanonicalJSON) -> String? {
        if case .string(let text) = value { text } else { nil }
    }
}
