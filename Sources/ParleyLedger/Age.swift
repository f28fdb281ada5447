import Crypto
import Foundation
import ParleyCore

/// Files encrypted in the age v1 format (c2sp.org/age) to X25519 recipients: what a node's person data
/// travels in when it is carried by hand, and what a backup is written in, so that the standard `age`
/// tool can open either with the node's identity file in an emergency.
///
/// A file key of 16 random bytes is wrapped for each recipient in the header, which ends in an HMAC; the
/// payload is encrypted with ChaCha20-Poly1305 in 64 KiB chunks (age's STREAM), each bound to its
/// position and the last marked as last, so that no chunk can be cut, moved or added unseen.
public enum Age {
    /// The first line of every age v1 file.
    static let versionLine = "age-encryption.org/v1"
    /// The plaintext bytes of one payload chunk.
    static let chunkSize = 64 * 1024
    static let tagSize = 16

    /// Encrypts `plaintext` to `recipients`, handing the file to `write` in pieces: the header, then each
    /// chunk as it is sealed.
    public static func encrypt(
        _ plaintext: UnsafeRawBufferPointer, to recipients: [AgeRecipient], write: ([UInt8]) throws -> Void
    ) throws {
        precondition(!recipients.isEmpty, "an age file needs at least one recipient")
        let fileKey = SymmetricKey(size: .bits128)
        var header = versionLine + "\n"
        for recipient in recipients {
            header += try recipient.stanza(wrapping: fileKey).text
        }
        header += "---"
        let mac = HMAC<SHA256>.authenticationCode(for: Array(header.utf8), using: headerKey(fileKey))
        header += " " + unpaddedBase64(Array(mac)) + "\n"
        let nonce = (0..<16).map { _ in UInt8.random(in: 0...255) }
        try write(Array(header.utf8) + nonce)
        let key = payloadKey(fileKey, nonce: nonce)
        var counter: UInt64 = 0
        var start = 0
        repeat {
            let end = min(start + chunkSize, plaintext.count)
            let isLast = end == plaintext.count
            let sealed = try ChaChaPoly.seal(
                UnsafeRawBufferPointer(rebasing: plaintext[start..<end]), using: key,
                nonce: chunkNonce(counter, isLast: isLast))
            try write(Array(sealed.ciphertext) + Array(sealed.tag))
            counter += 1
            start = end
        } while start < plaintext.count
    }

    /// Encrypts `plaintext` to `recipients` into one array.
    public static func encrypt(_ plaintext: [UInt8], to recipients: [AgeRecipient]) throws -> [UInt8] {
        var file: [UInt8] = []
        try plaintext.withUnsafeBytes { bytes in try encrypt(bytes, to: recipients) { file += $0 } }
        return file
    }

    /// Decrypts an age file with the first of `identities` that a stanza of its header was made for,
    /// handing the plaintext to `write` a chunk at a time; nothing is handed over from a chunk that does
    /// not verify, and the file is refused if it ends without a last chunk.
    public static func decrypt(
        _ file: UnsafeRawBufferPointer, with identities: [AgeIdentity], write: ([UInt8]) throws -> Void
    ) throws {
        let header = try AgeHeader(parsing: file)
        var fileKey: SymmetricKey?
        for stanza in header.stanzas where stanza.type == AgeRecipient.stanzaType {
            for identity in identities {
                if let key = try identity.unwrap(stanza) {
                    fileKey = key
                    break
                }
            }
            if fileKey != nil { break }
        }
        guard let fileKey else { throw AgeError.noIdentityMatches }
        let expected = HMAC<SHA256>.authenticationCode(for: Array(header.macInput.utf8), using: headerKey(fileKey))
        guard Array(expected) == header.mac else { throw AgeError.headerMAC }
        let payload = UnsafeRawBufferPointer(rebasing: file[header.length...])
        guard payload.count >= 16 else { throw AgeError.malformedHeader("the payload's nonce is missing or short") }
        let key = payloadKey(fileKey, nonce: Array(payload[0..<16]))
        let chunks = UnsafeRawBufferPointer(rebasing: payload[16...])
        var counter: UInt64 = 0
        var start = 0
        while true {
            let remaining = chunks.count - start
            guard remaining > 0 else { throw AgeError.payload("the file ends without its last chunk") }
            let length = min(remaining, chunkSize + tagSize)
            guard length >= tagSize else { throw AgeError.payload("chunk \(counter + 1) is shorter than its tag") }
            let isLast = start + length == chunks.count
            let chunk = UnsafeRawBufferPointer(rebasing: chunks[start..<(start + length)])
            let plaintext: [UInt8]
            do {
                let box = try ChaChaPoly.SealedBox(
                    nonce: chunkNonce(counter, isLast: isLast), ciphertext: chunk.prefix(length - tagSize),
                    tag: chunk.suffix(tagSize))
                plaintext = Array(try ChaChaPoly.open(box, using: key))
            } catch {
                throw AgeError.payload(
                    isLast
                        ? "the last chunk (\(counter + 1)) does not verify: the file was cut short, extended or changed"
                        : "chunk \(counter + 1) does not verify: the file was changed")
            }
            if isLast, plaintext.isEmpty, counter > 0 { throw AgeError.payload("the last chunk is empty") }
            try write(plaintext)
            if isLast { return }
            counter += 1
            start += length
        }
    }

