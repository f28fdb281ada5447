import Foundation
import ParleyLedger
import Testing

/// Notes, verifier keys and cosignatures are written exactly as the C2SP specifications and the Go
/// reference implementation write them, so that any transparency-log witness can read Parley's checkpoints.
@Suite("Signed notes and cosignatures follow the C2SP formats")
struct SignedNoteTests {
    struct Vectors: Decodable {
        struct GoNote: Decodable {
            let vkey: String
            let skey: String
            let text: String
            let signatureLine: String
        }
        struct C2SPNote: Decodable {
            let vkey: String
            let note: String
        }
        struct CosignatureExample: Decodable {
            let checkpoint: String
            let witnessName: String
            let witnessKeyID: String
            let timestamp: UInt64
            let signedMessage: String
        }
        struct AddCheckpoint: Decodable {
            let body: String
            let oldSize: Int64
            let proofLines: Int
            let size: Int64
        }
        let goNote: GoNote
        let c2spNote: C2SPNote
        let cosignature: CosignatureExample
        let addCheckpoint: AddCheckpoint
    }

    static let vectors: Vectors = {
        do {
            return try Fixture.load("c2sp-notes")
        } catch {
            preconditionFailure("the fixture c2sp-notes.json cannot be read: \(error)")
        }
    }()

    /// The signing key of a Go `PRIVATE+KEY+<name>+<id>+<base64 of 0x01 and the seed>` string.
    static func goSigningKey(_ skey: String) throws -> SigningKey {
        // The base64 may itself hold a plus: split off the four fields before it only.
        let encoded = try #require(skey.split(separator: "+", maxSplits: 4).last)
        let bytes = try #require(Data(base64Encoded: String(encoded)))
        #expect(bytes.first == 0x01)
        return try SigningKey(seed: Array(bytes.dropFirst()))
    }

    @Test("the Go reference key signs its note byte for byte, and its verifier key reads back unchanged")
    func goReferenceNote() throws {
        // Given the reference key pair and text
        let vectors = Self.vectors.goNote
        let key = try Self.goSigningKey(vectors.skey)
        // When Parley signs the text under the key's name
        let signature = try key.noteSignature(of: vectors.text, name: "PeterNeumann")
        // Then the line is the reference's, and the note verifies under the reference verifier key
        #expect(signature.line == vectors.signatureLine)
        let verifier = try NoteKey(vkey: vectors.vkey)
        #expect(verifier.vkey == vectors.vkey)
        #expect(verifier.publicKey == key.verifyingKey)
        let note = try SignedNote(parsing: vectors.text + "\n" + vectors.signatureLine + "\n")
        #expect(try note.verified(by: [verifier]) == [verifier])
        #expect(note.serialized == vectors.text + "\n" + vectors.signatureLine + "\n")
    }

    @Test("the specification's example note verifies under its example verifier key")
    func specificationExample() throws {
        let vectors = Self.vectors.c2spNote
        let note = try SignedNote(parsing: vectors.note)
        #expect(note.text == "This is an example message.\n")
        #expect(try note.verified(by: [NoteKey(vkey: vectors.vkey)]).map(\.name) == ["example.com/foo"])
    }

    @Test("a note changed by one character, or signed by a known key that does not verify, is refused")
    func tamperedNote() throws {
        let vectors = Self.vectors.goNote
        let verifier = try NoteKey(vkey: vectors.vkey)
        let changed = vectors.text.replacingOccurrences(of: "cryptography", with: "cryptographY")
        let note = try SignedNote(parsing: changed + "\n" + vectors.signatureLine + "\n")
        #expect(throws: NoteError.signatureDoesNotVerify(name: "PeterNeumann")) { try note.verified(by: [verifier]) }
    }

    @Test("signatures from unknown keys are ignored, and a note with none from a known key is refused")
    func unknownKeys() throws {
        // Given a note signed by the reference key and by a key nobody registered
        let vectors = Self.vectors.goNote
        let stranger = try SigningKey().noteSignature(of: vectors.text, name: "stranger.example")
        let note = try SignedNote(
            text: vectors.text,
            signatures: [stranger, try Self.goSigningKey(vectors.skey).noteSignature(of: vectors.text, name: "PeterNeumann")])
        // Then the known key verifies and the stranger is ignored
        let verifier = try NoteKey(vkey: vectors.vkey)
        #expect(try note.verified(by: [verifier]) == [verifier])
        // And a note the known key did not sign is refused
        let onlyStranger = try SignedNote(text: vectors.text, signatures: [stranger])
        #expect(throws: NoteError.noKnownSignature(["PeterNeumann"])) { try onlyStranger.verified(by: [verifier]) }
    }

