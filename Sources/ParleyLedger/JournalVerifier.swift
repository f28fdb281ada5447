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
/// Feed it every stored entry in order of sequence, one at a time or in spans hashed apart
/// (``JournalSpan``, as verification reads them on several cores), then the current state
/// digest of every subject; it finds an entry edited in place, removed, inserted or moved, a
/// checkpoint whose root no longer matches, a journal cut short of a checkpoint, and a
/// row of the database changed, removed or added without a journal entry.
public struct JournalVerifier: Sendable {
    private let checkpoints: [Checkpoint]
    private var nextCheckpoint = 0
    private var accumulator = MerkleAccumulator()
    private var expectedSequence: Int64 = 1
    private var previousHash = Digest.zero
    /// The latest state each subject was journaled with, and the entry that says so.
    private var latest: LatestStates

    /// The first problem found; once set, later entries are not checked.
    public private(set) var problem: JournalProblem?
    public private(set) var entriesChecked: Int64 = 0
    /// The number of checkpoints checked against.
    public var checkpointCount: Int { checkpoints.count }

    /// - Parameter expectedEntries: how many entries the journal holds, if known, to size the tables once.
    public init(checkpoints: [Checkpoint], expectedEntries: Int = 0) {
        self.checkpoints = checkpoints.sorted { $0.size < $1.size }
        latest = LatestStates(capacity: expectedEntries)
        // A checkpoint of the empty journal is met before any entry is read.
        while nextCheckpoint < self.checkpoints.count && self.checkpoints[nextCheckpoint].size == 0
            && self.checkpoints[nextCheckpoint].root == MerkleTree.emptyRoot
        {
            nextCheckpoint += 1
        }
    }

    /// Checks the next entry against the chain, given the hash stored with it.
    public mutating func check(_ entry: JournalEntry, storedHash: Digest) {
        guard problem == nil else { return }
        var span = JournalSpan()
        span.append(entry, storedHash: storedHash)
        join(span)
    }

    /// Checks the next entry as the database holds it: the same checks, on its bytes in place.
    public mutating func check(_ entry: StoredJournalEntry) {
        guard problem == nil else { return }
        var span = JournalSpan()
        span.append(entry)
        join(span)
    }

    /// Takes in the entries of a span, which must begin where the entries checked so far end: checks its first
    /// entry's sequence and link, then its leaves against the checkpoints, and reports the span's own first
    /// problem where the chain reaches it. An empty span changes nothing.
    public mutating func join(_ span: JournalSpan) {
        guard problem == nil, let first = span.firstSequence else { return }
        problem = JournalProblem.unexpected(sequence: first, expected: expectedSequence)
        if problem == nil && span.count > 0 {
            if span.firstPrevious != previousHash {
                problem = .brokenLink(sequence: first)
            } else {
                let taken = appendLeaves(of: span)
                previousHash = span.hashes[taken - 1]
                expectedSequence += Int64(taken)
                entriesChecked += Int64(taken)
                if problem == nil { latest.append(span.latest) }
            }
        }
        if problem == nil { problem = span.problem }
    }

    /// Adds a span's leaves to the tree, checking each checkpoint as the tree reaches its size, and returns
    /// how many it took: all of them, or those up to the one at which a checkpoint failed. A span of a power
    /// of two leaves that lands on a multiple of its size, with no checkpoint inside it, goes in whole as the
    /// subtree it hashed.
    private mutating func appendLeaves(of span: JournalSpan) -> Int {
        let start = accumulator.count
        let end = Int64(start + span.count)
        let isSubtree = span.count.nonzeroBitCount == 1 && start % span.count == 0
        if isSubtree && (nextCheckpoint == checkpoints.count || checkpoints[nextCheckpoint].size >= end) {
            accumulator.append(subtreeRoot: span.leaves.root, size: span.count)
            passCheckpoints()
            return span.count
        }
        for (taken, leafHash) in span.leafHashes.enumerated() {
            accumulator.append(leafHash: leafHash)
            passCheckpoints()
            if problem != nil { return taken + 1 }
        }
        return span.count
    }

    /// Checks the checkpoints made at the tree's present size.
    private mutating func passCheckpoints() {
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
        var name = subject
        let journaled = name.withUTF8 { latest.take(subject: UnsafeRawBufferPointer($0)) }
        compare(journaled, state, subject: { subject })
    }

    /// Checks the current state of the subject `kind:number`, such as `record:17`, without naming it in a
    /// string: the way a million records are checked.
    public mutating func checkState(kind: SubjectKind, number: Int64, state: Digest) {
        guard problem == nil else { return }
        compare(latest.take(kind: kind.rawValue, number: number), state, subject: { journalSubject(kind, number) })
    }

