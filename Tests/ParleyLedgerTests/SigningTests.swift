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

@Suite("Signing: keys and signatures over digests")
struct SigningKeyTests {
    @Test("A signature over a digest verifies with the signer's key only, and for that digest only")
    func signDigest() throws {
        // Given
        let key = SigningKey()
        let other = SigningKey()
        let digest = Digest.sha256(Array("list 12, version 2".utf8))
        let another = Digest.sha256(Array("list 12, version 3".utf8))

        // When
        let signature = try key.sign(digest)

        // Then
        #expect(key.verifyingKey.isValidSignature(signature, for: digest))
        #expect(key.verifyingKey.isValidSignature(signature, for: digest.bytes))
        #expect(!key.verifyingKey.isValidSignature(signature, for: another))
        #expect(!other.verifyingKey.isValidSignature(signature, for: digest))
        #expect(key.verifyingKey != other.verifyingKey)
    }

    @Test("A key made again from its seed is the same key")
    func seedRoundTrip() throws {
        let key = SigningKey()
        let again = try SigningKey(seed: key.seed)
        #expect(again.seed == key.seed)
        #expect(again.verifyingKey == key.verifyingKey)
        #expect(key.seed.count == 32)
    }

    @Test("Public keys and signatures read back from their base64")
    func base64RoundTrip() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let signature = try key.sign(.zero)
        #expect(try VerifyingKey(base64: key.verifyingKey.base64) == key.verifyingKey)
        #expect(try Signature(base64: signature.base64) == signature)
        #expect(key.verifyingKey.base64.count == 44)
        #expect(signature.base64.count == 88)
        #expect(key.verifyingKey.description == key.verifyingKey.base64)
    }

    @Test(
        "Text that is not the one base64 of 32 bytes is not a public key",
        arguments: [
            "", "abc", String(repeating: "A", count: 43), String(repeating: "A", count: 43) + "==",
            String(repeating: "A", count: 44), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            " AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=",
        ])
    func malformedPublicKey(text: String) {
        #expect(throws: InvalidKeyMaterial(material: .publicKey, found: .text(text))) {
            try VerifyingKey(base64: text)
        }
    }

    @Test("Errors name the material, the value and what was wrong, and never show a private key")
    func messages() throws {
        let publicKey = InvalidKeyMaterial(material: .publicKey, found: .text("abc"))
        #expect(publicKey.message == "public key: 'abc': not 32 bytes of base64")
        #expect(publicKey.description.contains("parley key generate"))

        let seed = try #require(throws: InvalidKeyMaterial.self) { try SigningKey(seed: [1, 2, 3]) }
        #expect(seed.message == "private key: 3 bytes, where Ed25519 has 32")

        let secret = InvalidKeyMaterial(material: .privateKey, found: .text("c2VjcmV0"))
        #expect(!secret.message.contains("c2VjcmV0"))
        #expect(secret.message == "private key: (8 characters, not shown: it is secret): not 32 bytes of base64")

        let signature = try #require(throws: InvalidKeyMaterial.self) { try Signature(bytes: [UInt8](repeating: 0, count: 63)) }
        #expect(signature.message == "signature: 63 bytes, where Ed25519 has 64")
    }
}
