import ParleyCore

/// A node as its peers know it, printed by `parley node init` as one line that a peer pastes into
/// `parley peer add`:
///
///     parley-node/1 UA party UA parley/UA+1a2b3c4d+AQ…= age1…
///
/// the node's code, its kind, the parties it speaks for (`-` for none), the verifier key of its node key
/// (which signs its transmissions, receipts and checkpoints) and the age recipient of its encryption key
/// (to which files carried by hand are encrypted).
public struct NodeIdentity: Hashable, Sendable, CustomStringConvertible {
    public static let header = "parley-node/1"

    public let node: Node
    public let key: NoteKey
    public let recipient: AgeRecipient

    public init(node: Node, key: NoteKey, recipient: AgeRecipient) throws(NodeIdentityError) {
        guard key.name == Self.keyName(of: node.code), key.type == .ed25519 else {
            throw .keyNameMismatch(key: key.name, expected: Self.keyName(of: node.code))
        }
        self.node = node
        self.key = key
        self.recipient = recipient
    }

    /// The name a node signs under, which is also its journal's checkpoint origin: `parley/<code>`.
    public static func keyName(of code: Party.Code) -> String { CheckpointNote.origin(ofNode: code.rawValue) }

    /// Reads an identity line.
    public init(line: String) throws(NodeIdentityError) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 6, words[0] == Self.header else { throw .malformed(line) }
        let code: Party.Code
        do {
            code = try Party.validCode(words[1])
        } catch {
            throw .invalidField(field: "code", value: words[1], problem: error.message)
        }
        guard let kind = NodeKind(rawValue: words[2]) else {
            throw .invalidField(
                field: "kind", value: words[2], problem: "a node is \(NodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var speaksFor: Set<Party.Code> = []
        if words[3] != "-" {
            for text in words[3].split(separator: ",") {
                do {
                    speaksFor.insert(try Party.validCode(String(text)))
                } catch {
                    throw .invalidField(field: "speaks for", value: String(text), problem: error.message)
                }
            }
        }
        let key: NoteKey
        do {
            key = try NoteKey(vkey: words[4])
        } catch {
            throw .invalidField(field: "node key", value: words[4], problem: error.message)
        }
        let recipient: AgeRecipient
        do {
            recipient = try AgeRecipient(parsing: words[5])
        } catch {
            throw .invalidField(field: "encryption key", value: words[5], problem: error.message)
        }
        try self.init(node: Node(code: code, kind: kind, speaksFor: speaksFor), key: key, recipient: recipient)
    }

    /// The one line, as ``init(line:)`` reads it.
    public var line: String {
        let speaks = node.speaksFor.isEmpty ? "-" : node.speaksFor.map(\.rawValue).sorted().joined(separator: ",")
        return [Self.header, node.code.rawValue, node.kind.rawValue, speaks, key.vkey, recipient.encoded]
            .joined(separator: " ")
    }

    public var description: String { line }
}

/// Why an identity line was refused.
public enum NodeIdentityError: ParleyError, Hashable {
    case malformed(String)
    case invalidField(field: String, value: String, problem: String)
    case keyNameMismatch(key: String, expected: String)

    public var code: String { "node.identity.invalid" }

    public var message: String {
        switch self {
        case .malformed(let line):
            "\"\(line.prefix(80))\" is not a node identity: \(NodeIdentity.header), code, kind, parties, node key, encryption key"
        case .invalidField(let field, let value, let problem):
            "the identity's \(field) \"\(value.prefix(80))\" is invalid: \(problem)"
        case .keyNameMismatch(let key, let expected): "the identity's node key is named \(key), not \(expected)"
        }
    }

    public var remedy: String { "Paste the whole line exactly as `parley node init` printed it on the peer" }
}