    /// Checks the current states of many subjects of one kind, given by number in any order: the way a
    /// million records are checked, in order of id, which makes each a step along the journal's subjects.
    public mutating func checkStates(kind subjectKind: SubjectKind, _ states: [(number: Int64, state: Digest)]) {
        let kind = subjectKind.rawValue
        guard let position = latest.kindPosition(kind) else {
            for (number, state) in states where problem == nil { checkState(kind: subjectKind, number: number, state: state) }
            return
        }
        for (number, state) in states {
            guard problem == nil else { return }
            compare(latest.take(kind: position, number: number), state, subject: { "\(kind):\(number)" })
        }
    }

    private mutating func compare(_ journaled: LatestStates.Latest?, _ state: Digest, subject: () -> String) {
        guard let journaled else {
            problem = .unjournaled(subject: subject())
            return
        }
        if journaled.state != state {
            problem = .stateChanged(subject: subject(), sequence: journaled.sequence)
        }
    }

    /// Call after every subject of the given kinds (such as `record`) was checked: finds
    /// subjects the journal holds that the database lost.
    public mutating func finishStates(kinds subjectKinds: Set<SubjectKind>) {
        let kinds = Set(subjectKinds.map(\.rawValue))
        guard problem == nil else { return }
        if let (subject, sequence) = latest.firstUnchecked(kinds: kinds) {
            problem = .subjectMissing(subject: subject, sequence: sequence)
        }
    }

    /// The hash of the last entry checked: what a party publishes to fix the journal's state.
    public var head: Digest { previousHash }
    /// The Merkle root over the entries checked.
    public var root: Digest { accumulator.root }
}

/// The state each subject was last journaled with, and the entry that says so, to be compared
/// with every subject's current state once.
///
/// A subject named `kind:number` (`record:17`, nearly every subject) is kept as its kind's
/// position and its number in one flat array, which is put in order of subject when the
/// comparison starts: a million records need no string, no hashing and no allocation of
/// their own, and the comparison walks the array as the records come, in order of id. Any
/// other name (`party:UA`, `record:007`) is kept in a dictionary by name.
struct LatestStates: Sendable {
    struct Latest: Sendable {
        var state: Digest?
        var sequence: Int64
        var checked = false
    }

    private struct Numbered: Sendable {
        var kind: Int
        var number: Int64
        var latest: Latest

        func precedes(kind: Int, number: Int64) -> Bool {
            self.kind < kind || (self.kind == kind && self.number < number)
        }
    }

    /// The kinds of the numbered subjects, by position, as text and as bytes.
    private var kindNames: [String] = []
    private var kindBytes: [[UInt8]] = []
    private var lastKind = 0
    private var numbered: [Numbered] = []
    private var named: [String: Latest] = [:]
    /// Whether ``numbered`` is already in order of subject, then sequence, as an import journals its records.
    private var inOrder = true
    /// Whether ``numbered`` was put in order and holds one element per subject.
    private var prepared = false
    /// Where the last subject was found, so that subjects checked in order are found without a search.
    private var cursor = 0

    init(capacity: Int) {
        numbered.reserveCapacity(capacity)
    }

    /// Notes that an entry gave the subject this state.
    mutating func record(subject: UnsafeRawBufferPointer, state: Digest?, sequence: Int64) {
        let latest = Latest(state: state, sequence: sequence)
        guard let (kindName, number) = Self.numberedName(subject) else {
            named[String(decoding: subject, as: UTF8.self)] = latest
            return
        }
        append(Numbered(kind: kindPosition(kindName) ?? addKind(Array(kindName)), number: number, latest: latest))
    }

    /// Takes in the states noted after these, by later entries, which replace these where they name the same subject.
    mutating func append(_ later: LatestStates) {
        let kinds = later.kindBytes.map { kind in kind.withUnsafeBytes { kindPosition($0) } ?? addKind(kind) }
        // Reserved by doubling, as appending one by one would: span after span, an exact reservation would copy
        // everything taken so far each time.
        let needed = numbered.count + later.numbered.count
        if needed > numbered.capacity { numbered.reserveCapacity(max(needed, 2 * numbered.capacity)) }
        for element in later.numbered {
            append(Numbered(kind: kinds[element.kind], number: element.number, latest: element.latest))
        }
        named.merge(later.named) { _, later in later }
    }

    private mutating func append(_ element: Numbered) {
        if let last = numbered.last, !last.precedes(kind: element.kind, number: element.number),
            last.kind != element.kind || last.number != element.number
        {
            inOrder = false
        }
        numbered.append(element)
        prepared = false
    }

