import Foundation

/// The Merkle tree hash of RFC 9162 (Certificate Transparency v2) §2.1, with its inclusion and consistency
/// proofs.
///
/// The journal's checkpoints publish a root over all entries so far; an inclusion proof shows that one entry is
/// under a root, a consistency proof that a later root extends an earlier one without rewriting it.
///
/// - `MTH({}) = SHA-256()`, the hash of no bytes;
/// - a leaf is `SHA-256(0x00 || d)`;
/// - a node is `SHA-256(0x01 || left || right)`, where the left subtree holds the first `k` leaves and `k` is
///   the largest power of two smaller than the number of leaves.
///
/// Proofs list their hashes from the leaf upwards, as RFC 9162 §2.1.3 and §2.1.4 write them.
public enum MerkleTree {
    /// The hash of an entry as a leaf: `SHA-256(0x00 || entry)`.
    public static func leafHash(_ entry: some DataProtocol) -> Digest {
        if let digest = entry.withContiguousStorageIfAvailable({ leafHash(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(entry).withUnsafeBytes { leafHash($0) }
    }

    /// The hash of an entry as a leaf, its bytes read in place.
    public static func leafHash(_ entry: UnsafeRawBufferPointer) -> Digest {
        Digest.sha256(prefix: 0x00, entry)
    }

    /// The hash of an interior node: `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        withUnsafeTemporaryAllocation(byteCount: 2 * Digest.byteCount, alignment: 1) { children in
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: children[..<Digest.byteCount]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: children[Digest.byteCount...]).copyMemory(from: $0) }
            return Digest.sha256(prefix: 0x01, UnsafeRawBufferPointer(children))
        }
    }

    /// The root hash of the tree whose leaves have these hashes; `SHA-256()` for no leaves.
    ///
    /// Iterative and in place over one flat buffer: O(n) hashes, one allocation, no recursion, so a tree of
    /// millions of leaves costs only its hashing.
    public static func rootHash(leafHashes: [Digest]) -> Digest {
        subtreeRoot(leafHashes[...])
    }

    /// The audit path that proves the leaf at `index` is in the tree of `leafHashes` (RFC 9162 §2.1.3.1).
    ///
    /// - Precondition: `0 <= index < leafHashes.count`.
    public static func inclusionProof(index: Int, leafHashes: [Digest]) -> [Digest] {
        precondition(
            index >= 0 && index < leafHashes.count,
            "inclusionProof(index:leafHashes:): index \(index) is outside a tree of \(leafHashes.count) leaves"
        )
        var lower = 0
        var upper = leafHashes.count
        var siblingsFromTop = [Digest]()
        while upper - lower > 1 {
            let split = lower + largestPowerOfTwo(below: upper - lower)
            if index < split {
                siblingsFromTop.append(subtreeRoot(leafHashes[split..<upper]))
                upper = split
            } else {
                siblingsFromTop.append(subtreeRoot(leafHashes[lower..<split]))
                lower = split
            }
        }
        return siblingsFromTop.reversed()
    }

    /// Checks an inclusion proof (RFC 9162 §2.1.3.2): that `leafHash` is leaf `index` of the tree of `size`
    /// leaves whose root is `root`.
    ///
    /// Returns `false`, never traps, for any malformed input: a negative or out-of-range index, a proof too
    /// long or too short.
    public static func verifyInclusion(index: Int, size: Int, leafHash: Digest, proof: [Digest], root: Digest) -> Bool {
        guard index >= 0, index < size else { return false }
        var node = index
        var last = size - 1
        var hash = leafHash
        for sibling in proof {
            guard last != 0 else { return false }
            if node & 1 == 1 || node == last {
                hash = nodeHash(sibling, hash)
                while node & 1 == 0, node != 0 {
                    node >>= 1
                    last >>= 1
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            node >>= 1
            last >>= 1
        }
        return last == 0 && hash == root
    }

    /// The proof that the tree of `leafHashes` extends its first `oldSize` leaves (RFC 9162 §2.1.4.1).
    ///
    /// Empty when `oldSize` is 0 or the whole tree: there is nothing to prove.
    /// - Precondition: `0 <= oldSize <= leafHashes.count`.
    public static func consistencyProof(from oldSize: Int, leafHashes: [Digest]) -> [Digest] {
        precondition(
            oldSize >= 0 && oldSize <= leafHashes.count,
            "consistencyProof(from:leafHashes:): old size \(oldSize) is outside 0...\(leafHashes.count)"
        )
        guard oldSize > 0, oldSize < leafHashes.count else { return [] }
        var lower = 0
        var upper = leafHashes.count
        var remaining = oldSize
        var oldTreeIsWholeSubtree = true
        var hashesFromTop = [Digest]()
        while remaining != upper - lower {
            let half = largestPowerOfTwo(below: upper - lower)
            if remaining <= half {
                hashesFromTop.append(subtreeRoot(leafHashes[(lower + half)..<upper]))
                upper = lower + half
            } else {
                hashesFromTop.append(subtreeRoot(leafHashes[lower..<(lower + half)]))
                lower += half
                remaining -= half
                oldTreeIsWholeSubtree = false
            }
        }
        if !oldTreeIsWholeSubtree {
            hashesFromTop.append(subtreeRoot(leafHashes[lower..<upper]))
        }
        return hashesFromTop.reversed()
    }

    /// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of `newSize` leaves with root `newRoot`
    /// extends the tree of `oldSize` leaves with root `oldRoot`.
    ///
    /// Equal sizes need an empty proof and equal roots; an old size of 0 needs an empty proof and the empty
    /// tree's root as `oldRoot`. Returns `false`, never traps, for any malformed input.
    public static func verifyConsistency(
        oldSize: Int,
        newSize: Int,
        oldRoot: Digest,
        newRoot: Digest,
        proof: [Digest]
    ) -> Bool {
        guard oldSize >= 0, newSize >= oldSize else { return false }
        if oldSize == newSize {
            return proof.isEmpty && oldRoot == newRoot && (oldSize > 0 || oldRoot == emptyRoot)
        }
        if oldSize == 0 {
            return proof.isEmpty && oldRoot == emptyRoot
        }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 {
            path.insert(oldRoot, at: 0)
        }
        var node = oldSize - 1
        var last = newSize - 1
        while node & 1 == 1 {
            node >>= 1
            last >>= 1
        }
        var oldHash = path[0]
        var newHash = oldHash
        for hash in path.dropFirst() {
            guard last != 0 else { return false }
            if node & 1 == 1 || node == last {
                oldHash = nodeHash(hash, oldHash)
                newHash = nodeHash(hash, newHash)
                while node & 1 == 0, node != 0 {
                    node >>= 1
                    last >>= 1
                }
            } else {
                newHash = nodeHash(newHash, hash)
            }
            node >>= 1
            last >>= 1
        }
        return last == 0 && oldHash == oldRoot && newHash == newRoot
    }

    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot = Digest.sha256([UInt8]())

    // MARK: - Internals

    /// The largest power of two strictly smaller than `count`, for `count >= 2`.
    private static func largestPowerOfTwo(below count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }

    /// The root over a run of leaf hashes, computed level by level.
    ///
    /// Pairing neighbours from the left and lifting an odd last node unchanged builds the same tree as the
    /// RFC's split at the largest power of two, because every left subtree it makes is complete.
    private static func subtreeRoot(_ leafHashes: ArraySlice<Digest>) -> Digest {
        guard !leafHashes.isEmpty else { return emptyRoot }
        var level = Array(leafHashes)
        while level.count > 1 {
            let pairs = level.count / 2
            for position in 0..<pairs {
                level[position] = nodeHash(level[2 * position], level[2 * position + 1])
            }
            if level.count % 2 == 1 { level[pairs] = level[level.count - 1] }
            level.removeLast(level.count - pairs - level.count % 2)
        }
        return level[0]
    }
}
