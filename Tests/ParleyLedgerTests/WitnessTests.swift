import Foundation
import ParleyLedger
import Testing

/// A peer witnesses a node's journal as c2sp.org/tlog-witness says: it cosigns a checkpoint only when a
/// consistency proof shows that it extends the newest one cosigned, and names a rewritten or forked journal.
@Suite("A witness cosigns only journals that grow")
struct WitnessTests {
    /// A node's journal as its witness sees it: leaf hashes, and the key that signs the node's checkpoints.
    struct Journal {
        let origin = CheckpointNote.origin(ofNode: "UA")
        let key = SigningKey()
        var leaves: [Digest]

        init(entries: Int) {
            leaves = (0..<entries).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }
        }

        var noteKey: NoteKey {
            get throws { try NoteKey(name: origin, type: .ed25519, publicKey: key.verifyingKey) }
        }

        /// The checkpoint of the first `size` entries, signed by the node.
        func checkpoint(size: Int? = nil, signedBy signer: SigningKey? = nil) throws -> SignedNote {
            let size = size ?? leaves.count
            let text = try CheckpointNote(
                origin: origin, size: Int64(size), root: MerkleTree.rootHash(leafHashes: Array(leaves.prefix(size)))
            ).text
            return try SignedNote(text: text, signatures: [(signer ?? key).noteSignature(of: text, name: origin)])
        }

