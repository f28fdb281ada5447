import Crypto
import Foundation
import NIOSSL
import ParleyCore
import ParleyLedger
import SwiftASN1
import X509

/// A node's TLS certificate: self-signed, for the host of the address its peers reach it at, and known to
/// them by the SHA-256 of its DER bytes, which each peer pins (`parley peer add --tls-fingerprint`). No
/// certificate authority is trusted or needed: a peer talks to exactly the certificate it pinned.
///
/// The key is ECDSA P-256, which every TLS 1.3 stack speaks; it is not the node key, which signs what
/// travels, so that the TLS key can be replaced without the node's identity changing.
public struct NodeCertificate: Sendable {
    /// The certificate, PEM.
    public let certificatePEM: String
    /// Its private key, PEM (PKCS #8).
    public let privateKeyPEM: String
    /// The SHA-256 of the certificate's DER bytes, in lowercase hexadecimal.
    public let fingerprint: String

    /// A new certificate for the node `code` at `host` (a name or an IP address), valid for ten years.
    public init(node code: Party.Code, host: String, now: Date = Date()) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("Parley node \(code.rawValue)")
        }
        let alternativeName: GeneralName =
            Self.ipAddressBytes(host).map { .ipAddress(ASN1OctetString(contentBytes: ArraySlice($0))) } ?? .dnsName(host)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectAlternativeNames([alternativeName])
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(key))
        try self.init(certificatePEM: certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// A certificate and key as the node's files hold them.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.fingerprint = try Self.fingerprint(ofPEM: certificatePEM)
    }

    /// The SHA-256 of a PEM certificate's DER bytes, in lowercase hexadecimal.
    public static func fingerprint(ofPEM pem: String) throws -> String {
        let certificate = try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)
        return Digest.sha256(try certificate.toDERBytes()).hex
    }

    /// The TLS configuration of the node's federation listener: this certificate, TLS 1.3 only.
    func serverConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = .tlsv13
        return configuration
    }

    /// The four or sixteen bytes of an IP address written as text, or `nil` for a host name.
    static func ipAddressBytes(_ host: String) -> [UInt8]? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
