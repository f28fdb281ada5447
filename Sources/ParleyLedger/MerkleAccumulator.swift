/// Builds the RFC 9162 root of a growing list of leaves, one leaf at a time, in O(log n) memory.
///
/// It keeps the roots of the perfect subtrees the leaves form so far (the "compact
/// range"), so the root after any number of leaves is at hand without rehashing them:
/// the journal's verification checks every checkpoint in one pass.
public struct MerkleAccumulator: Sendable {
    /// Roots of perfect subtrees, largest first; their sizes are the bits of `count`.
    private var peaks: [Digest] = []
    public private(set) var count = 0

    public init() {}

    /// Adds the next leaf by its leaf hash.
    public mutating func append(leafHash: Digest) {
        var node = leafHash
        var size = count
        // Merge with each peak of equal size: one for every trailing 1 bit of the old count.
        while size & 1 == 1 {
            node = MerkleTree.nodeHash(peaks.removeLast(), node)
            size >>= 1
        }
        peaks.append(node)
        count += 1
    }

    /// Adds the next `size` leaves at once by the root of their perfect subtree: `size` must be a power of two
    /// and the leaves so far a multiple of it, so that those leaves form a subtree of the whole tree.
    public mutating func append(subtreeRoot: Digest, size: Int) {
        precondition(size.nonzeroBitCount == 1 && count % size == 0, "a subtree of \(size) leaves cannot follow \(count)")
        var node = subtreeRoot
        var multiple = count / size
        while multiple & 1 == 1 {
            node = MerkleTree.nodeHash(peaks.removeLast(), node)
            multiple >>= 1
        }
        peaks.append(node)
        count += size
    }

    /// The root over all leaves so far; `SHA-256()` for none.
    public var root: Digest {
        guard var node = peaks.last else { return MerkleTree.emptyRoot }
        for peak in peaks.dropLast().reversed() {
            node = MerkleTree.nodeHash(peak, node)
        }
        return node
    }
}