    /// The subject's latest state, marked as checked; `nil` if the journal never named it or it was checked.
    mutating func take(subject: UnsafeRawBufferPointer) -> Latest? {
        guard let (kindName, number) = Self.numberedName(subject) else {
            let name = String(decoding: subject, as: UTF8.self)
            guard let latest = named[name], !latest.checked else { return nil }
            named[name]?.checked = true
            return latest
        }
        guard let kind = kindPosition(kindName) else { return nil }
        return take(kind: kind, number: number)
    }

    /// The latest state of `kind:number`, marked as checked.
    mutating func take(kind name: String, number: Int64) -> Latest? {
        guard let position = kindPosition(name) else { return nil }
        return take(kind: position, number: number)
    }

    /// The position of a kind of subject the journal names, if it names any.
    mutating func kindPosition(_ name: String) -> Int? {
        if lastKind >= kindNames.count || kindNames[lastKind] != name {
            guard let position = kindNames.firstIndex(of: name) else { return nil }
            lastKind = position
        }
        return lastKind
    }

    /// The latest state of the subject of the kind at `kind` and `number`, marked as checked.
    mutating func take(kind: Int, number: Int64) -> Latest? {
        prepare()
        var position = cursor
        if position >= numbered.count || numbered[position].kind != kind || numbered[position].number != number {
            position = partitionPoint { $0.precedes(kind: kind, number: number) }
            guard position < numbered.count, numbered[position].kind == kind, numbered[position].number == number else {
                return nil
            }
        }
        cursor = position + 1
        guard !numbered[position].latest.checked else { return nil }
        numbered[position].latest.checked = true
        return numbered[position].latest
    }

    /// Of the subjects of these kinds that still have a state and were not checked, the one journaled first.
    mutating func firstUnchecked(kinds: Set<String>) -> (subject: String, sequence: Int64)? {
        prepare()
        let checkedKind = kindNames.map(kinds.contains)
        var first: (subject: String, sequence: Int64)?
        for element in numbered where !element.latest.checked && element.latest.state != nil && checkedKind[element.kind] {
            if element.latest.sequence < first?.sequence ?? .max {
                first = ("\(kindNames[element.kind]):\(element.number)", element.latest.sequence)
            }
        }
        for (subject, latest) in named where !latest.checked && latest.state != nil {
            if kinds.contains(String(subject.prefix { $0 != ":" })), latest.sequence < first?.sequence ?? .max {
                first = (subject, latest.sequence)
            }
        }
        return first
    }

    /// Puts the numbered subjects in order and keeps each one's last entry.
    private mutating func prepare() {
        guard !prepared else { return }
        if !inOrder {
            numbered.sort { first, second in
                first.precedes(kind: second.kind, number: second.number)
                    || (first.kind == second.kind && first.number == second.number
                        && first.latest.sequence < second.latest.sequence)
            }
            inOrder = true
        }
        // Each subject's last entry is kept; an import names each of its records once, and then nothing moves.
        let hasRepeats = zip(numbered, numbered.dropFirst()).contains { $0.kind == $1.kind && $0.number == $1.number }
        guard hasRepeats else {
            prepared = true
            cursor = 0
            return
        }
        var kept = 0
        for position in numbered.indices {
            let element = numbered[position]
            if kept > 0 && numbered[kept - 1].kind == element.kind && numbered[kept - 1].number == element.number {
                numbered[kept - 1] = element
            } else {
                numbered[kept] = element
                kept += 1
            }
        }
        numbered.removeLast(numbered.count - kept)
        prepared = true
        cursor = 0
    }

    /// The first position whose element does not satisfy `precedes`, in the ordered array.
    private func partitionPoint(_ precedes: (Numbered) -> Bool) -> Int {
        var low = 0
        var high = numbered.count
        while low < high {
            let middle = low + (high - low) / 2
            if precedes(numbered[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func kindPosition(_ kind: UnsafeRawBufferPointer) -> Int? {
        // Subjects mostly follow one another in the same kind: try the kind of the last one first.
        if lastKind < kindBytes.count && kindBytes[lastKind].elementsEqual(kind) { return lastKind }
        guard let position = kindBytes.firstIndex(where: { $0.elementsEqual(kind) }) else { return nil }
        lastKind = position
        return position
    }

    private mutating func addKind(_ kind: [UInt8]) -> Int {
        kindBytes.append(kind)
        kindNames.append(String(decoding: kind, as: UTF8.self))
        return kindBytes.count - 1
    }

    /// The kind and the number of a subject named `kind:number`, the number written as
    /// ``journalSubject(_:_:)`` writes a positive id: decimal digits without a leading zero.
    static func numberedName(_ subject: UnsafeRawBufferPointer) -> (kind: UnsafeRawBufferPointer, number: Int64)? {
        guard let colon = subject.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let digits = subject[(colon + 1)...]
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 18 else { return nil }
        var number: Int64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return (UnsafeRawBufferPointer(rebasing: subject[..<colon]), number)
    }
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
