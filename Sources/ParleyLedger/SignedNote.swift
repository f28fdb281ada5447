import Foundation
import ParleyCore

/// A text signed by one or more keys, in the C2SP signed-note format (c2sp.org/signed-note).
///
/// Parley's nodes publish their journal heads as checkpoints in this format and cosign each other's, so
/// that the checkpoints can be read, and cosigned, by any transparency-log witness as well:
///
///     parley/UA
///     1042
///     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
///
///     — parley/UA Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
public struct SignedNote: Hashable, Sendable {
    /// The text, ending in a newline; what the signatures sign (or, for a cosignature, the end of it).
    public let text: String
    /// The signature lines, in order.
    public var signatures: [NoteSignature]

    /// The most signatures a note read from elsewhere may carry; the format asks for at least 16.
    public static let maximumSignatures = 100

    public init(text: String, signatures: [NoteSignature] = []) throws(NoteError) {
        try Self.checkCharacters(text)
        guard text.hasSuffix("\n") else { throw .textWithoutFinalNewline }
        self.text = text
        self.signatures = signatures
    }

    /// Reads a note: its text, a blank line, and one or more signature lines.
    public init(parsing note: String) throws(NoteError) {
        try Self.checkCharacters(note)
        // The text ends at the last blank line; the note may hold blank lines before it.
        guard let split = note.range(of: "\n\n", options: .backwards) else { throw .noSignatures }
        let text = String(note[..<note.index(after: split.lowerBound)])
        let lines = note[split.upperBound...]
        guard !lines.isEmpty, lines.hasSuffix("\n") else { throw .noSignatures }
        var signatures: [NoteSignature] = []
        for line in lines.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard signatures.count < Self.maximumSignatures else { throw .tooManySignatures(Self.maximumSignatures) }
            signatures.append(try NoteSignature(line: String(line)))
        }
        try self.init(text: text, signatures: signatures)
    }

    /// The note as it is written: the text, a blank line, a line per signature.
    public var serialized: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    /// The keys among `keys` whose signatures on this note verify.
    ///
    /// Signatures from keys not in `keys` are ignored, as the format requires; a signature from a known
    /// key that does not verify refuses the whole note, and so does a note no known key signed.
    public func verified(by keys: [NoteKey]) throws(NoteError) -> [NoteKey] {
        var verified: [NoteKey] = []
        for signature in signatures {
            guard let key = keys.first(where: { $0.name == signature.name && $0.id == signature.keyID }) else { continue }
            guard key.isValid(signature, over: text) else { throw .signatureDoesNotVerify(name: key.name) }
            if !verified.contains(key) { verified.append(key) }
        }
        guard !verified.isEmpty else { throw .noKnownSignature(keys.map(\.name)) }
        return verified
    }

    /// Valid UTF-8 (a `String` is) with no control character but the newline: read as bytes, since a
    /// control character is one byte below 0x20, and a transmission's text may be megabytes.
    private static func checkCharacters(_ text: String) throws(NoteError) {
        var text = text
        let control = text.withUTF8 { bytes in bytes.first { $0 < 0x20 && $0 != 0x0A } }
        if let control { throw .controlCharacter(UInt32(control)) }
    }
}

/// One signature line of a note: `— <key name> base64(key ID || signature)`.
public struct NoteSignature: Hashable, Sendable {
    public let name: String
    /// The first four bytes of the signature, big-endian: which key of that name signed.
    public let keyID: UInt32
    /// The bytes after the key ID: an Ed25519 signature, or a timestamp and one for a cosignature.
    public let bytes: [UInt8]

    public init(name: String, keyID: UInt32, bytes: [UInt8]) throws(NoteError) {
        try NoteKey.checkName(name)
        self.name = name
        self.keyID = keyID
        self.bytes = bytes
    }

    /// Reads `— <key name> <base64>`, without the newline.
    init(line: String) throws(NoteError) {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else { throw .malformedSignatureLine(line) }
        let parts = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let data = Data(base64Encoded: String(parts[1])), data.count > 4,
            data.base64EncodedString() == parts[1]
        else { throw .malformedSignatureLine(line) }
        let bytes = Array(data)
        try self.init(name: String(parts[0]), keyID: bigEndian(bytes[0..<4]), bytes: Array(bytes[4...]))
    }

