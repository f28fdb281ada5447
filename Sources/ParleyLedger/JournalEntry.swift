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
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(160 + detail.utf8.count + subject.utf8.count)
        output.append(contentsOf: #"{"action":"#.utf8)
        CanonicalJSON.appendString(action, to: &output)
        output.append(contentsOf: #","actor":"#.utf8)
        CanonicalJSON.appendString(actor, to: &output)
        output.append(contentsOf: #","at":"#.utf8)
        CanonicalJSON.appendString(recordedAt, to: &output)
        output.append(contentsOf: #","detail":"#.utf8)
        output.append(contentsOf: detail.utf8)
        output.append(contentsOf: #","previous":""#.utf8)
        previous.appendHex(to: &output)
        output.append(contentsOf: #"","sequence":"#.utf8)
        CanonicalJSON.appendInteger(sequence, to: &output)
        output.append(contentsOf: #","state":"#.utf8)
        if let state {
            output.append(UInt8(ascii: "\""))
            state.appendHex(to: &output)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","subject":"#.utf8)
        CanonicalJSON.appendString(subject, to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The entry's hash: SHA-256 of ``canonicalBytes``.
    public var hash: Digest { Digest.sha256(canonicalBytes) }

    /// The entry's leaf in the journal's Merkle tree (RFC 9162): SHA-256(0x00 || canonical bytes).
    public var leafHash: Digest { MerkleTree.leafHash(canonicalBytes) }
}
