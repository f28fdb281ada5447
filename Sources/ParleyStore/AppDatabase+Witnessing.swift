import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// Nodes witness each other's journals (c2sp.org/tlog-witness, carried in transmissions): a node sends a
/// peer its journal head as a signed checkpoint with a consistency proof from the head that peer last
/// cosigned; the peer checks it, cosigns it or names what is wrong, and answers. A node keeps the
/// cosignatures of its own journal, and `journal verify` checks the journal against each of them.
extension AppDatabase {
    /// Sends `witness` this node's journal head to cosign, with the proof that it extends the head `witness`
    /// cosigned last.
    public func requestCosignature(from witness: Party.Code, keys: NodeKeys, as principal: Principal) throws -> TransmissionEntry
    {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.sender(keys, to: witness, in: db)
            let leaves = try Self.leafHashes(in: db)
            let cosigned = try Self.cosignedCheckpoints(in: db).filter { $0.witness == witness }
            let oldSize = Int(cosigned.map(\.checkpoint.size).max() ?? 0)
            let checkpoint = try CheckpointNote(
                origin: NodeIdentity.keyName(of: this.code), size: Int64(leaves.count),
                root: MerkleTree.rootHash(leafHashes: leaves))
            let note = try SignedNote(
                text: checkpoint.text, signatures: [keys.signing.noteSignature(of: checkpoint.text, name: checkpoint.origin)])
            let submission = CheckpointSubmission(
                oldSize: Int64(oldSize), proof: MerkleTree.consistencyProof(from: min(oldSize, leaves.count), leafHashes: leaves),
                note: note)
            let transmission = Transmission(
                sender: this.code, recipient: witness, sequence: try Self.nextSequence(to: witness, in: db), kind: .checkpoint,
                createdAt: recordedAt, payload: .object(["submission": .string(submission.body)]))
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            return try Self.queue(transmission, keys: keys, journal: &journal, at: recordedAt, in: db)
        }
    }

    /// The cosignatures of this node's journal that peers returned, oldest first.
    public func cosignatures(as principal: Principal) throws -> [CosignedCheckpoint] {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try writer.read { db in try Self.cosignedCheckpoints(in: db) }
    }

    /// The peers' journals this node witnesses, each at the newest head it cosigned.
    public func witnessedJournals(as principal: Principal) throws -> [WitnessedLog] {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try writer.read { db in try Self.allWitnessedLogs(db) }
    }

    /// What this node, as a witness, found wrong with its peers' journals.
    public func witnessAlarms(as principal: Principal) throws -> [WitnessAlarm] {
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        return try writer.read { db in try Self.alarms(in: db) }
    }

    // MARK: - As the witness

    /// Checks a peer's checkpoint submission against the head cosigned last, and answers with a cosignature
    /// or, when the journal does not extend it, the refusal, which is also kept as evidence.
    static func cosignCheckpoint(
        _ transmission: Transmission, from peer: NodeEntry, keys: NodeKeys, journal: inout JournalWriter, at recordedAt: String,
        now: UInt64, in db: Database
    ) throws {
        guard case .object(let members) = transmission.payload, case .string(let body) = members["submission"] else {
            throw TransmissionError.malformed(field: "payload", problem: "a checkpoint transmission holds a submission")
        }
        let this = try requireSelf(in: db)
        let origin = NodeIdentity.keyName(of: peer.code)
        var log = try witnessedLog(origin, in: db) ?? WitnessedLog(origin: origin, key: peer.identity.key)
        let answer: CanonicalJSON
        do {
            let submission = try CheckpointSubmission(body: body)
            let witness = NoteWitness(name: NodeIdentity.keyName(of: this.code), key: keys.signing)
            let cosignature = try log.addCheckpoint(submission, witness: witness, at: now)
            try save(log, in: db)
            try journal.append(.checkpointCosign, log)
            var cosigned = submission.note
            cosigned.signatures.append(cosignature)
            answer = .object(["checkpoint": .string(cosigned.serialized)])
        } catch let refusal as WitnessRefusal {
            if refusal.namesMisbehaviour {
                try raiseAlarm(about: peer.code, refusal.message, evidence: body, journal: &journal, at: recordedAt, in: db)
            }
            answer = .object([
                "refused": .object([
                    "code": .string(refusal.code), "message": .string(refusal.message), "latest_size": .integer(log.size),
                ])
            ])
        }
        let reply = Transmission(
            sender: this.code, recipient: peer.code, sequence: try nextSequence(to: peer.code, in: db), kind: .cosignature,
            createdAt: recordedAt, payload: answer)
        _ = try queue(reply, keys: keys, journal: &journal, at: recordedAt, in: db)
    }

    // MARK: - As the witnessed node

    /// Keeps a witness's answer: its cosignature, checked against the witness's key and this node's own
    /// journal at that size; or its refusal, kept as an alarm when it names this journal rewritten or forked.
    static func keepCosignature(
        _ transmission: Transmission, from witness: NodeEntry, journal: inout JournalWriter, at recordedAt: String,
        in db: Database
    ) throws {
        guard case .object(let members) = transmission.payload else {
            throw TransmissionError.malformed(field: "payload", problem: "a cosignature transmission holds an object")
        }
        if case .object(let refusal)? = members["refused"] {
            guard case .string(let code) = refusal["code"], case .string(let message) = refusal["message"] else {
                throw TransmissionError.malformed(field: "payload", problem: "a refusal names its code and message")
            }
            if WitnessRefusal.misbehaviourCodes.contains(code) {
                try raiseAlarm(
                    about: witness.code, "\(witness.code.rawValue) refused to cosign this journal: \(message)",
                    evidence: transmission.canonicalForm.serialized, journal: &journal, at: recordedAt, in: db)
            }
            return
        }
        guard case .string(let text) = members["checkpoint"] else {
            throw TransmissionError.malformed(field: "payload", problem: "a cosignature holds the cosigned checkpoint")
        }
        let this = try requireSelf(in: db)
        let note: SignedNote
        let checkpoint: CheckpointNote
        do {
            note = try SignedNote(parsing: text)
            checkpoint = try CheckpointNote(text: note.text)
            let cosigner = try NoteKey(
                name: NodeIdentity.keyName(of: witness.code), type: .cosignature, publicKey: witness.identity.key.publicKey)
            _ = try note.verified(by: [this.identity.key])
            _ = try note.verified(by: [cosigner])
        } catch let error as ParleyError {
            throw TransmissionError.malformed(field: "checkpoint", problem: error.message)
        }
        guard checkpoint.origin == NodeIdentity.keyName(of: this.code) else {
            throw TransmissionError.malformed(field: "checkpoint", problem: "it is the checkpoint of \(checkpoint.origin)")
        }
        let leaves = try leafHashes(in: db, upTo: Int(checkpoint.size))
        guard leaves.count == checkpoint.size, MerkleTree.rootHash(leafHashes: leaves) == checkpoint.root else {
            // Signed by this node's key and cosigned, yet not this journal: it was rewritten after it was cosigned.
            try raiseAlarm(
                about: witness.code,
                "\(witness.code.rawValue) cosigned this node's journal at size \(checkpoint.size) with another root than "
                    + "it has now: the journal was rewritten after it was cosigned",
                evidence: text, journal: &journal, at: recordedAt, in: db)
            return
        }
        let cosigned = CosignedCheckpoint(witness: witness.code, checkpoint: checkpoint, note: text, at: recordedAt)
        try db.execute(
            sql: "INSERT OR IGNORE INTO cosigned_checkpoint (witness, size, root, note, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [witness.code.rawValue, checkpoint.size, checkpoint.root.hex, text, recordedAt])
        guard db.changesCount > 0 else { return }
        try journal.append(.checkpointCosigned, cosigned)
    }

    /// Keeps what a witness found wrong, or what a witness said was wrong with this journal, with its evidence.
    private static func raiseAlarm(
        about peer: Party.Code, _ problem: String, evidence: String, journal: inout JournalWriter, at recordedAt: String,
        in db: Database
    ) throws {
        let alarm = WitnessAlarm(
            id: (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM witness_alarm") ?? 0) + 1, peer: peer,
            problem: problem, evidence: evidence, at: recordedAt)
        try db.execute(
            sql: "INSERT INTO witness_alarm (id, peer, problem, evidence, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [alarm.id, alarm.peer.rawValue, alarm.problem, alarm.evidence, alarm.at])
        try journal.append(.witnessAlarm, alarm)
    }

    // MARK: - Reading

    /// The Merkle leaf hash of every journal entry, in order, or of the first `count`.
    static func leafHashes(in db: Database, upTo count: Int? = nil) throws -> [Digest] {
        var leaves: [Digest] = []
        let entries = try PreparedStatement(
            db, sql: "SELECT \(JournalColumns.list) FROM journal WHERE sequence <= ? ORDER BY sequence",
            arguments: [Int64(count ?? Int.max)])
        while try entries.step() {
            let entry = JournalColumns.storedEntry(entries)
            guard let leaf = entry.leafHash else { throw JournalProblem.changed(sequence: entry.sequence) }
            leaves.append(leaf)
        }
        return leaves
    }

    static func witnessedLog(_ origin: String, in db: Database) throws -> WitnessedLog? {
        try allWitnessedLogs(db).first { $0.origin == origin }
    }

    static func allWitnessedLogs(_ db: Database) throws -> [WitnessedLog] {
        try Row.fetchAll(db, sql: "SELECT origin, node_key, size, root FROM witnessed ORDER BY origin").map { row in
            let vkey: String = row["node_key"]
            let rootText: String = row["root"]
            guard let key = try? NoteKey(vkey: vkey) else {
                throw StoredValueError(table: "witnessed", column: "node_key", value: String(vkey.prefix(80)))
            }
            guard let root = Digest(hex: rootText) else {
                throw StoredValueError(table: "witnessed", column: "root", value: rootText)
            }
            return WitnessedLog(origin: row["origin"], key: key, size: row["size"], root: root)
        }
    }

    private static func save(_ log: WitnessedLog, in db: Database) throws {
        let peer = String(log.origin.dropFirst("parley/".count))
        try db.execute(
            sql: """
                INSERT INTO witnessed (origin, peer, node_key, size, root) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root
                """, arguments: [log.origin, peer, log.key.vkey, log.size, log.root.hex])
    }

    static func cosignedCheckpoints(in db: Database) throws -> [CosignedCheckpoint] {
        try Row.fetchAll(db, sql: "SELECT witness, size, root, note, at FROM cosigned_checkpoint ORDER BY size, witness").map {
            row in
            let note: String = row["note"]
            guard let parsed = try? SignedNote(parsing: note), let checkpoint = try? CheckpointNote(text: parsed.text) else {
                throw StoredValueError(table: "cosigned_checkpoint", column: "note", value: String(note.prefix(80)))
            }
            return CosignedCheckpoint(
                witness: Party.Code(rawValue: row["witness"] as String), checkpoint: checkpoint, note: note, at: row["at"])
        }
    }

    static func alarms(in db: Database) throws -> [WitnessAlarm] {
        try Row.fetchAll(db, sql: "SELECT id, peer, problem, evidence, at FROM witness_alarm ORDER BY id").map { row in
            WitnessAlarm(
                id: row["id"], peer: Party.Code(rawValue: row["peer"] as String), problem: row["problem"],
                evidence: row["evidence"], at: row["at"])
        }
    }
}