    /// The line, without its newline.
    public var line: String {
        "\u{2014} \(name) " + encodeBase64(bigEndianBytes(keyID, count: 4) + bytes)
    }
}

/// The kinds of note signature Parley makes and reads, by the type byte the format assigns them.
public enum NoteSignatureType: UInt8, Hashable, Sendable {
    /// An Ed25519 signature over the note's text: how a node signs its own checkpoints.
    case ed25519 = 0x01
    /// A timestamped Ed25519 cosignature of a checkpoint (c2sp.org/tlog-cosignature): how a witness signs.
    case cosignature = 0x04
}

/// A public key that verifies note signatures of one name and type; written as a verifier key (vkey),
/// `<name>+<hex key ID>+<base64 of type byte and key>`.
public struct NoteKey: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let type: NoteSignatureType
    public let publicKey: VerifyingKey

    public init(name: String, type: NoteSignatureType, publicKey: VerifyingKey) throws(NoteError) {
        try Self.checkName(name)
        self.name = name
        self.type = type
        self.publicKey = publicKey
    }

    /// Reads a verifier key, checking that its key ID is the one its name, type and key give.
    public init(vkey: String) throws(NoteError) {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 8, let id = UInt32(parts[1], radix: 16),
            parts[1] == parts[1].lowercased(), let data = Data(base64Encoded: String(parts[2])),
            data.base64EncodedString() == parts[2], data.count == 1 + VerifyingKey.byteCount,
            let type = NoteSignatureType(rawValue: data[data.startIndex]),
            let publicKey = try? VerifyingKey(bytes: Array(data.dropFirst()))
        else { throw .malformedKey(vkey) }
        try self.init(name: String(parts[0]), type: type, publicKey: publicKey)
        guard self.id == id else { throw .keyIDMismatch(vkey) }
    }

    /// `SHA-256(name || 0x0A || type || public key)[:4]`, as the format recommends and the cosignature
    /// format requires.
    public var id: UInt32 {
        let digest = Digest.sha256(Array(name.utf8) + [0x0A, type.rawValue] + publicKey.bytes)
        return bigEndian(digest.bytes[0..<4])
    }

    /// The verifier key, as a peer pastes it.
    public var vkey: String {
        name + "+" + hex(id) + "+" + encodeBase64([type.rawValue] + publicKey.bytes)
    }

    public var description: String { vkey }

    /// Whether `signature`, by this key, verifies over the note `text`.
    func isValid(_ signature: NoteSignature, over text: String) -> Bool {
        switch type {
        case .ed25519:
            guard let ed25519 = try? Signature(bytes: signature.bytes) else { return false }
            var text = text
            return text.withUTF8 { publicKey.isValidSignature(ed25519, for: UnsafeRawBufferPointer($0)) }
        case .cosignature:
            guard let cosignature = Cosignature(signature.bytes) else { return false }
            return publicKey.isValidSignature(
                cosignature.signature, for: Cosignature.message(checkpointText: text, timestamp: cosignature.timestamp))
        }
    }

    /// Non-empty, with no Unicode space and no plus.
    static func checkName(_ name: String) throws(NoteError) {
        guard !name.isEmpty, !name.contains("+"),
            !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
        else { throw .malformedKeyName(name) }
    }
}

/// A witness's timestamped signature of a checkpoint (c2sp.org/tlog-cosignature, Ed25519, v1): the
/// statement that, at `timestamp`, the checkpoint was the largest consistent one it had seen of that log.
public struct Cosignature: Hashable, Sendable {
    /// Seconds since 1970 (POSIX time) when the witness signed.
    public let timestamp: UInt64
    public let signature: Signature

    /// Reads the eight-byte big-endian timestamp and the 64-byte signature after a key ID.
    init?(_ bytes: [UInt8]) {
        guard bytes.count == 8 + Signature.byteCount, let signature = try? Signature(bytes: Array(bytes[8...])) else {
            return nil
        }
        let timestamp = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard timestamp <= UInt64(Int64.max) else { return nil }
        self.timestamp = timestamp
        self.signature = signature
    }

    init(timestamp: UInt64, signature: Signature) {
        self.timestamp = timestamp
        self.signature = signature
    }

