import Foundation
import ParleyLedger

// How long a witness takes to cosign a checkpoint of a 1,000,000-entry journal: reading the
// tlog-witness submission, checking the node's signature and the RFC 9162 consistency proof from the
// head it cosigned last, and signing its cosignature (issue 12's target: under 50 ms).
// Usage: witness-bench [ENTRIES] [RUNS]   (default 1000000 and 200)

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let entries = arguments.first ?? 1_000_000
let runs = arguments.dropFirst().first ?? 200

let clock = ContinuousClock()
let leaves = (0..<entries).map { MerkleTree.leafHash(Array("journal entry \($0)".utf8)) }

let nodeKey = SigningKey()
let origin = "parley/UA"
let logKey = try NoteKey(name: origin, type: .ed25519, publicKey: nodeKey.verifyingKey)
let witness = NoteWitness(name: "parley/ICRC", key: SigningKey())

/// A submission of the checkpoint at `size` with the proof from `oldSize`, as the node would send it.
@MainActor func submission(from oldSize: Int, to size: Int) throws -> CheckpointSubmission {
    let prefix = Array(leaves.prefix(size))
    let text = try CheckpointNote(origin: origin, size: Int64(size), root: MerkleTree.rootHash(leafHashes: prefix)).text
    let note = try SignedNote(text: text, signatures: [nodeKey.noteSignature(of: text, name: origin)])
    return CheckpointSubmission(
        oldSize: Int64(oldSize), proof: MerkleTree.consistencyProof(from: oldSize, leafHashes: prefix), note: note)
}

// The witness last cosigned the journal at 999,000 entries; the node has grown by a thousand since.
let oldSize = entries - entries / 1_000
let cosigned = try submission(from: 0, to: oldSize)
var base = WitnessedLog(origin: origin, key: logKey)
_ = try base.addCheckpoint(cosigned, witness: witness, at: 1_770_000_000)
let body = try submission(from: oldSize, to: entries).body
print(
    "journal of \(entries) entries; the witness last cosigned \(oldSize); proof of \(try CheckpointSubmission(body: body).proof.count) hashes"
)

var times: [Duration] = []
for _ in 0..<runs {
    var log = base
    let elapsed = try clock.measure {
        _ = try log.addCheckpoint(CheckpointSubmission(body: body), witness: witness, at: 1_770_000_100)
    }
    precondition(log.size == Int64(entries), "the witness cosigned the new head")
    times.append(elapsed)
}
times.sort()
func milliseconds(_ duration: Duration) -> String {
    String(format: "%.3f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
}
print(
    "cosign (parse, verify the signature and the proof, sign), \(runs) runs: median \(milliseconds(times[runs / 2])), "
        + "95th percentile \(milliseconds(times[runs * 95 / 100])), slowest \(milliseconds(times[runs - 1]))")