    /// Decrypts an age file into one array.
    public static func decrypt(_ file: [UInt8], with identities: [AgeIdentity]) throws -> [UInt8] {
        var plaintext: [UInt8] = []
        try file.withUnsafeBytes { bytes in try decrypt(bytes, with: identities) { plaintext += $0 } }
        return plaintext
    }

    // MARK: - Keys and nonces

    private static func headerKey(_ fileKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8), outputByteCount: 32)
    }

    private static func payloadKey(_ fileKey: SymmetricKey, nonce: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: nonce, info: Array("payload".utf8), outputByteCount: 32)
    }

    /// An 11-byte big-endian chunk counter and a last-chunk flag.
    static func chunkNonce(_ counter: UInt64, isLast: Bool) -> ChaChaPoly.Nonce {
        let bytes = [0, 0, 0] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: counter >> ($0 * 8)) } + [isLast ? 1 : 0]
        // Twelve bytes are always a valid nonce.
        guard let nonce = try? ChaChaPoly.Nonce(data: bytes) else { preconditionFailure("a 12-byte ChaCha20 nonce") }
        return nonce
    }

    /// Standard base64 without padding, as age writes everything.
    static func unpaddedBase64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of canonical unpadded base64, or `nil` for anything else (padding, stray bits, other characters).
    static func bytes(unpaddedBase64 text: Substring) -> [UInt8]? {
        guard !text.contains("="), text.utf8.allSatisfy({ isBase64Character($0) }) else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: padded), unpaddedBase64(Array(data)) == text else { return nil }
        return Array(data)
    }

    static func isBase64Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"):
            true
        default: false
        }
    }
}

/// One recipient stanza of an age header: its type, its other arguments and its body.
struct AgeStanza: Hashable, Sendable {
    let type: String
    let arguments: [String]
    let body: [UInt8]