    /// The bytes after the key ID in the signature line.
    var bytes: [UInt8] { bigEndianBytes(timestamp, count: 8) + signature.bytes }

    /// What a v1 cosignature signs: `cosignature/v1`, `time <timestamp>`, then the checkpoint's text.
    public static func message(checkpointText: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(checkpointText)".utf8)
    }
}

extension SigningKey {
    /// An Ed25519 note signature of `text` by this key under `name`.
    public func noteSignature(of text: String, name: String) throws -> NoteSignature {
        let key = try NoteKey(name: name, type: .ed25519, publicKey: verifyingKey)
        var text = text
        let signed = try text.withUTF8 { bytes throws(SigningFailed) in try signature(for: UnsafeRawBufferPointer(bytes)) }
        return try NoteSignature(name: name, keyID: key.id, bytes: signed.bytes)
    }

    /// A v1 cosignature of a checkpoint's text by this key under `name`, made at `timestamp`.
    public func cosignature(of checkpointText: String, name: String, timestamp: UInt64) throws -> NoteSignature {
        let key = try NoteKey(name: name, type: .cosignature, publicKey: verifyingKey)
        let signed = try signature(for: Cosignature.message(checkpointText: checkpointText, timestamp: timestamp))
        return try NoteSignature(
            name: name, keyID: key.id, bytes: Cosignature(timestamp: timestamp, signature: signed).bytes)
    }
}

/// Why a note, a note key or a signature line was refused.
public enum NoteError: ParleyError, Hashable {
    case controlCharacter(UInt32)
    case textWithoutFinalNewline
    case noSignatures
    case tooManySignatures(Int)
    case malformedSignatureLine(String)
    case malformedKeyName(String)
    case malformedKey(String)
    case keyIDMismatch(String)
    case signatureDoesNotVerify(name: String)
    case noKnownSignature([String])

    public var code: String {
        switch self {
        case .signatureDoesNotVerify, .noKnownSignature: "note.unverified"
        default: "note.malformed"
        }
    }

    public var message: String {
        switch self {
        case .controlCharacter(let value): "the note holds the control character U+\(hex(value, digits: 4))"
        case .textWithoutFinalNewline: "the note's text does not end in a newline"
        case .noSignatures: "the note has no signature lines after a blank line"
        case .tooManySignatures(let limit): "the note has more than \(limit) signatures"
        case .malformedSignatureLine(let line): "the signature line \(quoted(line)) is not `— <name> <base64>`"
        case .malformedKeyName(let name): "the key name \(quoted(name)) is empty or holds a space or a plus"
        case .malformedKey(let vkey): "\(quoted(vkey)) is not a verifier key `<name>+<8 hex digits>+<base64>`"
        case .keyIDMismatch(let vkey): "the key ID in \(quoted(vkey)) is not the one its name and key give"
        case .signatureDoesNotVerify(let name): "the signature of \(name) on the note does not verify"
        case .noKnownSignature(let names):
            "the note carries no signature by \(names.isEmpty ? "any trusted key" : names.joined(separator: " or "))"
        }
    }

    public var remedy: String {
        switch self {
        case .signatureDoesNotVerify: "The note was changed after it was signed, or signed by another key; do not trust it"
        case .noKnownSignature: "Ask its sender for a note signed by their registered key, or register that key"
        case .malformedKey, .keyIDMismatch: "Paste the key exactly as its owner printed it"
        default: "The note was damaged on its way; ask for it again"
        }
    }
}

/// The number that `bytes` (at most eight) write, most significant first.
private func bigEndian<Bytes: Collection<UInt8>, Value: FixedWidthInteger>(_ bytes: Bytes) -> Value {
    bytes.reduce(Value.zero) { $0 << 8 | Value($1) }
}

/// `value` as `count` bytes, most significant first.
private func bigEndianBytes(_ value: some FixedWidthInteger, count: Int) -> [UInt8] {
    (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}

/// `value` in lowercase hexadecimal, zero-padded to `digits`.
private func hex(_ value: UInt32, digits: Int = 8) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// `text` in quotes, cut short when long.
private func quoted(_ text: String) -> String {
    "\"\(text.count > 80 ? text.prefix(80) + "…" : Substring(text))\""
}
