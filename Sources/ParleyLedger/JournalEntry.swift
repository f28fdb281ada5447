/// One entry of the journal: who did what to which subject, chained to the entry before it.
///
/// An entry names its subject by id (`record:17`, `agreement:3`) and carries the digest
/// of the subject's state after the change; it never carries a person's name, birth date
/// or service number. Its hash commits to its canonical content (RFC 8785) and to the
/// hash of the previous entry, so changing, removing or reordering any entry breaks the chain.
public struct JournalEntry: Hashable, Sendable {
    /// 1 for the first entry, one more for each after it.
    public let sequence: Int64
    /// When the change was made, ISO 8601 in UTC, such as `2026-02-05T10:00:00Z`.
    public let recordedAt: String
    /// The principal that made the change, such as `official:UA`.
    public let actor: String
    /// What was done, such as `record.register` or `agreement.settle`.
    public let action: String
    /// What it was done to, such as `record:17`.
    public let subject: String
    /// The digest of the subject's canonical state after the change, if the subject has one.
    public let state: Digest?
    /// Further facts: ids, enum values, counts and digests, as canonical JSON text of an object.
    public let detail: String
    /// The hash of the entry before, or ``Digest/zero`` for the first.
    public let previous: Digest

    public init(
        sequence: Int64, recordedAt: String, actor: String, action: String, subject: String, state: Digest?,
        detail: String, previous: Digest
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.action = action
        self.subject = subject
        self.state = state
        self.detail = detail
        self.previous = previous
    }

    /// Makes an entry whose detail is a canonical JSON object.
    public init(
        sequence: Int64, recordedAt: String, actor: String, action: String, subject: String, state: Digest?,
        detail: [String: CanonicalJSON], previous: Digest
    ) {
        self.init(
            sequence: sequence, recordedAt: recordedAt, actor: actor, action: action, subject: subject,
            state: state, detail: CanonicalJSON.object(detail).serialized, previous: previous)
    }

    /// The bytes the hash covers: the RFC 8785 form of
    /// `{action, actor, at, detail, previous, sequence, state, subject}`.
    ///
    /// `detail` is written as stored; the store writes it canonical, and any later change
    /// to it changes these bytes.
    public var canonicalBytes: [UInt8] { withCanonicalBytes { Array($0) } }

    /// The entry's hash: SHA-256 of ``canonicalBytes``.
    public var hash: Digest { withCanonicalBytes { Digest.sha256($0) } }

    /// The entry's leaf in the journal's Merkle tree (RFC 9162): SHA-256(0x00 || canonical bytes).
    public var leafHash: Digest { withCanonicalBytes { MerkleTree.leafHash($0) } }