    /// The stanza as the header writes it: the argument line, then the body in base64 lines of 64 characters,
    /// the last shorter (and empty when the body fills the lines before it).
    var text: String {
        var lines = ["-> " + ([type] + arguments).joined(separator: " ")]
        let encoded = Array(Age.unpaddedBase64(body).utf8)
        var start = 0
        repeat {
            let end = min(start + 64, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        } while start < encoded.count
        if encoded.count % 64 == 0 && !encoded.isEmpty { lines.append("") }
        return lines.map { $0 + "\n" }.joined()
    }
}

/// An age header: its stanzas and MAC, and where the payload begins.
struct AgeHeader {
    var stanzas: [AgeStanza]
    /// The header up to and including `---`: what the MAC is computed over.
    var macInput: String
    var mac: [UInt8]
    /// The header's length in bytes, newline after the MAC included.
    var length: Int
}

extension AgeHeader {
    /// Reads the header at the start of `file`.
    init(parsing file: UnsafeRawBufferPointer) throws(AgeError) {
        var position = 0
        /// The next line without its newline; only printable ASCII is allowed in a header.
        func line() throws(AgeError) -> String {
            guard let end = file[position...].firstIndex(of: 0x0A) else { throw .malformedHeader("a header line has no end") }
            let bytes = file[position..<end]
            guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw .malformedHeader("a header line holds a character that is not printable ASCII")
            }
            position = end + 1
            return String(decoding: bytes, as: UTF8.self)
        }
        guard try line() == Age.versionLine else { throw .malformedHeader("it is not an age v1 file") }
        var stanzas: [AgeStanza] = []
        while true {
            let start = position
            let next = try line()
            if next.hasPrefix("---") {
                guard next.hasPrefix("--- "), !stanzas.isEmpty else { throw .malformedHeader("the MAC line is malformed") }
                let encoded = next.dropFirst(4)
                guard encoded.count == 43, let mac = Age.bytes(unpaddedBase64: encoded), mac.count == 32 else {
                    throw .malformedHeader("the MAC is not 32 bytes of canonical base64")
                }
                let macInput = String(decoding: file[0..<(start + 3)], as: UTF8.self)
                self.init(stanzas: stanzas, macInput: macInput, mac: mac, length: position)
                return
            }
            guard next.hasPrefix("-> ") else { throw .malformedHeader("a line is neither a stanza nor the MAC") }
            let arguments = next.dropFirst(3).split(separator: " ", omittingEmptySubsequences: false)
            guard let type = arguments.first, arguments.allSatisfy({ !$0.isEmpty }) else {
                throw .malformedHeader("a stanza has an empty argument")
            }
            var body: [UInt8] = []
            var encoded = ""
            while true {
                let bodyLine = try line()
                guard bodyLine.count <= 64, bodyLine.utf8.allSatisfy(Age.isBase64Character) else {
                    throw .malformedHeader("a stanza's body line is not base64 of at most 64 characters")
                }
                encoded += bodyLine
                if bodyLine.count < 64 { break }
            }
            guard let decoded = Age.bytes(unpaddedBase64: Substring(encoded)) else {
                throw .malformedHeader("a stanza's body is not canonical base64")
            }
            body = decoded
            stanzas.append(AgeStanza(type: String(type), arguments: arguments.dropFirst().map(String.init), body: body))
        }
    }
}

/// An X25519 recipient: the public key that a file can be encrypted to, written `age1…`.
public struct AgeRecipient: Hashable, Sendable, CustomStringConvertible {
    static let stanzaType = "X25519"
    static let wrapInfo = Array("age-encryption.org/v1/X25519".utf8)

    let key: Curve25519.KeyAgreement.PublicKey

    public init(_ key: Curve25519.KeyAgreement.PublicKey) {
        self.key = key
    }

    /// Reads `age1…`.
    public init(parsing text: String) throws(AgeError) {
        guard let (hrp, bytes) = Bech32.decode(text), hrp == "age", text == text.lowercased(),
            let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: bytes)
        else { throw .invalidKey("\"\(text.prefix(80))\" is not an age X25519 recipient (age1…)") }
        self.key = key
    }

    /// `age1…`, as the age tool writes a recipient.
    public var encoded: String { Bech32.encode(hrp: "age", Array(key.rawRepresentation)) }
    public var description: String { encoded }

    public static func == (lhs: AgeRecipient, rhs: AgeRecipient) -> Bool { lhs.encoded == rhs.encoded }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }

    /// A stanza wrapping `fileKey` for this recipient, with a new ephemeral key.
    func stanza(wrapping fileKey: SymmetricKey) throws -> AgeStanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        let wrapKey = try ephemeral.sharedSecretFromKeyAgreement(with: key).hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: share + Array(key.rawRepresentation), sharedInfo: Self.wrapInfo, outputByteCount: 32)
        let sealed = try ChaChaPoly.seal(
            fileKey.withUnsafeBytes { Array($0) }, using: wrapKey, nonce: ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))
        )
        return AgeStanza(
            type: Self.stanzaType, arguments: [Age.unpaddedBase64(share)], body: Array(sealed.ciphertext) + Array(sealed.tag))
    }
}

