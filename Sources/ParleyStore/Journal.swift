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
    private let insert: PreparedInsert

    init(_ db: Database, actor: Principal, recordedAt: String) throws {
        self.actor = actor.description
        self.recordedAt = recordedAt
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1")
        sequence = last?["sequence"] ?? 0
        head = (last?["hash"] as Data?).flatMap { Digest(bytes: Array($0)) } ?? .zero
        insert = try PreparedInsert(
            db,
            sql:
                "INSERT INTO journal (sequence, at, actor, action, subject, state, detail, previous, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
    }

    /// Appends one entry and returns its sequence.
    @discardableResult
    mutating func append(
        action: String, subject: String, state: Digest?, detail: [String: CanonicalJSON] = [:]
    ) throws -> Int64 {
        try append(action: action, subject: subject, state: state, canonicalDetail: CanonicalJSON.object(detail).serialized)
    }

    /// Appends one entry whose detail is already canonical JSON text, as an import does for
    /// each of its records with the same detail.
    @discardableResult
    mutating func append(action: String, subject: String, state: Digest?, canonicalDetail: String) throws -> Int64 {
        sequence += 1
        let entry = JournalEntry(
            sequence: sequence, recordedAt: recordedAt, actor: actor, action: action, subject: subject,
            state: state, detail: canonicalDetail, previous: head)
        let hash = entry.hash
        try insert.execute([
            .integer(entry.sequence), .text(entry.recordedAt), .text(entry.actor), .text(entry.action), .text(entry.subject),
            .blob(entry.state?.bytes), .text(entry.detail), .blob(entry.previous.bytes), .blob(hash.bytes),
        ])
        head = hash
        return sequence
    }

    /// Appends the entry for a subject's new state.
    @discardableResult
    mutating func append(
        _ action: String, _ subject: some CanonicallyDigestible, detail: [String: CanonicalJSON] = [:]
    ) throws -> Int64 {
        try append(action: action, subject: subject.journalSubject, state: subject.stateDigest, detail: detail)
    }

    /// Records a checkpoint: the Merkle root over every entry so far.
    static func checkpoint(_ db: Database, recordedAt: String) throws -> Checkpoint {
        var accumulator = MerkleAccumulator()
        let entries = try PreparedQuery(db, sql: "SELECT \(JournalColumns.list) FROM journal ORDER BY sequence")
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

/// How a journal row is read back into an entry.
enum JournalColumns {
    static let list = "sequence, at, actor, action, subject, state, detail, previous, hash"

    /// The current row of a scan that selected ``list``, read in place.
    static func storedEntry(_ row: PreparedQuery) -> StoredJournalEntry {
        StoredJournalEntry(
            sequence: row.integer(0), recordedAt: row.bytes(1), actor: row.bytes(2), action: row.bytes(3),
            subject: row.bytes(4), state: row.optionalBytes(5), detail: row.bytes(6), previous: row.bytes(7),
            hash: row.bytes(8))
    }
}
