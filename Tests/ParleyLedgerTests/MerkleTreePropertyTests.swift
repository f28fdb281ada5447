import Foundation
import PropertyBased
import Testing

@testable import ParleyLedger

@Suite("MerkleTree: properties")
struct MerkleTreePropertyTests {
    @Test("The iterative root equals the RFC's recursive definition")
    func rootMatchesDefinition() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...600), Gen<UInt64>.value()) { size, salt in
            let leaves = syntheticLeaves(size, salt: salt)
            #expect(MerkleTree.rootHash(leafHashes: leaves) == referenceRoot(leaves[...]))
        }
    }

    @Test("Every inclusion proof verifies, and a flipped bit anywhere fails it")
    func inclusionProofsVerify() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...300), Gen.int(in: 0...Int.max), Gen.int(in: 0...255)) {
            size, seed, bit in
            let leaves = syntheticLeaves(size, salt: UInt64(seed))
            let root = MerkleTree.rootHash(leafHashes: leaves)
            let index = seed % size
            let proof = MerkleTree.inclusionProof(index: index, leafHashes: leaves)
            #expect(
                MerkleTree.verifyInclusion(
                    index: index, size: size, leafHash: leaves[index], proof: proof, root: root
                ))
            #expect(
                !MerkleTree.verifyInclusion(
                    index: index, size: size, leafHash: flipping(bit: bit, of: leaves[index]), proof: proof, root: root
                ))
            #expect(
                !MerkleTree.verifyInclusion(
                    index: index, size: size, leafHash: leaves[index], proof: proof, root: flipping(bit: bit, of: root)
                ))
            if !proof.isEmpty {
                var corrupted = proof
                corrupted[seed % proof.count] = flipping(bit: bit, of: corrupted[seed % proof.count])
                #expect(
                    !MerkleTree.verifyInclusion(
                        index: index, size: size, leafHash: leaves[index], proof: corrupted, root: root
                    ))
            }
            if size > 1 {
                let otherIndex = (index + 1 + seed % (size - 1)) % size
                #expect(
                    !MerkleTree.verifyInclusion(
                        index: otherIndex, size: size, leafHash: leaves[index], proof: proof, root: root
                    ))
            }
        }
    }

    @Test("Every consistency proof between two sizes verifies, and a flipped bit anywhere fails it")
    func consistencyProofsVerify() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...300), Gen.int(in: 0...Int.max), Gen.int(in: 0...255)) {
            newSize, seed, bit in
            let leaves = syntheticLeaves(newSize, salt: UInt64(seed))
            let oldSize = seed % (newSize + 1)
            let oldRoot = MerkleTree.rootHash(leafHashes: Array(leaves.prefix(oldSize)))
            let newRoot = MerkleTree.rootHash(leafHashes: leaves)
            let proof = MerkleTree.consistencyProof(from: oldSize, leafHashes: leaves)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof
                ))
            #expect(
                !MerkleTree.verifyConsistency(
                    oldSize: oldSize, newSize: newSize, oldRoot: flipping(bit: bit, of: oldRoot), newRoot: newRoot,
                    proof: proof
                ))
            if oldSize > 0 {
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: flipping(bit: bit, of: newRoot),
                        proof: proof
                    ))
            }
            if !proof.isEmpty {
                var corrupted = proof
                corrupted[seed % proof.count] = flipping(bit: bit, of: corrupted[seed % proof.count])
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: corrupted
                    ))
            }
        }
    }
}
