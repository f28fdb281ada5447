import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// Appends entries to the journal inside the transaction of the change they record.
///
/// It reads the head of the chain once, when the transaction starts, and keeps it as it
/// appends, so a use case that journals a million records reads the head once.
struct JournalWriter {
    private let actor: String
    private let recordedAt: String
    private var sequence: Int64
    private var head: Digest
    private let rows: RowsInsert
    /// The columns of the entry being written, end to end: one buffer for every entry.
    private var columns: [UInt8] = []

    /// - Parameter entriesPerStatement: how many entries ``append(_:_:)`` writes in each statement: an import's
    ///   many, a use case's one.
    init(_ db: Database, actor: Principal, recordedAt: String, entriesPerStatement: Int = 1) throws {
        self.actor = actor.description
        self.recordedAt = recordedAt
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1")
        sequence = last?["sequence"] ?? 0
        head = (last?["hash"] as Data?).flatMap { Digest(bytes: Array($0)) } ?? .zero
        rows = try RowsInsert(
            db, into: "journal (\(JournalColumns.list))", columnCount: JournalColumns.count,
            rowsPerStatement: entriesPerStatement)
    }

    /// Appends one entry and returns its sequence.
    @discardableResult
    mutating func append(
        action: JournalAction, subject: String, state: Digest?, detail: [String: CanonicalJSON] = [:]
    ) throws -> Int64 {
        try append(action: action, subject: subject, state: state, canonicalDetail: CanonicalJSON.object(detail).serialized)
    }

    /// Appends one entry whose detail is already canonical JSON text.
    @discardableResult
    mutating func append(action: JournalAction, subject: String, state: Digest?, canonicalDetail: String) throws -> Int64 {
        let entry = JournalEntry(
            sequence: sequence + 1, recordedAt: recordedAt, actor: actor, action: action.rawValue, subject: subject,
            state: state,
            detail: canonicalDetail, previous: head)
        try write(entry, hash: nil)
        return sequence
    }

    /// The last entry so far: an import's checking stage chains and hashes the entries of its records from
    /// here, on the other core, and the writing stage appends them with ``append(_:_:)``.
    var tip: JournalTip { JournalTip(sequence: sequence, head: head, recordedAt: recordedAt, actor: actor) }

    /// Appends `count` entries made and hashed from ``tip``, given by index as the columns they are written as,
    /// several to a statement: each must follow the one before. Their hashes were computed from these bytes,
    /// as verification computes them from the rows; the bytes must stay valid until this returns.
    mutating func append(_ count: Int, _ entry: (Int) -> StoredJournalEntry) throws {
        let rows = rows
        let (recordedAt, actor) = (Array(recordedAt.utf8), Array(actor.utf8))
        try rows.insert(count) { index, statement, first in
            let entry = entry(index)
            guard let hash = Digest(entry.hash) else { preconditionFailure("an entry's hash is a digest") }
            precondition(
                entry.sequence == sequence + 1 && head.matches(entry.previous)
                    && entry.recordedAt.elementsEqual(recordedAt) && entry.actor.elementsEqual(actor),
                "a journal entry hashed ahead follows the last entry written")
            try Self.bind(entry, to: statement, from: first)
            head = hash
            sequence = entry.sequence
        }
    }

