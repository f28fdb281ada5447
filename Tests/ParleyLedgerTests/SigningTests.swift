import Foundation
import Testing

@testable import ParleyLedger

/// One vector of RFC 8032 section 7.1, as `Fixtures/rfc8032-ed25519.json` records it.
struct Ed25519Vector: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let secretKey: String
    let publicKey: String
    let message: String
    let signature: String

    var testDescription: String { name }
}

/// `Fixtures/rfc8032-ed25519.json`.
struct Ed25519Vectors: Decodable {
    let source: String
    let vectors: [Ed25519Vector]
}

@Suite("Signing: RFC 8032 Ed25519 vectors")
struct RFC8032Tests {
    static let vectors: [Ed25519Vector] = (try? Fixture.load("rfc8032-ed25519", as: Ed25519Vectors.self).vectors) ?? []

    @Test("The fixture holds the five Ed25519 vectors of section 7.1")
    func fixtureIsComplete() {
        #expect(Self.vectors.map(\.name) == ["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"])
        #expect(Self.vectors.map { $0.message.count / 2 } == [0, 1, 2, 1023, 64])
    }

    @Test("Each secret key derives the RFC's public key", arguments: vectors)
    func publicKey(vector: Ed25519Vector) throws {
        let key = try SigningKey(seed: Fixture.bytes(hex: vector.secretKey))
        #expect(key.verifyingKey.bytes == (try Fixture.bytes(hex: vector.publicKey)))
        #expect(key.seed == (try Fixture.bytes(hex: vector.secretKey)))
    }

    @Test("The RFC's signature verifies; one flipped bit in the message or the signature does not", arguments: vectors)
    func verification(vector: Ed25519Vector) throws {
        let key = try VerifyingKey(bytes: Fixture.bytes(hex: vector.publicKey))
        let message = try Fixture.bytes(hex: vector.message)
        let signature = try Signature(bytes: Fixture.bytes(hex: vector.signature))
        #expect(key.isValidSignature(signature, for: message))

        var flippedSignature = signature.bytes
        flippedSignature[7] ^= 0x01
        #expect(!key.isValidSignature(try Signature(bytes: flippedSignature), for: message))
        let longerOrChanged = message.isEmpty ? [0x00] : [message[0] ^ 0x01] + message.dropFirst()
        #expect(!key.isValidSignature(signature, for: longerOrChanged))
    }

    #if os(Linux)
    @Test("Signing reproduces the RFC's signature byte for byte, as deterministic Ed25519 must", arguments: vectors)
    func deterministicSignature(vector: Ed25519Vector) throws {
        let key = try SigningKey(seed: Fixture.bytes(hex: vector.secretKey))
        let signature = try key.signature(for: Fixture.bytes(hex: vector.message))
        #expect(signature.bytes == (try Fixture.bytes(hex: vector.signature)))
    }
    #endif
}
