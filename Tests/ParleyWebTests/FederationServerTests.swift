import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOSSL
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleyWeb
import Testing

/// The federation API's answers to what is not a sync from a registered peer, and the node's certificate.
@Suite("The federation API and the node's TLS certificate")
struct FederationServerTests {
    static func node() throws -> (WebFixture, FederationServer.Configuration, NodeIdentity) {
        let fixture = try WebFixture()
        let keys = NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
        let identity = try NodeIdentity(
            node: Node(code: "UA", kind: .party, speaksFor: ["UA"]),
            key: NoteKey(name: NodeIdentity.keyName(of: "UA"), type: .ed25519, publicKey: keys.signing.verifyingKey),
            recipient: keys.encryption.recipient)
        let certificate = try NodeCertificate(node: "UA", host: "127.0.0.1")
        _ = try fixture.database.initializeNode(
            identity, keys: keys, url: "https://127.0.0.1:8443", tlsFingerprint: certificate.fingerprint, as: .admin)
        let configuration = FederationServer.Configuration(
            host: "127.0.0.1", port: 8443, certificate: certificate, keys: keys, maxBody: 4096)
        return (fixture, configuration, identity)
    }

    static func problemCode(_ body: ByteBuffer) throws -> String? {
        try (JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["code"] as? String
    }

    @Test("the node's identity is public; a request unsigned, malformed or too large is refused with a problem document")
    func refusals() async throws {
        let (fixture, configuration, identity) = try Self.node()
        let journaled = try fixture.database.verifyJournal(as: .admin).entries
        let app = Application(router: FederationServer.router(database: fixture.database, configuration: configuration))
        try await app.test(.router) { client in
            let shown = try await client.execute(uri: "/federation/v1/", method: .get) { $0 }
            #expect(shown.status == .ok)
            #expect(String(buffer: shown.body) == identity.line + "\n")
            let unsigned = try await client.execute(
                uri: "/federation/v1/exchange", method: .post, body: ByteBuffer(string: "age-encryption.org/v1\n")
            ) { $0 }
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.headers[.contentType] == "application/problem+json")
            #expect(try Self.problemCode(unsigned.body) == "request.malformed")
            #expect(String(buffer: unsigned.body).contains("no Parley-Request header"))
            let garbled = try await client.execute(
                uri: "/federation/v1/exchange", method: .post, headers: [HTTPField.Name("Parley-Request")!: "bm90IGEgbm90ZQ=="],
                body: ByteBuffer(string: "x")
            ) { $0 }
            #expect(garbled.status == .badRequest)
            let large = try await client.execute(
                uri: "/federation/v1/exchange", method: .post, body: ByteBuffer(repeating: 0x61, count: 5000)
            ) { $0 }
            #expect(large.status == .contentTooLarge)
            #expect(try Self.problemCode(large.body) == "request.too-large")
        }
        // And nothing of any of it was journaled
        #expect(try fixture.database.verifyJournal(as: .admin).entries == journaled)
    }

    @Test("a certificate is self-signed for its host, and known by the SHA-256 of its DER bytes")
    func certificate() throws {
        let certificate = try NodeCertificate(node: "ICRC", host: "10.0.0.2")
        let parsed = try NIOSSLCertificate(bytes: Array(certificate.certificatePEM.utf8), format: .pem)
        #expect(certificate.fingerprint == Digest.sha256(try parsed.toDERBytes()).hex)
        let again = try NodeCertificate(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM)
        #expect(again.fingerprint == certificate.fingerprint)
        #expect(try NodeCertificate(node: "ICRC", host: "10.0.0.2").fingerprint != certificate.fingerprint)
        #expect(certificate.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }
}
