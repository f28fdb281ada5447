import Foundation
import Testing

@testable import ParleyLedger

/// One SHA-256 test vector, as `Fixtures/fips180-sha256.json` records it.
private struct SHA256Vector: Decodable {
    let message: String
    let `repeat`: Int
    let digest: String

    var input: [UInt8] { Array(String(repeating: message, count: `repeat`).utf8) }
}

private struct SHA256Vectors: Decodable {
    let vectors: [SHA256Vector]
}

@Suite("SHA-256 implementations")
struct SHA256ImplementationTests {
    /// The implementations this processor can run: swift-crypto always, the SHA extensions where it has them.
    static let available = SHA256Implementation.allCases.filter(\.isAvailable)

    @Test("Each implementation gives the published digests", arguments: available)
    func publishedVectors(implementation: SHA256Implementation) throws {
        // Given the published vectors, from one block to a million bytes
        let vectors = try Fixture.load("fips180-sha256", as: SHA256Vectors.self).vectors
        #expect(vectors.count == 5)
        for vector in vectors {
            // When each is hashed whole, and split after its first byte
            let input = vector.input
            let whole = input.withUnsafeBytes {
                implementation.digest(head: UnsafeRawBufferPointer(start: nil, count: 0), body: $0)
            }
            // Then both give the published digest
            #expect(whole.hex == vector.digest, "\(implementation) on \(vector.message.prefix(8))… × \(vector.repeat)")
            if let first = input.first {
                let split = Swift.withUnsafeBytes(of: first) { head in
                    input.dropFirst().withUnsafeBytes { implementation.digest(head: head, body: $0) }
                }
                #expect(split.hex == vector.digest)
            }
        }
    }

    @Test("The implementations agree on every length over four blocks, with heads of 0 to 70 bytes", arguments: available)
    func agreesWithSwiftCrypto(implementation: SHA256Implementation) {
        // Given bytes that differ from position to position, so that a block taken from the wrong place shows
        let bytes = (0..<400).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
        for headCount in [0, 1, 2, 55, 63, 64, 65, 70] {
            for bodyCount in 0...(256 - headCount) {
                // When the same message is hashed by this implementation, head and body apart, and by swift-crypto whole
                let head = bytes[0..<headCount]
                let body = bytes[headCount..<(headCount + bodyCount)]
                let digest = head.withUnsafeBytes { head in body.withUnsafeBytes { implementation.digest(head: head, body: $0) } }
                let expected = bytes[0..<(headCount + bodyCount)].withUnsafeBytes {
                    SHA256Implementation.swiftCrypto.digest(head: UnsafeRawBufferPointer(start: nil, count: 0), body: $0)
                }
                // Then they agree
                #expect(digest == expected, "\(implementation): head \(headCount) bytes, body \(bodyCount) bytes")
            }
        }
    }

    @Test("Digests, leaves and nodes use the fastest implementation and give what swift-crypto gives")
    func publicFunctionsAgree() {
        let entry = Array("{\"action\":\"record.register\"}".utf8)
        let swiftCrypto = SHA256Implementation.swiftCrypto
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(Digest.sha256(entry) == entry.withUnsafeBytes { swiftCrypto.digest(head: none, body: $0) })
        #expect(MerkleTree.leafHash(entry) == ([0] + entry).withUnsafeBytes { swiftCrypto.digest(head: none, body: $0) })
        let (left, right) = (Digest.sha256(Array("left".utf8)), Digest.sha256(Array("right".utf8)))
        let node = ([1] + left.bytes + right.bytes).withUnsafeBytes { swiftCrypto.digest(head: none, body: $0) }
        #expect(MerkleTree.nodeHash(left, right) == node)
    }
}
