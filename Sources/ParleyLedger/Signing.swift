import Crypto
import Foundation
import ParleyCore

/// An Ed25519 private key: whoever holds it approves list versions in its signer's name.
///
/// Parley signs exactly the 32 raw bytes of a SHA-256 ``Digest``, never a file or a text: a signature approves
/// one frozen list version, named by the digest of its canonical document (``ListDocument/digest``).
///
/// Printing or dumping a key shows its public half only, so a stray log line cannot leak the seed.
public struct SigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The number of bytes in an Ed25519 seed, the whole of the private key.
    public static let seedByteCount = 32

    private let key: Curve25519.Signing.PrivateKey

    /// A new key from the system's secure random generator.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The key whose 32-byte seed is `seed` (RFC 8032 §5.1.5 calls it the private key).
    public init(seed: [UInt8]) throws(InvalidKeyMaterial) {
        guard seed.count == Self.seedByteCount,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        else { throw InvalidKeyMaterial(material: .privateKey, found: .bytes(seed.count)) }
        self.key = key
    }

    /// The 32-byte seed, which is all a key file needs to keep.
    public var seed: [UInt8] {
        Array(key.rawRepresentation)
    }

    /// The public half, which others keep in their keyrings to check this key's signatures.
    public var verifyingKey: VerifyingKey {
        VerifyingKey(key.publicKey)
    }

    /// `SigningKey(public key <base64>)`: the public half only.
    public var description: String { "SigningKey(public key \(verifyingKey))" }

    /// The public half only, as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the public key only, so that `dump` does not show the seed.
    public var customMirror: Mirror {
        Mirror(self, children: ["verifyingKey": verifyingKey], displayStyle: .struct)
    }

    /// Signs the 32 bytes of `digest`: the approval of the list version whose document has that digest.
    ///
    /// It throws only if the cryptographic library fails inside, never for a digest or a key Parley made.
    public func sign(_ digest: Digest) throws(SigningFailed) -> Signature {
        try signature(for: digest.bytes)
    }

    /// Signs any message; Parley itself signs only digests, through ``sign(_:)``. Tests use it with RFC 8032 vectors.
    func signature(for message: some DataProtocol) throws(SigningFailed) -> Signature {
        let bytes: Data
        do {
            bytes = try key.signature(for: message)
        } catch {
            throw SigningFailed(detail: String(describing: error))
        }
        return Signature(trustedBytes: Array(bytes))
    }
}

/// An Ed25519 public key: what a keyring holds to check one signer's approvals.
public struct VerifyingKey: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in an Ed25519 public key.
    public static let byteCount = 32

    /// The 32 bytes of the key, as RFC 8032 §5.1.2 encodes it.
    public let bytes: [UInt8]
    private let key: Curve25519.Signing.PublicKey

    /// The key whose RFC 8032 encoding is `bytes`.
    public init(bytes: [UInt8]) throws(InvalidKeyMaterial) {
        guard bytes.count == Self.byteCount,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        else { throw InvalidKeyMaterial(material: .publicKey, found: .bytes(bytes.count)) }
        self.bytes = bytes
        self.key = key
    }

    /// Reads the standard base64 of the 32 bytes, as ``base64`` writes it.
    public init(base64 text: String) throws(InvalidKeyMaterial) {
        guard let bytes = decodeBase64(text, byteCount: Self.byteCount),
            let key = try? VerifyingKey(bytes: bytes)
        else { throw InvalidKeyMaterial(material: .publicKey, found: .text(text)) }
        self = key
    }

    init(_ key: Curve25519.Signing.PublicKey) {
        self.key = key
        self.bytes = Array(key.rawRepresentation)
    }

    /// The standard base64 of the 32 bytes, with padding: how key files, keyrings and bundles write the key.
    public var base64: String {
        encodeBase64(bytes)
    }

    /// The key in base64, as ``base64``.
    public var description: String { base64 }

    /// Whether `signature` approves `digest`: an Ed25519 signature by this key over the digest's 32 bytes.
    public func isValidSignature(_ signature: Signature, for digest: Digest) -> Bool {
        isValidSignature(signature, for: digest.bytes)
    }

    /// Whether `signature` is an Ed25519 signature by this key over `message`, whatever its length.
    public func isValidSignature(_ signature: Signature, for message: some DataProtocol) -> Bool {
        key.isValidSignature(signature.bytes, for: message)
    }

    /// Keys are equal when their encodings are.
    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// Hashes the encoding.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }
}

