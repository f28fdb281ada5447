/// A run of consecutive journal entries, checked and hashed on its own.
///
/// The journal's verification reads runs of entries on several cores at once, each into a
/// span, and joins the spans in order of sequence (``JournalVerifier/join(_:)``). What an
/// entry owes the entry before it, the next sequence and a link to its hash, is checked
/// inside a span as entries are added, and between spans when they are joined. A span
/// hashes its entries, their Merkle leaves and the subtree over those leaves, and notes the
/// state each entry gives its subject.
public struct JournalSpan: Sendable {
    /// The sequence of the span's first entry, good or bad; `nil` while the span is empty.
    private(set) var firstSequence: Int64?
    /// The previous hash named by the first entry, once it was found good.
    private(set) var firstPrevious = Digest.zero
    /// The leaf hashes of the good entries, in order, and the tree they grow.
    private(set) var leafHashes: [Digest] = []
    private(set) var leaves = MerkleAccumulator()
    /// The stored hash of each good entry, in order.
    private(set) var hashes: [Digest] = []
    /// The latest state of each subject the good entries name.
    private(set) var latest: LatestStates
    /// The first problem in the span, found after ``count`` good entries; later entries are not checked.
    public private(set) var problem: JournalProblem?

    /// The number of good entries, which come before any problem.
    public var count: Int { leafHashes.count }

    /// - Parameter capacity: how many entries the span will hold, if known, to size its tables once.
    public init(capacity: Int = 0) {
        leafHashes.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        latest = LatestStates(capacity: capacity)
    }

    /// Adds the next entry as the database holds it, read in place.
    public mutating func append(_ entry: StoredJournalEntry) {
        guard problem == nil, follows(entry.sequence) else { return }
        let hashed = entry.withCanonicalBytes { bytes, state, previous in
            (hash: Digest.sha256(bytes), leafHash: MerkleTree.leafHash(bytes), state: state, previous: previous)
        }
        guard let hashed, let storedHash = Digest(entry.hash) else {
            problem = .changed(sequence: entry.sequence)
            return
        }
        accept(
            sequence: entry.sequence, subject: entry.subject, state: hashed.state, previous: hashed.previous,
            hash: hashed.hash, leafHash: hashed.leafHash, storedHash: storedHash)
    }

    /// Adds the next entry, given the hash stored with it.
    public mutating func append(_ entry: JournalEntry, storedHash: Digest) {
        guard problem == nil, follows(entry.sequence) else { return }
        let (hash, leafHash) = entry.withCanonicalBytes { (Digest.sha256($0), MerkleTree.leafHash($0)) }
        var subject = entry.subject
        subject.withUTF8 { subject in
            accept(
                sequence: entry.sequence, subject: UnsafeRawBufferPointer(subject), state: entry.state,
                previous: entry.previous, hash: hash, leafHash: leafHash, storedHash: storedHash)
        }
    }

    /// Whether an entry with this sequence may come next; the first entry may have any, which the join checks.
    private mutating func follows(_ sequence: Int64) -> Bool {
        guard let firstSequence else {
            self.firstSequence = sequence
            return true
        }
        problem = JournalProblem.unexpected(sequence: sequence, expected: firstSequence + Int64(count))
        return problem == nil
    }

    /// Checks an entry, given the hash and the leaf hash of its canonical bytes, against its stored hash and
    /// the entry before it in the span, and takes it into the span's leaves and the subjects' latest states.
    private mutating func accept(
        sequence: Int64, subject: UnsafeRawBufferPointer, state: Digest?, previous: Digest, hash: Digest, leafHash: Digest,
        storedHash: Digest
    ) {
        guard hash == storedHash else {
            problem = .changed(sequence: sequence)
            return
        }
        if count == 0 {
            firstPrevious = previous
        } else if previous != hashes.last {
            problem = .brokenLink(sequence: sequence)
            return
        }
        leafHashes.append(leafHash)
        leaves.append(leafHash: leafHash)
        hashes.append(storedHash)
        latest.record(subject: subject, state: state, sequence: sequence)
    }
}

extension JournalProblem {
    /// Why an entry with `sequence` cannot stand where the entry `expected` should; `nil` when it is that entry.
    static func unexpected(sequence: Int64, expected: Int64) -> JournalProblem? {
        if sequence == expected { return nil }
        return sequence > expected
            ? .missing(sequence: expected, next: sequence) : .outOfOrder(sequence: sequence, expected: expected)
    }
}
