import Foundation
import PropertyBased
import Testing

@testable import ParleyLedger

/// `Fixtures/rfc9162-merkle.json`: the transparency-dev/merkle test constants.
struct MerkleVectors: Decodable {
    struct LeafHashVector: Decodable {
        let inputHex: String
        let leafHash: Digest
    }

    struct InclusionVector: Decodable {
        let leafIndex: Int
        let treeSize: Int
        let proof: [Digest]
    }

    struct ConsistencyVector: Decodable {
        let oldSize: Int
        let newSize: Int
        let proof: [Digest]
    }

    let source: String
    let leafInputs: [String]
    let nodeHashes: [[Digest]]
    let rootHashesBySize: [Digest]
    let leafHashVectors: [LeafHashVector]
    let inclusionProofs: [InclusionVector]
    let consistencyProofs: [ConsistencyVector]

    static func load() throws -> MerkleVectors {
        try Fixture.load("rfc9162-merkle", as: MerkleVectors.self)
    }

    func leafHashes() throws -> [Digest] {
        try leafInputs.map { MerkleTree.leafHash(try Fixture.bytes(hex: $0)) }
    }
}

/// The Merkle tree hash exactly as RFC 9162 §2.1.1 defines it, recursively: the oracle for the iterative code.
func referenceRoot(_ leaves: ArraySlice<Digest>) -> Digest {
    switch leaves.count {
    case 0: return Digest.sha256([UInt8]())
    case 1: return leaves[leaves.startIndex]
    default:
        var split = 1
        while split * 2 < leaves.count { split *= 2 }
        let middle = leaves.startIndex + split
        return MerkleTree.nodeHash(referenceRoot(leaves[..<middle]), referenceRoot(leaves[middle...]))
    }
}

/// Distinct leaf hashes for a tree of `count` leaves, varied by `salt`.
func syntheticLeaves(_ count: Int, salt: UInt64 = 0) -> [Digest] {
    (0..<count).map { index in
        withUnsafeBytes(of: (UInt64(index).littleEndian, salt.littleEndian)) { MerkleTree.leafHash(Array($0)) }
    }
}

/// `digest` with one bit flipped.
func flipping(bit: Int, of digest: Digest) -> Digest {
    var bytes = digest.bytes
    bytes[(bit / 8) % bytes.count] ^= UInt8(1 << (bit % 8))
    return Digest(bytes: bytes) ?? digest
}

@Suite("MerkleTree: RFC 9162 vectors")
struct MerkleTreeVectorTests {
    @Test("Leaf hashes are SHA-256(0x00 || d)")
    func leafHashes() throws {
        let vectors = try MerkleVectors.load()
        for vector in vectors.leafHashVectors {
            #expect(MerkleTree.leafHash(try Fixture.bytes(hex: vector.inputHex)) == vector.leafHash)
        }
        #expect(try vectors.leafHashes() == vectors.nodeHashes[0])
        #expect(MerkleTree.leafHash(Data()) == vectors.nodeHashes[0][0])
    }

    @Test("Node hashes are SHA-256(0x01 || left || right), level by level")
    func nodeHashes() throws {
        let levels = try MerkleVectors.load().nodeHashes
        for level in 1..<levels.count {
            for (index, expected) in levels[level].enumerated() {
                let left = levels[level - 1][2 * index]
                let right = levels[level - 1][2 * index + 1]
                #expect(MerkleTree.nodeHash(left, right) == expected, "level \(level), node \(index)")
            }
        }
    }

    @Test("Roots of the trees of 0 to 8 leaves are the published ones")
    func roots() throws {
        let vectors = try MerkleVectors.load()
        let leaves = try vectors.leafHashes()
        #expect(vectors.rootHashesBySize.count == 9)
        for (size, expected) in vectors.rootHashesBySize.enumerated() {
            #expect(MerkleTree.rootHash(leafHashes: Array(leaves.prefix(size))) == expected, "size \(size)")
        }
        #expect(MerkleTree.emptyRoot == vectors.rootHashesBySize[0])
    }

