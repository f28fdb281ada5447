import Foundation
import ParleyCore

/// A journal head as a transparency-log checkpoint (c2sp.org/tlog-checkpoint): the note text that a node
/// signs and its peers cosign.
///
///     parley/UA                                     the origin: the log, one per node
///     1042                                          the tree size: entries in the journal
///     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=  the RFC 9162 Merkle root, base64
public struct CheckpointNote: Hashable, Sendable {
    public let origin: String
    public let size: Int64
    public let root: Digest
    /// Lines after the root: allowed by the format, not written by Parley.
    public let extensions: [String]

    public init(origin: String, size: Int64, root: Digest, extensions: [String] = []) throws(CheckpointError) {
        guard !origin.isEmpty, !origin.contains("\n") else { throw .malformedOrigin(origin) }
        guard size >= 0 else { throw .malformedSize(String(size)) }
        guard extensions.allSatisfy({ !$0.isEmpty && !$0.contains("\n") }) else { throw .emptyExtensionLine }
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// Reads a checkpoint's note text.
    public init(text: String) throws(CheckpointError) {
        guard text.hasSuffix("\n") else { throw .tooFewLines }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .tooFewLines }
        // The size in decimal with no leading zero, and no sign.
        guard let size = Int64(lines[1]), size >= 0, String(size) == lines[1] else { throw .malformedSize(lines[1]) }
        guard let bytes = Data(base64Encoded: lines[2]), bytes.base64EncodedString() == lines[2],
            let root = Digest(bytes: Array(bytes))
        else { throw .malformedRoot(lines[2]) }
        try self.init(origin: lines[0], size: size, root: root, extensions: Array(lines[3...]))
    }

    /// The note text: origin, size and root, each on its line, then any extension lines.
    public var text: String {
        ([origin, String(size), Data(root.bytes).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// The origin of a Parley node's journal: `parley/<node code>`.
    public static func origin(ofNode code: String) -> String { "parley/\(code)" }
}

/// Why a checkpoint's text was refused.
public enum CheckpointError: ParleyError, Hashable {
    case tooFewLines
    case malformedOrigin(String)
    case malformedSize(String)
    case malformedRoot(String)
    case emptyExtensionLine

    public var code: String { "checkpoint.malformed" }

    public var message: String {
        switch self {
        case .tooFewLines: "a checkpoint has an origin, a size and a root hash, each on a line ending in a newline"
        case .malformedOrigin(let origin): "the checkpoint's origin \"\(origin)\" is empty or spans lines"
        case .malformedSize(let size): "the checkpoint's size \"\(size)\" is not a whole number written without leading zeros"
        case .malformedRoot(let root): "the checkpoint's root \"\(root)\" is not the base64 of 32 bytes"
        case .emptyExtensionLine: "a checkpoint's extension lines must not be empty"
        }
    }

    public var remedy: String { "The checkpoint was damaged or is not a journal head; ask its node for it again" }
}