    /// Calls `body` with ``canonicalBytes``, written into temporary memory.
    public func withCanonicalBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var (recordedAt, actor, action, subject, detail) = (self.recordedAt, self.actor, self.action, self.subject, self.detail)
        return recordedAt.withUTF8 { recordedAt in
            actor.withUTF8 { actor in
                action.withUTF8 { action in
                    subject.withUTF8 { subject in
                        detail.withUTF8 { detail in
                            Self.withCanonicalBytes(
                                sequence: sequence, recordedAt: UnsafeRawBufferPointer(recordedAt),
                                actor: UnsafeRawBufferPointer(actor), action: UnsafeRawBufferPointer(action),
                                subject: UnsafeRawBufferPointer(subject), state: state, detail: UnsafeRawBufferPointer(detail),
                                previous: previous, body)
                        }
                    }
                }
            }
        }
    }

    /// The one definition of an entry's canonical bytes, from its fields' UTF-8 bytes: an entry made in
    /// memory and an entry read in place from the database are written by this same function.
    static func withCanonicalBytes<Result>(
        sequence: Int64, recordedAt: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer, action: UnsafeRawBufferPointer,
        subject: UnsafeRawBufferPointer, state: Digest?, detail: UnsafeRawBufferPointer, previous: Digest,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        typealias Writer = CanonicalByteWriter
        // The member names and punctuation take 90 bytes; each digest 64 as hexadecimal.
        let bound =
            96 + Writer.stringBound(action.count) + Writer.stringBound(actor.count) + Writer.stringBound(recordedAt.count)
            + detail.count + 2 * Writer.hexBound(Digest.byteCount) + Writer.integerBound + Writer.stringBound(subject.count)
        return Writer.withWriter(
            bound: bound,
            { output in
                output.literal(#"{"action":"#)
                output.string(utf8: action)
                output.literal(#","actor":"#)
                output.string(utf8: actor)
                output.literal(#","at":"#)
                output.string(utf8: recordedAt)
                output.literal(#","detail":"#)
                output.bytes(detail)
                output.literal(#","previous":""#)
                previous.withUnsafeBytes { output.hex($0) }
                output.literal(#"","sequence":"#)
                output.integer(sequence)
                output.literal(#","state":"#)
                if let state {
                    output.byte(UInt8(ascii: "\""))
                    state.withUnsafeBytes { output.hex($0) }
                    output.byte(UInt8(ascii: "\""))
                } else {
                    output.literal("null")
                }
                output.literal(#","subject":"#)
                output.string(utf8: subject)
                output.byte(UInt8(ascii: "}"))
            }, body)
    }
}

/// A journal entry as the database holds it: each column's bytes, read in place.
///
/// Verification reads a million entries; it hashes their bytes where they lie in SQLite's
/// row rather than making strings and arrays of them. The buffers are valid only while the
/// row is current, so a stored entry is checked at once and never kept.
public struct StoredJournalEntry {
    public var sequence: Int64
    public var recordedAt: UnsafeRawBufferPointer
    public var actor: UnsafeRawBufferPointer
    public var action: UnsafeRawBufferPointer
    public var subject: UnsafeRawBufferPointer
    /// `nil` when the column is NULL.
    public var state: UnsafeRawBufferPointer?
    public var detail: UnsafeRawBufferPointer
    public var previous: UnsafeRawBufferPointer
    /// The hash stored with the entry.
    public var hash: UnsafeRawBufferPointer

    public init(
        sequence: Int64, recordedAt: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer, action: UnsafeRawBufferPointer,
        subject: UnsafeRawBufferPointer, state: UnsafeRawBufferPointer?, detail: UnsafeRawBufferPointer,
        previous: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.action = action
        self.subject = subject
        self.state = state
        self.detail = detail
        self.previous = previous
        self.hash = hash
    }

    /// SHA-256 of the entry's canonical bytes, which its stored ``hash`` must equal; `nil` when its state or
    /// its previous hash is not 32 bytes long, which no entry Parley writes can be.
    public var canonicalHash: Digest? {
        withCanonicalBytes { bytes, _, _ in Digest.sha256(bytes) }
    }

    /// The entry's leaf in the journal's Merkle tree; `nil` when its state or its previous hash is not 32
    /// bytes long, which no entry Parley writes can be.
    public var leafHash: Digest? {
        withCanonicalBytes { bytes, _, _ in MerkleTree.leafHash(bytes) }
    }

    /// Calls `body` with the entry's canonical bytes, its state and its previous hash as digests; `nil`,
    /// without calling it, when the state or the previous hash is not 32 bytes long.
    func withCanonicalBytes<Result>(_ body: (UnsafeRawBufferPointer, Digest?, Digest) -> Result) -> Result? {
        guard let previous = Digest(previous) else { return nil }
        var stateDigest: Digest?
        if let state {
            guard let digest = Digest(state) else { return nil }
            stateDigest = digest
        }
        return JournalEntry.withCanonicalBytes(
            sequence: sequence, recordedAt: recordedAt, actor: actor, action: action, subject: subject, state: stateDigest,
            detail: detail, previous: previous
        ) { body($0, stateDigest, previous) }
    }
}
