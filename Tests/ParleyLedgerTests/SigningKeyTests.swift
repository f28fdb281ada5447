import Foundation
import Testing

@testable import ParleyLedger

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
