import Foundation
import ParleyCore

/// What authenticates one request of the federation API: a signed note, by the sending node's key, naming
/// the sender, the node it is for, when it was made and the SHA-256 of the body it comes with:
///
///     parley-request/1
///     from UA
///     to ICRC
///     at 1764940000
///     body 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
///
///     — parley/UA <base64 of key ID and Ed25519 signature>
///
/// It travels in the ``headerName`` header, base64, since a note has several lines. The body is what
/// the request carries (a carry file encrypted to the node it is for), so a request cannot be given
/// another body, sent to another node, or replayed outside ``window`` of the time it names.
public struct PeerRequest: Hashable, Sendable {
    public static let header = "parley-request/1"
    /// The HTTP header the signed request travels in.
    public static let headerName = "Parley-Request"
    /// How far, in seconds, the request's time may be from the receiver's clock, either way.
    public static let window: UInt64 = 300

    public let from: Party.Code
    public let to: Party.Code
    /// Seconds since 1970, UTC, when the sender made the request.
    public let at: UInt64
    /// The SHA-256 of the request's body.
    public let body: Digest

    public init(from: Party.Code, to: Party.Code, at: UInt64, body: Digest) {
        self.from = from
        self.to = to
        self.at = at
        self.body = body
    }

    /// The note text the sender signs.
    public var text: String {
        "\(Self.header)\nfrom \(from.rawValue)\nto \(to.rawValue)\nat \(at)\nbody \(body.hex)\n"
    }

    /// The header's value: the note signed by the sender's node key, in base64.
    public func signed(with key: SigningKey) throws -> String {
        let note = try SignedNote(
            text: text, signatures: [key.noteSignature(of: text, name: NodeIdentity.keyName(of: from))])
        return Data(note.serialized.utf8).base64EncodedString()
    }

    /// Reads a request's header and checks it: its form, that it is for `recipient`, that a registered
    /// peer's key signed it, that it was made within ``window`` of `now`, and that it names `body`.
    ///
    /// - Parameter peerKey: the registered node key of a sender, or `nil` for one that is not a peer.
    public init(
        verifying value: String, to recipient: Party.Code, body: Digest, now: UInt64, peerKey: (Party.Code) -> NoteKey?
    ) throws(PeerRequestError) {
        guard let decoded = Data(base64Encoded: value), let noteText = String(data: decoded, encoding: .utf8),
            let note = try? SignedNote(parsing: noteText)
        else { throw .malformed("the \(Self.headerName) header is not a base64 signed note") }
        let lines = note.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func field(_ index: Int, _ name: String) throws(PeerRequestError) -> String {
            let prefix = name + " "
            guard index < lines.count, lines[index].hasPrefix(prefix) else {
                throw .malformed("line \(index + 1) of the request is not `\(name) …`")
            }
            return String(lines[index].dropFirst(prefix.count))
        }
        guard lines.count == 6, lines[0] == Self.header, lines[5].isEmpty else {
            throw .malformed("the request is not \(Self.header) with from, to, at and body")
        }
        let from = Party.Code(rawValue: try field(1, "from"))
        let to = Party.Code(rawValue: try field(2, "to"))
        guard let at = UInt64(try field(3, "at")) else { throw .malformed("the request's time is not a whole number") }
        guard let digest = Digest(hex: try field(4, "body")) else {
            throw .malformed("the request's body digest is not 64 hexadecimal digits")
        }
        guard to == recipient else { throw .notForThisNode(to: to, this: recipient) }
        guard let key = peerKey(from) else { throw .unknownPeer(from) }
        do {
            _ = try note.verified(by: [key])
        } catch {
            throw .badSignature(from)
        }
        guard (at > now ? at - now : now - at) <= Self.window else { throw .outsideWindow(at: at, now: now) }
        guard digest == body else { throw .bodyChanged }
        self.init(from: from, to: to, at: at, body: digest)
    }
}

/// Why a request of the federation API was refused; nothing of its body was read.
public enum PeerRequestError: ParleyError, Hashable {
    case missing
    case malformed(String)
    case notForThisNode(to: Party.Code, this: Party.Code)
    case unknownPeer(Party.Code)
    case badSignature(Party.Code)
    case outsideWindow(at: UInt64, now: UInt64)
    case bodyChanged

    public var code: String {
        switch self {
        case .missing, .malformed: "request.malformed"
        case .notForThisNode: "request.misaddressed"
        case .unknownPeer: "request.unknown-peer"
        case .badSignature: "request.unsigned"
        case .outsideWindow: "request.stale"
        case .bodyChanged: "request.body-changed"
        }
    }

    public var message: String {
        switch self {
        case .missing: "the request has no \(PeerRequest.headerName) header: it is not signed by a node"
        case .malformed(let problem): problem
        case .notForThisNode(let to, let this): "the request is for \(to.rawValue), not for this node, \(this.rawValue)"
        case .unknownPeer(let code): "\(code.rawValue) is not a registered peer of this node"
        case .badSignature(let code): "the request is not signed by \(code.rawValue)'s node key"
        case .outsideWindow(let at, let now):
            "the request was made at \(at), more than \(PeerRequest.window) seconds from this node's clock (\(now))"
        case .bodyChanged: "the request's body is not the one its signature names"
        }
    }

    public var remedy: String {
        switch self {
        case .missing, .malformed, .bodyChanged: "Send requests with `parley sync`, which signs each"
        case .notForThisNode: "Check the peer's address in `parley peer list`: it reaches another node"
        case .unknownPeer: "Register the node with `parley peer add` on this node, if it should be trusted"
        case .badSignature: "The request was forged or changed on its way; check the peer's identity line"
        case .outsideWindow: "Set both machines' clocks right (UTC), then sync again"
        }
    }
}