    /// Writes an entry and makes it the head.
    ///
    /// Its columns are laid end to end in one buffer and bound from there; the hash, unless
    /// it was computed ahead, is computed from that buffer, as verification hashes the
    /// columns it reads back.
    private mutating func write(_ entry: JournalEntry, hash given: Digest?) throws {
        columns.removeAll(keepingCapacity: true)
        func add(_ text: String) -> Range<Int> {
            let start = columns.count
            columns.append(contentsOf: text.utf8)
            return start..<columns.count
        }
        func add(_ digest: Digest) -> Range<Int> {
            let start = columns.count
            digest.withUnsafeBytes { columns.append(contentsOf: $0) }
            return start..<columns.count
        }
        let (at, actor, action) = (add(entry.recordedAt), add(entry.actor), add(entry.action))
        let (subject, detail, stateColumn) = (add(entry.subject), add(entry.detail), entry.state.map(add))
        let (previous, hashColumn) = (add(entry.previous), add(given ?? .zero))
        let rows = rows
        head = try columns.withUnsafeMutableBytes { buffer in
            func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[range]) }
            let stored = StoredJournalEntry(
                sequence: entry.sequence, recordedAt: bytes(at), actor: bytes(actor), action: bytes(action),
                subject: bytes(subject), state: stateColumn.map(bytes), detail: bytes(detail), previous: bytes(previous),
                hash: bytes(hashColumn))
            let hash: Digest
            if let given {
                assert(stored.canonicalHash == given, "an entry hashed ahead has the hash of its columns")
                hash = given
            } else {
                guard let computed = stored.canonicalHash else { preconditionFailure("a digest has 32 bytes") }
                hash = computed
                hash.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[hashColumn]).copyMemory(from: $0) }
            }
            try rows.insert(1) { _, statement, first in try Self.bind(stored, to: statement, from: first) }
            return hash
        }
        sequence = entry.sequence
    }

    /// Binds an entry's columns, in the order of ``JournalColumns/list``, to the parameters from `first` on.
    private static func bind(_ entry: StoredJournalEntry, to statement: PreparedStatement, from first: Int32) throws {
        try statement.bind(first, integer: entry.sequence)
        try statement.bind(first + 1, text: entry.recordedAt)
        try statement.bind(first + 2, text: entry.actor)
        try statement.bind(first + 3, text: entry.action)
        try statement.bind(first + 4, text: entry.subject)
        try statement.bind(first + 5, blob: entry.state)
        try statement.bind(first + 6, text: entry.detail)
        try statement.bind(first + 7, blob: entry.previous)
        try statement.bind(first + 8, blob: entry.hash)
    }

    /// Appends the entry for a subject's new state.
    @discardableResult
    mutating func append(
        _ action: JournalAction, _ subject: some CanonicallyDigestible, detail: [String: CanonicalJSON] = [:]
    ) throws -> Int64 {
        try append(action: action, subject: subject.journalSubject, state: subject.stateDigest, detail: detail)
    }

    /// Records a checkpoint: the Merkle root over every entry so far.
    static func checkpoint(_ db: Database, recordedAt: String) throws -> Checkpoint {
        var accumulator = MerkleAccumulator()
        let entries = try PreparedStatement(db, sql: "SELECT \(JournalColumns.list) FROM journal ORDER BY sequence")
        while try entries.step() {
            let entry = JournalColumns.storedEntry(entries)
            // A state or previous hash that is not 32 bytes long was written behind Parley's back.
            guard let leafHash = entry.leafHash else { throw JournalProblem.changed(sequence: entry.sequence) }
            accumulator.append(leafHash: leafHash)
        }
        let checkpoint = Checkpoint(size: Int64(accumulator.count), root: accumulator.root, recordedAt: recordedAt)
        try db.execute(
            sql: "INSERT OR IGNORE INTO checkpoint (size, root, at) VALUES (?, ?, ?)",
            arguments: [checkpoint.size, Data(checkpoint.root.bytes), checkpoint.recordedAt])
        return checkpoint
    }
}

/// Where the journal stands when a use case starts appending to it, and who appends.
struct JournalTip: Sendable {
    let sequence: Int64
    let head: Digest
    let recordedAt: String
    let actor: String
}

/// How a journal row is read back into an entry.
enum JournalColumns {
    static let list = "sequence, at, actor, action, subject, state, detail, previous, hash"
    /// The number of columns in ``list``.
    static let count = list.split(separator: ",").count

    /// The current row of a scan that selected ``list``, read in place.
    /// A NULL where the schema forbids one (it can only be written by editing the schema) is read as empty,
    /// which no entry's hash covers.
    static func storedEntry(_ row: PreparedStatement) -> StoredJournalEntry {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        return StoredJournalEntry(
            sequence: row.integer(0) ?? 0, recordedAt: row.bytes(1) ?? empty, actor: row.bytes(2) ?? empty,
            action: row.bytes(3) ?? empty, subject: row.bytes(4) ?? empty, state: row.bytes(5), detail: row.bytes(6) ?? empty,
            previous: row.bytes(7) ?? empty, hash: row.bytes(8) ?? empty)
    }
}

extension AppDatabase {
    /// The version of what the use cases have written: the journal's last sequence. Every use case appends its
    /// entry in the transaction that makes its change, so whatever a use case read at one version holds until
    /// the version moves, whichever process wrote. (Sessions, checkpoints and the name index are not journaled,
    /// and a failed sign-in is: the version moves more often than the registry changes, never less.)
    public func version() throws -> Int64 {
        try writer.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(sequence), 0) FROM journal")) ?? 0
        }
    }
}