/// An X25519 identity: the private key that opens files encrypted to its recipient, written
/// `AGE-SECRET-KEY-1…` as the age tool writes it, so that `age -d -i` can use the same file.
public struct AgeIdentity: Sendable {
    let key: Curve25519.KeyAgreement.PrivateKey

    /// A new identity from the system's secure random generator.
    public init() {
        key = Curve25519.KeyAgreement.PrivateKey()
    }

    /// Reads `AGE-SECRET-KEY-1…`.
    public init(parsing text: String) throws(AgeError) {
        guard let (hrp, bytes) = Bech32.decode(text), hrp == "age-secret-key-", text == text.uppercased(),
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: bytes)
        else { throw .invalidKey("the text is not an age X25519 identity (AGE-SECRET-KEY-1…)") }
        self.key = key
    }

    /// `AGE-SECRET-KEY-1…`: the whole secret.
    public var encoded: String { Bech32.encode(hrp: "age-secret-key-", Array(key.rawRepresentation)).uppercased() }

    /// The recipient that files for this identity are encrypted to.
    public var recipient: AgeRecipient { AgeRecipient(key.publicKey) }

    /// The file key, if `stanza` was made for this identity; `nil` if it was made for another.
    func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SymmetricKey? {
        guard stanza.arguments.count == 1, let share = Age.bytes(unpaddedBase64: Substring(stanza.arguments[0])),
            share.count == 32, let ephemeral = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: share)
        else { throw .malformedHeader("an X25519 stanza's arguments are not one 32-byte share") }
        guard stanza.body.count == 32 else { throw .malformedHeader("an X25519 stanza's body is not 32 bytes") }
        let secret: SharedSecret
        do {
            secret = try key.sharedSecretFromKeyAgreement(with: ephemeral)
        } catch {
            throw .malformedHeader("an X25519 stanza's share is a low-order point")
        }
        guard secret.withUnsafeBytes({ $0.contains { $0 != 0 } }) else {
            throw .malformedHeader("an X25519 stanza's share is a low-order point")
        }
        let wrapKey = secret.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: share + Array(key.publicKey.rawRepresentation), sharedInfo: AgeRecipient.wrapInfo,
            outputByteCount: 32)
        guard let box = try? ChaChaPoly.SealedBox(combined: [UInt8](repeating: 0, count: 12) + stanza.body),
            let fileKey = try? ChaChaPoly.open(box, using: wrapKey)
        else { return nil }
        guard fileKey.count == 16 else { throw .malformedHeader("the wrapped file key is not 16 bytes") }
        return SymmetricKey(data: fileKey)
    }
}

/// Why an age file could not be opened, or a key read; nothing of the file is handed over.
public enum AgeError: ParleyError, Hashable {
    case malformedHeader(String)
    case headerMAC
    case noIdentityMatches
    case payload(String)
    case invalidKey(String)

    public var code: String {
        switch self {
        case .malformedHeader: "age.header"
        case .headerMAC: "age.header-mac"
        case .noIdentityMatches: "age.no-identity"
        case .payload: "age.payload"
        case .invalidKey: "age.key"
        }
    }

    public var message: String {
        switch self {
        case .malformedHeader(let problem): "the encrypted file's header is malformed: \(problem)"
        case .headerMAC: "the encrypted file's header was changed after it was written"
        case .noIdentityMatches: "the file was not encrypted to this key"
        case .payload(let problem): "the encrypted file does not verify: \(problem)"
        case .invalidKey(let problem): problem
        }
    }

    public var remedy: String {
        switch self {
        case .noIdentityMatches: "Open it with the identity of the node it was sent to, or ask the sender to encrypt it to yours"
        case .invalidKey: "Give the key exactly as `parley node init` or `age-keygen` wrote it"
        default: "The file is damaged or was tampered with; ask for it again, and do not use any part of it"
        }
    }
}
