import ParleyCore

/// The canonical forms of exchange lists, their approvals, handover outcomes and signer keys:
/// what the journal's state digests of them cover.

extension ExchangeList: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.list, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("agreement", .integer(agreement.rawValue)),
            ("id", .integer(id.rawValue)),
            ("receiving", .string(receiving.rawValue)),
            ("releasing", .string(releasing.rawValue)),
        ])
    }
}

/// A list version as stored: with the SHA-256 of the frozen document's text, and of the text of the
/// findings it was frozen with, as the database holds them, so an edit of either shows even when the
/// stated digest is left alone.
public struct StoredListVersion: Hashable, Sendable, CanonicallyDigestible {
    public var version: ListVersion
    /// SHA-256 of the stored document text; `nil` for a draft.
    public var documentDigest: Digest?
    /// SHA-256 of the stored findings text; `nil` for a draft and for a version frozen before findings were kept.
    public var findingsDigest: Digest?

    public init(version: ListVersion, documentDigest: Digest?, findingsDigest: Digest? = nil) {
        self.version = version
        self.documentDigest = documentDigest
        self.findingsDigest = findingsDigest
    }

    public var journalSubject: String { ParleyLedger.journalSubject(.listVersion, version.id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("digest", text(version.freezing?.digest)),
            ("document_digest", text(documentDigest?.hex)),
            ("entries", .array(version.entries.map { .integer($0.rawValue) })),
            ("findings_digest", text(findingsDigest?.hex)),
            ("frozen_at", text(version.freezing?.at)),
            ("id", .integer(version.id.rawValue)),
            ("list", .integer(version.list.rawValue)),
            ("number", .integer(Int64(version.number))),
        ])
    }
}

extension Approval: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.approval, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)),
            ("id", .integer(id.rawValue)),
            ("public_key", .string(publicKey)),
            ("signature", .string(signature)),
            ("signer", .string(signer.description)),
            ("version", .integer(version.rawValue)),
        ])
    }
}

extension HandoverOutcome: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.outcome, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("date", canonicalDate(date)),
            ("id", .integer(id.rawValue)),
            ("outcome", .string(kind.rawValue)),
            ("record", .integer(record.rawValue)),
            ("substitute", substitute.map { .integer($0.rawValue) }),
            ("version", .integer(version.rawValue)),
        ])
    }
}

extension RegisteredKey: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.key, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("at", .string(at)),
            ("id", .integer(id.rawValue)),
            ("public_key", .string(publicKey)),
            ("signer", .string(signer.description)),
        ])
    }
}

extension UserAccount: CanonicallyDigestible {
    public var journalSubject: String { ParleyLedger.journalSubject(.user, id.rawValue) }
    public var canonicalForm: CanonicalJSON {
        object([
            ("created_at", .string(createdAt)),
            ("disabled", .bool(isDisabled)),
            ("failed_logins", .integer(Int64(failedLogins))),
            ("id", .integer(id.rawValue)),
            ("principal", .string(principal.description)),
            ("username", .string(username)),
        ])
    }
}