    @Test("Inclusion proofs are the published ones and verify against the published roots")
    func inclusionProofs() throws {
        let vectors = try MerkleVectors.load()
        let leaves = try vectors.leafHashes()
        for vector in vectors.inclusionProofs {
            let tree = Array(leaves.prefix(vector.treeSize))
            let root = vectors.rootHashesBySize[vector.treeSize]
            #expect(MerkleTree.inclusionProof(index: vector.leafIndex, leafHashes: tree) == vector.proof)
            #expect(
                MerkleTree.verifyInclusion(
                    index: vector.leafIndex, size: vector.treeSize, leafHash: leaves[vector.leafIndex],
                    proof: vector.proof, root: root
                ))
        }
    }

    @Test("Consistency proofs are the published ones and verify against the published roots")
    func consistencyProofs() throws {
        let vectors = try MerkleVectors.load()
        let leaves = try vectors.leafHashes()
        for vector in vectors.consistencyProofs {
            let tree = Array(leaves.prefix(vector.newSize))
            #expect(MerkleTree.consistencyProof(from: vector.oldSize, leafHashes: tree) == vector.proof)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: vector.oldSize, newSize: vector.newSize,
                    oldRoot: vectors.rootHashesBySize[vector.oldSize], newRoot: vectors.rootHashesBySize[vector.newSize],
                    proof: vector.proof
                ))
        }
    }

    @Test("Corrupted published proofs fail, as the transparency-dev verifier's own probes do")
    func corruptedProofs() throws {
        let vectors = try MerkleVectors.load()
        let leaves = try vectors.leafHashes()
        let someHash = try #require(Digest(hex: "abacaba000000000000000000000000000000000000000000060061e00123456"))
        for vector in vectors.inclusionProofs where !vector.proof.isEmpty {
            let (index, size, proof) = (vector.leafIndex, vector.treeSize, vector.proof)
            let root = vectors.rootHashesBySize[size]
            let leaf = leaves[index]
            let probes: [(Int, Int, Digest, [Digest], Digest)] = [
                (index - 1, size, leaf, proof, root), (index + 1, size, leaf, proof, root),
                (index ^ 2, size, leaf, proof, root), (index, size * 2, leaf, proof, root),
                (index, size / 2, leaf, proof, root), (index, size, someHash, proof, root),
                (index, size, leaf, proof, MerkleTree.emptyRoot), (index, size, leaf, proof, someHash),
                (index, size, leaf, proof + [root], root), (index, size, leaf, [root] + proof, root),
                (index, size, leaf, Array(proof.dropLast()), root),
                (index, size, leaf, [proof[0], someHash] + proof.dropFirst(), root),
            ]
            for (probeIndex, probeSize, probeLeaf, probeProof, probeRoot) in probes {
                #expect(
                    !MerkleTree.verifyInclusion(
                        index: probeIndex, size: probeSize, leafHash: probeLeaf, proof: probeProof, root: probeRoot
                    ))
            }
        }
        for vector in vectors.consistencyProofs where !vector.proof.isEmpty {
            let (old, new, proof) = (vector.oldSize, vector.newSize, vector.proof)
            let (oldRoot, newRoot) = (vectors.rootHashesBySize[old], vectors.rootHashesBySize[new])
            let probes: [(Int, Int, Digest, Digest, [Digest])] = [
                (old - 1, new, oldRoot, newRoot, proof), (old + 1, new, oldRoot, newRoot, proof),
                (old ^ 2, new, oldRoot, newRoot, proof), (old, new * 2, oldRoot, newRoot, proof),
                (old, new / 2, oldRoot, newRoot, proof), (old, new, someHash, newRoot, proof),
                (old, new, oldRoot, someHash, proof), (old, new, newRoot, oldRoot, proof),
                (old, new, oldRoot, newRoot, []), (old, new, oldRoot, newRoot, proof + [oldRoot]),
                (old, new, oldRoot, newRoot, proof + [newRoot]), (old, new, oldRoot, newRoot, [oldRoot] + proof),
                (old, new, oldRoot, newRoot, [newRoot] + proof), (old, new, oldRoot, newRoot, [proof[0]] + proof),
                (old, new, oldRoot, newRoot, Array(proof.dropLast())),
            ]
            for (probeOld, probeNew, probeOldRoot, probeNewRoot, probeProof) in probes {
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: probeOld, newSize: probeNew, oldRoot: probeOldRoot, newRoot: probeNewRoot,
                        proof: probeProof
                    ), "\(old)→\(new) accepted a probe with sizes \(probeOld)→\(probeNew)")
            }
        }
    }

    @Test("Edge cases: empty trees, equal sizes, impossible indices")
    func edgeCases() throws {
        let vectors = try MerkleVectors.load()
        let roots = vectors.rootHashesBySize
        #expect(MerkleTree.rootHash(leafHashes: []) == roots[0])
        #expect(MerkleTree.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: roots[0], newRoot: roots[0], proof: []))
        #expect(MerkleTree.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: roots[0], newRoot: roots[5], proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: roots[1], newRoot: roots[5], proof: []))
        #expect(
            !MerkleTree.verifyConsistency(
                oldSize: 0, newSize: 0, oldRoot: roots[0], newRoot: roots[0], proof: [roots[0]]
            ))
        #expect(MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: roots[4], newRoot: roots[4], proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: roots[4], newRoot: roots[5], proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 5, newSize: 4, oldRoot: roots[5], newRoot: roots[4], proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: -1, newSize: 4, oldRoot: roots[0], newRoot: roots[4], proof: []))
        #expect(MerkleTree.consistencyProof(from: 0, leafHashes: try vectors.leafHashes()).isEmpty)
        #expect(MerkleTree.consistencyProof(from: 8, leafHashes: try vectors.leafHashes()).isEmpty)
        #expect(!MerkleTree.verifyInclusion(index: 0, size: 0, leafHash: roots[0], proof: [], root: roots[0]))
        #expect(!MerkleTree.verifyInclusion(index: -1, size: 1, leafHash: roots[1], proof: [], root: roots[1]))
        #expect(MerkleTree.verifyInclusion(index: 0, size: 1, leafHash: roots[1], proof: [], root: roots[1]))
    }

    @Test("A root over 2^18 + 3 leaves matches the reference (a million take 0.27 s in release)")
    func largeTree() {
        let leaves = syntheticLeaves(262_147)
        #expect(MerkleTree.rootHash(leafHashes: leaves) == referenceRoot(leaves[...]))
    }
}
