import Crypto
import Foundation

/// A SHA-256 digest.
///
/// The ledger names every frozen list, journal entry and Merkle node by one of these. It is encoded as 64
/// lowercase hexadecimal characters wherever it leaves the process (`Codable`, ``description``), and ordered
/// by its bytes so that sorted sets of digests come out the same on every machine.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// Wraps 32 bytes as a digest; `nil` unless `bytes` holds exactly 32.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
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
        self.bytes = bytes
    }

    /// Wraps bytes already known to be 32 long: the hashing paths in this module.
    init(trustedBytes bytes: [UInt8]) {
        assert(bytes.count == Self.byteCount, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
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
        for byte in bytes {
            output.append(Self.hexDigits[Int(byte >> 4)])
            output.append(Self.hexDigits[Int(byte & 0x0f)])
        }
    }

    /// The digest as 64 lowercase hexadecimal characters, as ``hex``.
    public var description: String { hex }

    /// The SHA-256 digest of `data`.
    public static func sha256(_ data: some DataProtocol) -> Digest {
        Digest(SHA256.hash(data: data))
    }

    /// Thirty-two zero bytes: the "previous" digest of the first journal entry.
    public static let zero = Digest(trustedBytes: [UInt8](repeating: 0, count: byteCount))

    /// Orders digests by their bytes, the first byte most significant.
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
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

    /// Copies a swift-crypto digest.
    init(_ digest: SHA256.Digest) {
        self.init(trustedBytes: digest.withUnsafeBytes { Array($0) })
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