    @Test(
        "malformed notes and verifier keys are refused with what is wrong",
        arguments: [
            ("no blank line", "text\n— a AAAAAAAA\n"),
            ("control character", "te\u{7}xt\n\n— a AAAAAAAA\n"),
            ("no signature", "text\n\n"),
            ("signature line without the dash", "text\n\n- a AAAAAAAA\n"),
            ("signature of four bytes only", "text\n\n— a AAAAAA==\n"),
            ("name with a space", "text\n\n— a b AAAAAAAA\n"),
        ])
    func malformedNotes(case: String, note: String) {
        #expect(throws: NoteError.self, "\(`case`)") { try SignedNote(parsing: note) }
    }

    @Test("a verifier key whose ID is not its name's and key's, or whose parts are mangled, is refused")
    func malformedKeys() throws {
        let vkey = Self.vectors.goNote.vkey
        #expect(throws: NoteError.keyIDMismatch("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")) {
            try NoteKey(vkey: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteError.keyIDMismatch("PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")) {
            try NoteKey(vkey: "PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        // Every proper prefix of the key is refused.
        for length in 1..<vkey.count {
            #expect(throws: NoteError.self) { try NoteKey(vkey: String(vkey.prefix(length))) }
        }
    }

    @Test("a cosignature signs the specification's message, and its line reads back as the example's")
    func cosignatureFormat() throws {
        // Given the example checkpoint with its witness's cosignature line
        let vectors = Self.vectors.cosignature
        let note = try SignedNote(parsing: vectors.checkpoint)
        // Then the message a v1 cosignature signs at that time is the specification's
        #expect(
            Cosignature.message(checkpointText: note.text, timestamp: vectors.timestamp) == Array(vectors.signedMessage.utf8))
        // And the witness's line carries its key ID, then the timestamp and a 64-byte signature
        let line = try #require(note.signatures.last)
        #expect(line.name == vectors.witnessName)
        #expect(String(line.keyID, radix: 16) == vectors.witnessKeyID)
        #expect(line.bytes.count == 8 + 64)
        #expect(line.bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == vectors.timestamp)
        #expect(note.serialized == vectors.checkpoint)
    }

    @Test("a cosignature verifies under the witness's cosignature key, and not as a plain note signature")
    func cosignatureVerifies() throws {
        // Given a checkpoint cosigned by a witness
        let witness = NoteWitness(name: "parley/RU", key: SigningKey())
        let text = try CheckpointNote(origin: "parley/UA", size: 3, root: MerkleTree.emptyRoot).text
        let cosignature = try witness.key.cosignature(of: text, name: witness.name, timestamp: 1_770_000_000)
        let note = try SignedNote(text: text, signatures: [cosignature])
        // Then the witness's cosignature key verifies it
        #expect(try note.verified(by: [witness.noteKey]).count == 1)
        // And the same public key as a plain Ed25519 note key has another key ID, so it is not even tried
        let plain = try NoteKey(name: witness.name, type: .ed25519, publicKey: witness.key.verifyingKey)
        #expect(plain.id != (try witness.noteKey.id))
        #expect(throws: NoteError.self) { try note.verified(by: [plain]) }
    }

    @Test("a checkpoint's text reads back as written, and malformed ones are refused")
    func checkpointText() throws {
        let checkpoint = try CheckpointNote(
            text: "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.text == "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
        for malformed in [
            "origin\n12\n", "origin\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "origin\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin\n12\nCsUYapGG\n",
            "\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "origin\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
        ] {
            #expect(throws: CheckpointError.self, "\(malformed)") { try CheckpointNote(text: malformed) }
        }
    }

    @Test("the specification's add-checkpoint request reads back as written")
    func addCheckpointRequest() throws {
        let vectors = Self.vectors.addCheckpoint
        let submission = try CheckpointSubmission(body: vectors.body)
        #expect(submission.oldSize == vectors.oldSize)
        #expect(submission.proof.count == vectors.proofLines)
        #expect(try CheckpointNote(text: submission.note.text).size == vectors.size)
        #expect(submission.note.signatures.count == 2)
        #expect(submission.body == vectors.body)
    }
}
