import Foundation
import ParleyCore

/// What a witness remembers of one log (one node's journal): the key that signs its checkpoints, and the
/// newest checkpoint it cosigned.
public struct WitnessedLog: Hashable, Sendable {
    public let origin: String
    /// The log's own key, of type ``NoteSignatureType/ed25519``, named for the origin.
    public let key: NoteKey
    /// The size and root of the newest checkpoint cosigned; 0 and the empty tree's root before the first.
    public private(set) var size: Int64
    public private(set) var root: Digest

    public init(origin: String, key: NoteKey, size: Int64 = 0, root: Digest = MerkleTree.emptyRoot) {
        self.origin = origin
        self.key = key
        self.size = size
        self.root = root
    }

    /// Checks a submitted checkpoint as c2sp.org/tlog-witness's `add-checkpoint` requires and, if it extends
    /// the newest one cosigned, cosigns it and remembers it.
    ///
    /// - Returns: the cosignature line, to be added to the checkpoint by whoever submitted it.
    public mutating func addCheckpoint(
        _ submission: CheckpointSubmission, witness: NoteWitness, at timestamp: UInt64
    ) throws(WitnessRefusal) -> NoteSignature {
        let checkpoint = try submission.checkpoint()
        guard checkpoint.origin == origin else { throw .unknownOrigin(checkpoint.origin) }
        do {
            _ = try submission.note.verified(by: [key])
        } catch {
            throw .unsigned(origin: origin, error)
        }
        guard submission.oldSize <= checkpoint.size else {
            throw .oldSizeAboveSize(old: submission.oldSize, size: checkpoint.size)
        }
        guard submission.oldSize == size else { throw .notLatest(submitted: submission.oldSize, latest: size) }
        if checkpoint.size == 0, checkpoint.root != MerkleTree.emptyRoot { throw .emptyTreeRoot }
        if submission.oldSize == 0, !submission.proof.isEmpty { throw .proofFromEmptyTree }
        if checkpoint.size == size, checkpoint.root != root {
            throw .forked(origin: origin, size: size)
        }
        guard
            MerkleTree.verifyConsistency(
                oldSize: Int(size), newSize: Int(checkpoint.size), oldRoot: root, newRoot: checkpoint.root,
                proof: submission.proof)
        else { throw .inconsistent(origin: origin, cosigned: size, submitted: checkpoint.size) }
        let cosignature: NoteSignature
        do {
            cosignature = try witness.key.cosignature(of: submission.note.text, name: witness.name, timestamp: timestamp)
        } catch {
            throw .signingFailed(String(describing: error))
        }
        size = checkpoint.size
        root = checkpoint.root
        return cosignature
    }
}

/// A witness: the name it cosigns under and its Ed25519 key.
public struct NoteWitness: Sendable {
    public let name: String
    public let key: SigningKey

    public init(name: String, key: SigningKey) {
        self.name = name
        self.key = key
    }

    /// The verifier key under which its cosignatures verify.
    public var noteKey: NoteKey {
        get throws(NoteError) { try NoteKey(name: name, type: .cosignature, publicKey: key.verifyingKey) }
    }
}

/// The body of a tlog-witness `add-checkpoint` request: the size of the checkpoint the witness last
/// cosigned, the consistency proof from it, a blank line, and the signed checkpoint.
///
///     old 1000
///     PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
///     jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
///
///     parley/UA
///     1042
///     …
public struct CheckpointSubmission: Hashable, Sendable {
    public let oldSize: Int64
    public let proof: [Digest]
    public let note: SignedNote

    /// The most proof lines a request may carry.
    public static let maximumProofLines = 63

