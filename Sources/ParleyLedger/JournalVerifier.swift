import ParleyCore

/// A published root of the journal's Merkle tree over its first `size` entries.
public struct Checkpoint: Hashable, Sendable {
    public let size: Int64
    public let root: Digest
    public let recordedAt: String

    public init(size: Int64, root: Digest, recordedAt: String) {
        self.size = size
        self.root = root
        self.recordedAt = recordedAt
    }
}

/// Recomputes the journal entry by entry and says where it first stops being true.
///
/// Feed it every stored entry in order of sequence, then the current state digest of
/// every subject; it finds an entry edited in place, removed, inserted or moved, a
/// checkpoint whose root no longer matches, a journal cut short of a checkpoint, and a
/// row of the database changed, removed or added without a journal entry.
public struct JournalVerifier: Sendable {
    private let checkpoints: [Checkpoint]
    private var nextCheckpoint = 0
    private var accumulator = MerkleAccumulator()
    private var expectedSequence: Int64 = 1
    private var previousHash = Digest.zero
    /// The latest state each subject was journaled with, and the entry that says so; a
    /// subject is removed once its current state was checked, so what remains was lost.
    private var latestState: [String: (state: Digest?, sequence: Int64)] = [:]

    /// The first problem found; once set, later entries are not checked.
    public private(set) var problem: JournalProblem?
    public private(set) var entriesChecked: Int64 = 0
    /// The number of checkpoints checked against.
    public var checkpointCount: Int { checkpoints.count }

    /// - Parameter expectedEntries: how many entries the journal holds, if known, to size the tables once.
    public init(checkpoints: [Checkpoint], expectedEntries: Int = 0) {
        self.checkpoints = checkpoints.sorted { $0.size < $1.size }
        latestState.reserveCapacity(expectedEntries)
        // A checkpoint of the empty journal is met before any entry is read.
        while nextCheckpoint < self.checkpoints.count && self.checkpoints[nextCheckpoint].size == 0
            && self.checkpoints[nextCheckpoint].root == MerkleTree.emptyRoot
        {
            nextCheckpoint += 1
        }
    }

    /// Checks the next stored entry against the chain, given the hash stored with it.
    public mutating func check(_ entry: JournalEntry, storedHash: Digest) {
        guard problem == nil else { return }
        if entry.sequence != expectedSequence {
            problem =
                entry.sequence > expectedSequence
                ? .missing(sequence: expectedSequence, next: entry.sequence)
                : .outOfOrder(sequence: entry.sequence, expected: expectedSequence)
            return
        }
        let bytes = entry.canonicalBytes
        guard Digest.sha256(bytes) == storedHash else {
            problem = .changed(sequence: entry.sequence)
            return
        }
        guard entry.previous == previousHash else {
            problem = .brokenLink(sequence: entry.sequence)
            return
        }
        accumulator.append(leafHash: MerkleTree.leafHash(bytes))
        previousHash = storedHash
        expectedSequence += 1
        entriesChecked += 1
        latestState[entry.subject] = (entry.state, entry.sequence)
        while nextCheckpoint < checkpoints.count && checkpoints[nextCheckpoint].size == Int64(accumulator.count) {
            let checkpoint = checkpoints[nextCheckpoint]
            if checkpoint.root != accumulator.root {
                problem = .checkpointMismatch(size: checkpoint.size, recordedAt: checkpoint.recordedAt)
                return
            }
            nextCheckpoint += 1
        }
    }

    /// Call after the last entry: checks that no checkpoint covers more entries than remain.
    public mutating func finishEntries() {
        guard problem == nil else { return }
        if nextCheckpoint < checkpoints.count {
            let checkpoint = checkpoints[nextCheckpoint]
            problem =
                Int64(accumulator.count) < checkpoint.size
                ? .truncated(checkpointSize: checkpoint.size, entries: Int64(accumulator.count))
                : .checkpointMismatch(size: checkpoint.size, recordedAt: checkpoint.recordedAt)
        }
    }

    /// Checks one subject's current state, as the database holds it, against the journal.
    public mutating func checkState(subject: String, state: Digest) {
        guard problem == nil else { return }
        guard let journaled = latestState.removeValue(forKey: subject) else {
            problem = .unjournaled(subject: subject)
            return
        }
        if journaled.state != state {
            problem = .stateChanged(subject: subject, sequence: journaled.sequence)
        }
    }

    /// Call after every subject of the given kinds (such as `record`) was checked: finds
    /// subjects the journal holds that the database lost.
    public mutating func finishStates(kinds: Set<String>) {
        guard problem == nil else { return }
        let missing =
            latestState
            .filter { subject, journaled in
                journaled.state != nil
                    && kinds.contains(String(subject.prefix { $0 != ":" }))
            }
            .min { $0.value.sequence < $1.value.sequence }
        if let (subject, journaled) = missing {
            problem = .subjectMissing(subject: subject, sequence: journaled.sequence)
        }
    }

    /// The hash of the last entry checked: what a party publishes to fix the journal's state.
    public var head: Digest { previousHash }
    /// The Merkle root over the entries checked.
    public var root: Digest { accumulator.root }
}

/// What is wrong with a journal, naming the first bad entry.
public enum JournalProblem: ParleyError, Hashable {
    case changed(sequence: Int64)
    case brokenLink(sequence: Int64)
    case missing(sequence: Int64, next: Int64)
    case outOfOrder(sequence: Int64, expected: Int64)
    case checkpointMismatch(size: Int64, recordedAt: String)
    case truncated(checkpointSize: Int64, entries: Int64)
    case stateChanged(subject: String, sequence: Int64)
    case subjectMissing(subject: String, sequence: Int64)
    case unjournaled(subject: String)

    public var code: String { "journal.verify.failed" }

    /// The sequence of the first bad entry, where one can be named.
    public var firstBadEntry: Int64? {
        switch self {
        case .changed(let sequence), .brokenLink(let sequence), .missing(let sequence, _),
            .outOfOrder(let sequence, _), .stateChanged(_, let sequence), .subjectMissing(_, let sequence):
            sequence
        case .checkpointMismatch(let size, _): size
        case .truncated(_, let entries): entries + 1
        case .unjournaled: nil
        }
    }

    public var message: String {
        switch self {
        case .changed(let sequence):
            "entry \(sequence) was changed after it was written: its content no longer has its hash"
        case .brokenLink(let sequence):
            "entry \(sequence) does not follow the entry before it: an entry before it was changed, removed or moved"
        case .missing(let sequence, let next):
            "entry \(sequence) is missing: the journal goes from \(sequence - 1) to \(next)"
        case .outOfOrder(let sequence, let expected):
            "entry \(sequence) stands where entry \(expected) should: entries were reordered"
        case .checkpointMismatch(let size, let at):
            "the checkpoint over the first \(size) entries (made \(at)) no longer matches them: an entry up to \(size) was rewritten"
        case .truncated(let size, let entries):
            "the journal has \(entries) entries but a checkpoint covers \(size): entries after \(entries) were removed"
        case .stateChanged(let subject, let sequence):
            "\(subject) differs from its state in the journal (last entry \(sequence)): it was changed outside Parley"
        case .subjectMissing(let subject, let sequence):
            "\(subject) is in the journal (last entry \(sequence)) but no longer in the database: it was deleted outside Parley"
        case .unjournaled(let subject):
            "\(subject) is in the database but not in the journal: it was added outside Parley"
        }
    }

    public var remedy: String {
        "Do not use this database for decisions; restore the last backup that verifies (parley backup) and compare the two"
    }
}