        /// The submission of the checkpoint at `size`, with the proof from `oldSize`.
        func submission(from oldSize: Int, to size: Int? = nil) throws -> CheckpointSubmission {
            let size = size ?? leaves.count
            return CheckpointSubmission(
                oldSize: Int64(oldSize),
                proof: MerkleTree.consistencyProof(from: oldSize, leafHashes: Array(leaves.prefix(size))),
                note: try checkpoint(size: size))
        }
    }

    let witness = NoteWitness(name: "parley/RU", key: SigningKey())
    static let now: UInt64 = 1_770_300_000

    @Test("an honest journal is cosigned at every size it reaches, and the cosignature verifies")
    func honestJournal() throws {
        // Given a journal that grows from nothing to 40 entries, submitted at uneven steps
        let journal = Journal(entries: 40)
        var log = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        var previous = 0
        for size in [1, 2, 3, 7, 8, 9, 16, 17, 31, 32, 33, 40, 40] {
            // When each checkpoint is submitted with the proof from the one cosigned before
            let cosignature = try log.addCheckpoint(
                journal.submission(from: previous, to: size), witness: witness, at: Self.now)
            // Then it is cosigned, the cosignature verifies, and the witness remembers the new size
            var note = try journal.checkpoint(size: size)
            note.signatures.append(cosignature)
            #expect(try note.verified(by: [witness.noteKey]).count == 1, "size \(size)")
            #expect(log.size == Int64(size))
            previous = size
        }
    }

    @Test("a journal rewritten after it was cosigned is named as such")
    func rewrittenJournal() throws {
        // Given a witness that cosigned the journal at 10 entries
        var journal = Journal(entries: 10)
        var log = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        _ = try log.addCheckpoint(journal.submission(from: 0), witness: witness, at: Self.now)
        // When the node rewrites entry 3 and grows to 14, proving consistency from its new history
        journal.leaves[3] = MerkleTree.leafHash(Array("entry 3, rewritten".utf8))
        journal.leaves += (10..<14).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }
        // Then the witness refuses, names the journal and both sizes, and still remembers the cosigned one
        #expect(throws: WitnessRefusal.inconsistent(origin: "parley/UA", cosigned: 10, submitted: 14)) {
            try log.addCheckpoint(journal.submission(from: 10), witness: witness, at: Self.now)
        }
        #expect(log.size == 10)
    }

    @Test("two different journals of the same size are named a split view")
    func splitView() throws {
        // Given a witness that cosigned one history at 6 entries
        let journal = Journal(entries: 6)
        var log = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        _ = try log.addCheckpoint(journal.submission(from: 0), witness: witness, at: Self.now)
        // When the same node shows it another history of 6 entries
        var other = journal
        other.leaves[5] = MerkleTree.leafHash(Array("another entry 5".utf8))
        let submission = CheckpointSubmission(oldSize: 6, proof: [], note: try other.checkpoint())
        // Then it is named as a fork at that size
        #expect(throws: WitnessRefusal.forked(origin: "parley/UA", size: 6)) {
            try log.addCheckpoint(submission, witness: witness, at: Self.now)
        }
        #expect(WitnessRefusal.forked(origin: "parley/UA", size: 6).httpStatus == 422)
    }

    @Test("a checkpoint not signed by the node's key, or changed after it was signed, is refused")
    func unsignedCheckpoint() throws {
        let journal = Journal(entries: 5)
        var log = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        // Signed by another key under the node's name
        let forged = CheckpointSubmission(oldSize: 0, proof: [], note: try journal.checkpoint(signedBy: SigningKey()))
        #expect(throws: WitnessRefusal.self) { try log.addCheckpoint(forged, witness: witness, at: Self.now) }
        // One character of the size changed after signing
        let honest = try journal.submission(from: 0)
        let changed = try SignedNote(
            text: honest.note.text.replacingOccurrences(of: "\n5\n", with: "\n6\n"), signatures: honest.note.signatures)
        let refusal = #expect(throws: WitnessRefusal.self) {
            try log.addCheckpoint(
                CheckpointSubmission(oldSize: 0, proof: [], note: changed), witness: witness, at: Self.now)
        }
        #expect(refusal?.httpStatus == 403)
        #expect(log.size == 0)
    }

    @Test("the refusals tlog-witness names, each with its status")
    func protocolRefusals() throws {
        let journal = Journal(entries: 8)
        var log = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        _ = try log.addCheckpoint(journal.submission(from: 0, to: 4), witness: witness, at: Self.now)
        // Another node's journal
        var stranger = WitnessedLog(origin: "parley/XX", key: try journal.noteKey)
        let unknown = #expect(throws: WitnessRefusal.self) {
            try stranger.addCheckpoint(journal.submission(from: 0), witness: witness, at: Self.now)
        }
        #expect(unknown?.httpStatus == 404)
        // Not from the newest cosigned size: 409, naming it
        #expect(throws: WitnessRefusal.notLatest(submitted: 2, latest: 4)) {
            try log.addCheckpoint(journal.submission(from: 2), witness: witness, at: Self.now)
        }
        #expect(WitnessRefusal.notLatest(submitted: 2, latest: 4).httpStatus == 409)
        // An old size above the checkpoint's
        let backwards = CheckpointSubmission(oldSize: 6, proof: [], note: try journal.checkpoint(size: 4))
        #expect(throws: WitnessRefusal.oldSizeAboveSize(old: 6, size: 4)) {
            try log.addCheckpoint(backwards, witness: witness, at: Self.now)
        }
        // A proof that does not prove: the right length, the wrong hashes
        let proof = MerkleTree.consistencyProof(from: 4, leafHashes: journal.leaves).map { _ in Digest.zero }
        let wrong = CheckpointSubmission(oldSize: 4, proof: proof, note: try journal.checkpoint())
        #expect(throws: WitnessRefusal.inconsistent(origin: "parley/UA", cosigned: 4, submitted: 8)) {
            try log.addCheckpoint(wrong, witness: witness, at: Self.now)
        }
        // From an empty tree, with a proof
        var fresh = WitnessedLog(origin: journal.origin, key: try journal.noteKey)
        let proofFromNothing = CheckpointSubmission(oldSize: 0, proof: [Digest.zero], note: try journal.checkpoint())
        #expect(throws: WitnessRefusal.proofFromEmptyTree) {
            try fresh.addCheckpoint(proofFromNothing, witness: witness, at: Self.now)
        }
        #expect(log.size == 4)
    }

    @Test("a submission's body reads back as written, and a damaged one is refused as malformed")
    func submissionBody() throws {
        let journal = Journal(entries: 12)
        let submission = try journal.submission(from: 5)
        #expect(try CheckpointSubmission(body: submission.body) == submission)
        for damaged in [
            submission.body.replacingOccurrences(of: "old 5", with: "old 05"),
            submission.body.replacingOccurrences(of: "old 5", with: "ancient 5"),
            String(submission.body.prefix(40)),
        ] {
            let refusal = #expect(throws: WitnessRefusal.self) { try CheckpointSubmission(body: damaged) }
            #expect(refusal?.httpStatus == 400)
        }
    }
}
