import CParleySHA256
import Crypto

/// The two ways Parley computes SHA-256, which give the same digests; every digest the ledger takes goes
/// through ``fastest``.
///
/// Verifying a journal takes four digests an entry and record, a few hundred bytes each. swift-crypto
/// hashes at the processor's speed but allocates, zeroes and frees a context around every digest, about
/// 170 ns, nearly as long as hashing 250 bytes takes. Where the processor has the x86 SHA extensions, the
/// digests are computed by `CParleySHA256` with the state on the stack; elsewhere by swift-crypto. The
/// tests hold the two equal, on the standard's vectors and on every length across several blocks.
enum SHA256Implementation: CaseIterable {
    /// The x86 SHA extensions, through `CParleySHA256`.
    case processorExtensions
    /// swift-crypto (BoringSSL), on any processor.
    case swiftCrypto

    /// The processor's extensions where it has them, swift-crypto elsewhere.
    static let fastest: Self = parley_sha256_is_available() ? .processorExtensions : .swiftCrypto

    /// Whether this implementation can run on this processor.
    var isAvailable: Bool { self == .swiftCrypto || parley_sha256_is_available() }

    /// The SHA-256 digest of `head` followed by `body`, both read in place: a Merkle tree's prefix byte
    /// needs no copy of the bytes it precedes.
    func digest(head: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer) -> Digest {
        switch self {
        case .processorExtensions:
            var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &bytes) { output in
                parley_sha256(
                    head.baseAddress, head.count, body.baseAddress, body.count,
                    output.baseAddress?.assumingMemoryBound(to: UInt8.self))
                return Digest(trustedBuffer: UnsafeRawBufferPointer(output))
            }
        case .swiftCrypto:
            var hasher = SHA256()
            hasher.update(bufferPointer: head)
            hasher.update(bufferPointer: body)
            return hasher.finalize().withUnsafeBytes { Digest(trustedBuffer: $0) }
        }
    }
}
