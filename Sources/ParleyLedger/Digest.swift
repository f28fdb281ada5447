import Foundation

/// A SHA-256 digest.
///
/// The ledger names every frozen list, journal entry and Merkle node by one of these. It is encoded as 64
/// lowercase hexadecimal characters wherever it leaves the process (`Codable`, ``description``), and ordered
/// by its bytes so that sorted sets of digests come out the same on every machine.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The 32 bytes as four words, each read big-endian, so that comparing the words in order compares the
    /// bytes in order; held inline, so that a digest is a value that needs no allocation.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes of the digest.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Wraps 32 bytes as a digest; `nil` unless `bytes` holds exactly 32.
    public init?(bytes: [UInt8]) {
        guard let digest = bytes.withUnsafeBytes({ Digest($0) }) else { return nil }
        self = digest
    }

    /// Copies 32 bytes, as a database column or a hash function gives them; `nil` unless there are exactly 32.
    public init?(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count == Self.byteCount else { return nil }
        func word(_ offset: Int) -> UInt64 { UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        words = (word(0), word(8), word(16), word(24))
    }

    /// Calls `body` with the digest's 32 bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian), body)
    }

    /// Whether `buffer` holds exactly this digest's 32 bytes.
    public func matches(_ buffer: UnsafeRawBufferPointer) -> Bool {
        Digest(buffer) == self
    }

    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Reads 64 hexadecimal characters, lowercase or uppercase; `nil` for any other text.
    public init?(hex: String) {
        let utf8 = hex.utf8
        guard utf8.count == Self.byteCount * 2 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.byteCount)
        var high: UInt8?
        for character in utf8 {
            guard let nibble = Self.nibble(character) else { return nil }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        self.init(trustedBytes: bytes)
    }

    /// Wraps bytes already known to be 32 long: the hashing paths in this module.
    init(trustedBytes bytes: [UInt8]) {
        guard let digest = Digest(bytes: bytes) else { preconditionFailure("a SHA-256 digest has 32 bytes") }
        self = digest
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public var hex: String {
        var characters = [UInt8]()
        characters.reserveCapacity(Self.byteCount * 2)
        appendHex(to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }

    /// Appends the 64 lowercase hexadecimal characters of ``hex`` to `output`, without making a string.
    public func appendHex(to output: inout [UInt8]) {
        withUnsafeBytes { Self.appendHex(of: $0, to: &output) }
    }

    /// Appends any bytes as lowercase hexadecimal, two characters a byte: how digests are written.
    public static func appendHex(of bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        output.append(bound: CanonicalByteWriter.hexBound(bytes.count)) { $0.hex(bytes) }
    }

    /// The digest as 64 lowercase hexadecimal characters, as ``hex``.
    public var description: String { hex }

    /// The SHA-256 digest of `data`.
    public static func sha256(_ data: some DataProtocol) -> Digest {
        if let digest = data.withContiguousStorageIfAvailable({ sha256(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(data).withUnsafeBytes { sha256($0) }
    }

    /// The SHA-256 digest of a text's UTF-8 bytes, read in place: a transmission's text may be megabytes.
    public static func sha256(utf8 text: String) -> Digest {
        var text = text
        return text.withUTF8 { sha256(UnsafeRawBufferPointer($0)) }
    }

    /// The SHA-256 digest of the bytes in `buffer`, read in place.
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> Digest {
        SHA256Implementation.fastest.digest(head: UnsafeRawBufferPointer(start: nil, count: 0), body: buffer)
    }

    /// The SHA-256 digest of the byte `prefix` followed by the bytes in `buffer`, read in place: how the
    /// Merkle tree hashes its leaves and nodes.
    static func sha256(prefix: UInt8, _ buffer: UnsafeRawBufferPointer) -> Digest {
        Swift.withUnsafeBytes(of: prefix) { SHA256Implementation.fastest.digest(head: $0, body: buffer) }
    }

    /// Thirty-two zero bytes: the "previous" digest of the first journal entry.
    public static let zero = Digest(trustedBytes: [UInt8](repeating: 0, count: byteCount))

    /// Orders digests by their bytes, the first byte most significant.
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3) < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3)
    }

    /// Decodes a digest from a string of 64 hexadecimal characters.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a SHA-256 digest as 64 hexadecimal characters, found \(text.count)"
            )
        }
        self = digest
    }

    /// Encodes the digest as a string of 64 lowercase hexadecimal characters.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    /// Copies 32 bytes that a hash function wrote.
    init(trustedBuffer buffer: UnsafeRawBufferPointer) {
        guard let digest = Digest(buffer) else { preconditionFailure("a SHA-256 digest has 32 bytes") }
        self = digest
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