    public init(oldSize: Int64, proof: [Digest], note: SignedNote) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// Reads a request body.
    public init(body: String) throws(WitnessRefusal) {
        guard let blank = body.range(of: "\n\n") else { throw .malformed("no blank line before the checkpoint") }
        let head = body[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = head.first, first.hasPrefix("old "), let oldSize = Int64(first.dropFirst(4)), oldSize >= 0,
            String(oldSize) == first.dropFirst(4)
        else { throw .malformed("the first line is not `old <size>`") }
        guard head.count - 1 <= Self.maximumProofLines else {
            throw .malformed("more than \(Self.maximumProofLines) consistency proof lines")
        }
        var proof: [Digest] = []
        for line in head.dropFirst() {
            guard let bytes = Data(base64Encoded: String(line)), bytes.base64EncodedString() == line,
                let hash = Digest(bytes: Array(bytes))
            else { throw .malformed("the proof line \"\(line.prefix(60))\" is not the base64 of 32 bytes") }
            proof.append(hash)
        }
        do {
            note = try SignedNote(parsing: String(body[blank.upperBound...]))
        } catch {
            throw .malformed(error.message)
        }
        self.oldSize = oldSize
        self.proof = proof
    }

    /// The request body, as ``init(body:)`` reads it.
    public var body: String {
        (["old \(oldSize)"] + proof.map { Data($0.bytes).base64EncodedString() }).map { $0 + "\n" }.joined() + "\n"
            + note.serialized
    }

    /// The checkpoint the note's text states.
    func checkpoint() throws(WitnessRefusal) -> CheckpointNote {
        do {
            return try CheckpointNote(text: note.text)
        } catch {
            throw .malformed(error.message)
        }
    }
}

/// Why a witness did not cosign a checkpoint; each case carries the HTTP status tlog-witness gives it.
public enum WitnessRefusal: ParleyError, Hashable {
    case malformed(String)
    case unknownOrigin(String)
    case unsigned(origin: String, NoteError)
    case oldSizeAboveSize(old: Int64, size: Int64)
    case notLatest(submitted: Int64, latest: Int64)
    case emptyTreeRoot
    case proofFromEmptyTree
    /// The checkpoint does not extend the one cosigned: the journal was rewritten, or is shown in two versions.
    case inconsistent(origin: String, cosigned: Int64, submitted: Int64)
    /// Two different journals of the same size: one of them was shown to someone else.
    case forked(origin: String, size: Int64)
    case signingFailed(String)

    public var code: String {
        switch self {
        case .malformed: "witness.malformed"
        case .unknownOrigin: "witness.unknown-origin"
        case .unsigned: "witness.unsigned"
        case .oldSizeAboveSize: "witness.old-size"
        case .notLatest: "witness.not-latest"
        case .emptyTreeRoot, .proofFromEmptyTree: "witness.unprocessable"
        case .inconsistent: "witness.inconsistent"
        case .forked: "witness.forked"
        case .signingFailed: "witness.signing-failed"
        }
    }

    /// The codes of the refusals that show the journal's node misbehaving (rewritten or forked): kept as
    /// evidence by the witness, and by the node when the witness's answer says so.
    public static let misbehaviourCodes: Set<String> = ["witness.inconsistent", "witness.forked"]

    /// Whether this refusal shows the journal's node misbehaving, rather than a submission to send again.
    public var namesMisbehaviour: Bool { Self.misbehaviourCodes.contains(code) }

    /// The status c2sp.org/tlog-witness answers with.
    public var httpStatus: Int {
        switch self {
        case .malformed, .oldSizeAboveSize: 400
        case .unsigned: 403
        case .unknownOrigin: 404
        case .notLatest: 409
        case .emptyTreeRoot, .proofFromEmptyTree, .inconsistent, .forked: 422
        case .signingFailed: 500
        }
    }

    public var message: String {
        switch self {
        case .malformed(let problem): "the checkpoint submission is malformed: \(problem)"
        case .unknownOrigin(let origin): "this node witnesses no journal \(origin)"
        case .unsigned(let origin, let error): "the checkpoint of \(origin) is not signed by its key: \(error.message)"
        case .oldSizeAboveSize(let old, let size): "the old size \(old) is above the checkpoint's size \(size)"
        case .notLatest(let submitted, let latest):
            "the submission starts from size \(submitted), but the newest checkpoint cosigned has size \(latest)"
        case .emptyTreeRoot: "a checkpoint of size 0 must have the empty tree's root"
        case .proofFromEmptyTree: "a submission from size 0 must carry no proof"
        case .inconsistent(let origin, let cosigned, let submitted):
            "the journal of \(origin) at size \(submitted) does not extend the one cosigned at size \(cosigned): it was rewritten, or shown in two versions"
        case .forked(let origin, let size):
            "the journal of \(origin) has two different roots at size \(size): a split view, or a rewrite"
        case .signingFailed(let detail): "the cosignature could not be made: \(detail)"
        }
    }

    public var remedy: String {
        switch self {
        case .notLatest(_, let latest): "Submit again from size \(latest), with the consistency proof from it"
        case .inconsistent, .forked:
            "Keep both checkpoints as evidence and tell every peer; do not accept this node's transmissions until it explains"
        case .unsigned: "Check that the node's registered key is the one that signed, and ask for a fresh checkpoint"
        case .unknownOrigin: "Register the node as a peer first"
        default: "Ask the node for a well-formed submission"
        }
    }
}