/// An Ed25519 signature: 64 bytes.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in an Ed25519 signature.
    public static let byteCount = 64

    /// The 64 bytes of the signature.
    public let bytes: [UInt8]

    /// Wraps 64 bytes as a signature; whether it is valid is for a ``VerifyingKey`` to say.
    public init(bytes: [UInt8]) throws(InvalidKeyMaterial) {
        guard bytes.count == Self.byteCount else {
            throw InvalidKeyMaterial(material: .signature, found: .bytes(bytes.count))
        }
        self.bytes = bytes
    }

    /// Reads the standard base64 of the 64 bytes, as ``base64`` writes it.
    public init(base64 text: String) throws(InvalidKeyMaterial) {
        guard let bytes = decodeBase64(text, byteCount: Self.byteCount) else {
            throw InvalidKeyMaterial(material: .signature, found: .text(text))
        }
        self.bytes = bytes
    }

    init(trustedBytes bytes: [UInt8]) {
        assert(bytes.count == Self.byteCount, "an Ed25519 signature has 64 bytes")
        self.bytes = bytes
    }

    /// The standard base64 of the 64 bytes, with padding.
    public var base64: String {
        encodeBase64(bytes)
    }

    /// The signature in base64, as ``base64``.
    public var description: String { base64 }
}

/// The bytes that `text` encodes in standard base64, if it is the one canonical encoding of `byteCount` bytes.
///
/// Requiring the canonical text means a key or a signature is written one way only, so two files that hold the
/// same key hold the same text.
func decodeBase64(_ text: String, byteCount: Int) -> [UInt8]? {
    guard let data = Data(base64Encoded: text), data.count == byteCount,
        data.base64EncodedString() == text
    else { return nil }
    return Array(data)
}

/// `bytes` in standard base64, with padding.
func encodeBase64(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
}

/// Bytes or text that should be an Ed25519 key or signature, and are not.
public struct InvalidKeyMaterial: ParleyError, Hashable {
    /// What the bytes or text should have been.
    public enum Material: String, Hashable, Sendable {
        case publicKey = "public key"
        case privateKey = "private key"
        case signature
    }

    /// What was found instead.
    public enum Found: Hashable, Sendable {
        /// Text that is not the base64 of the right number of bytes.
        case text(String)
        /// The wrong number of bytes.
        case bytes(Int)
    }

    public let material: Material
    public let found: Found

    public init(material: Material, found: Found) {
        self.material = material
        self.found = found
    }

    /// The number of bytes the material has in Ed25519: 32 for keys, 64 for signatures.
    public var expectedByteCount: Int {
        material == .signature ? Signature.byteCount : VerifyingKey.byteCount
    }

    public var code: String { "key.invalid" }

    public var message: String {
        switch found {
        case .text(let text):
            "\(material.rawValue): \(quotedValue(text, secret: material == .privateKey)): not \(expectedByteCount) bytes of base64"
        case .bytes(let count):
            "\(material.rawValue): \(count) bytes, where Ed25519 has \(expectedByteCount)"
        }
    }

    public var remedy: String {
        switch material {
        case .publicKey: "Copy the public key as `parley key generate` wrote it in the signer's .pub file"
        case .privateKey: "Use the private key file as `parley key generate` wrote it"
        case .signature: "Export the bundle from Parley again: a signature is its 64 bytes in base64, as Parley wrote them"
        }
    }
}

/// The cryptographic library failed to sign: nothing the person did, nothing in the list or the key.
public struct SigningFailed: ParleyError, Hashable {
    /// What the library said.
    public let detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var code: String { "signature.failed" }
    public var message: String { "the Ed25519 library could not sign: \(detail)" }
    public var remedy: String { "Try again; if it fails again, report it with the message above" }
}

/// A value quoted for an error message; a secret value is described by its length and never written out.
func quotedValue(_ value: String, secret: Bool = false) -> String {
    if secret { return "(\(value.count) characters, not shown: it is secret)" }
    let limit = 80
    return value.count > limit ? "'\(value.prefix(limit))…'" : "'\(value)'"
}
