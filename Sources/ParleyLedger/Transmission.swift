import Foundation
import ParleyCore

/// One message from one Parley node to another: sequenced per (sender, recipient), self-describing, and
/// signed by the sender's node key as a C2SP signed note, so that one signature format serves the journal's
/// checkpoints and everything that travels.
///
/// The note's text is a header line and one line of RFC 8785 canonical JSON, which escapes every control
/// character, so the text is a valid note:
///
///     parley-transmission/1
///     {"created_at":"…","digests":["…"],"kind":"records","payload":{…},"recipient":"ICRC","sender":"UA","sequence":17}
///
///     — parley/UA <base64 of key ID and Ed25519 signature>
///
/// `digests` holds the SHA-256 of each record's canonical state in the payload, in order: the digest the
/// sender's journal holds for it, which the recipient recomputes before anything is written.
public struct Transmission: Hashable, Sendable {
    /// The first line of every transmission's text.
    public static let header = "parley-transmission/1"

    public let sender: Party.Code
    public let recipient: Party.Code
    /// 1 for the first transmission from `sender` to `recipient`, then one more for each.
    public let sequence: Int64
    public let kind: TransmissionKind
    /// When the sender made it, as the journal writes times (UTC, ISO 8601).
    public let createdAt: String
    public let payload: CanonicalJSON
    /// The SHA-256 of each record's canonical state that the payload carries, in payload order.
    public let digests: [Digest]

    public init(
        sender: Party.Code, recipient: Party.Code, sequence: Int64, kind: TransmissionKind, createdAt: String,
        payload: CanonicalJSON, digests: [Digest] = []
    ) {
        self.sender = sender
        self.recipient = recipient
        self.sequence = sequence
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
        self.digests = digests
    }

    /// The canonical JSON of the whole transmission.
    public var canonicalForm: CanonicalJSON {
        .object([
            "created_at": .string(createdAt), "digests": .array(digests.map { .string($0.hex) }),
            "kind": .string(kind.rawValue), "payload": payload, "recipient": .string(recipient.rawValue),
            "sender": .string(sender.rawValue), "sequence": .integer(sequence),
        ])
    }

    /// The note text that the sender signs.
    public var text: String {
        var bytes = Array((Self.header + "\n").utf8)
        canonicalForm.append(to: &bytes)
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The transmission signed by the sender's node key.
    public func signed(with key: SigningKey) throws -> SignedTransmission {
        let name = NodeIdentity.keyName(of: sender)
        let note = try SignedNote(text: text, signatures: [key.noteSignature(of: text, name: name)])
        return SignedTransmission(transmission: self, note: note)
    }

    /// Reads a transmission's text: its header and its canonical JSON.
    init(text: String) throws(TransmissionError) {
        let prefix = Self.header + "\n"
        guard text.hasPrefix(prefix), text.hasSuffix("\n") else { throw .notATransmission }
        let json = text.dropFirst(prefix.count).dropLast()
        let value: CanonicalJSON
        do {
            value = try CanonicalJSON(parsing: json)
        } catch {
            throw .malformed(field: "text", problem: error.description)
        }
        // The text must be exactly the canonical form: one way to write one transmission.
        var canonical: [UInt8] = []
        canonical.reserveCapacity(json.utf8.count)
        value.append(to: &canonical)
        guard canonical.elementsEqual(json.utf8) else {
            throw .malformed(field: "text", problem: "it is not in canonical form")
        }
        guard case .object(let members) = value else { throw .malformed(field: "text", problem: "it is not an object") }
        let known: Set<String> = ["created_at", "digests", "kind", "payload", "recipient", "sender", "sequence"]
        if let unknown = members.keys.first(where: { !known.contains($0) }) {
            throw .malformed(field: unknown, problem: "it is not a member of a transmission")
        }
        func string(_ name: String) throws(TransmissionError) -> String {
            guard case .string(let text) = members[name] else { throw .malformed(field: name, problem: "it is not a string") }
            return text
        }
        func code(_ name: String) throws(TransmissionError) -> Party.Code {
            let text = try string(name)
            do {
                return try Party.validCode(text)
            } catch {
                throw .malformed(field: name, problem: error.message)
            }
        }
        guard case .integer(let sequence) = members["sequence"], sequence >= 1 else {
            throw .malformed(field: "sequence", problem: "it is not a whole number from 1")
        }
        let kindName = try string("kind")
        guard let kind = TransmissionKind(rawValue: kindName) else {
            throw .malformed(field: "kind", problem: "\(kindName) is not a kind of transmission")
        }
        guard case .array(let digestValues) = members["digests"] else {
            throw .malformed(field: "digests", problem: "it is not a list")
        }
        var digests: [Digest] = []
        for value in digestValues {
            guard case .string(let hex) = value, let digest = Digest(hex: hex) else {
                throw .malformed(field: "digests", problem: "an item is not 64 hexadecimal digits")
            }
            digests.append(digest)
        }
        guard let payload = members["payload"] else { throw .malformed(field: "payload", problem: "it is missing") }
        self.init(
            sender: try code("sender"), recipient: try code("recipient"), sequence: sequence, kind: kind,
            createdAt: try string("created_at"), payload: payload, digests: digests)
    }
}

/// A transmission with its sender's signature, as it travels and as the sender keeps it until a receipt.
public struct SignedTransmission: Hashable, Sendable {
    public let transmission: Transmission
    public let note: SignedNote

    /// The SHA-256 of the signed text: what a receipt names, and what makes applying it twice a no-op.
    public var digest: Digest { Digest.sha256(utf8: note.text) }

    /// The note as it is written to the wire or a file.
    public var serialized: String { note.serialized }

    init(transmission: Transmission, note: SignedNote) {
        self.transmission = transmission
        self.note = note
    }

    /// Reads a signed transmission and checks it: its form, that it is addressed to `recipient`, that its
    /// sender is a registered peer, and that the peer's key signed it.
    ///
    /// - Parameter peerKey: the registered node key of a sender, or `nil` for one that is not a peer.
    public init(
        parsing text: String, to recipient: Party.Code, peerKey: (Party.Code) -> NoteKey?
    ) throws(TransmissionError) {
        let note: SignedNote
        do {
            note = try SignedNote(parsing: text)
        } catch {
            throw .malformed(field: "note", problem: error.message)
        }
        let transmission = try Transmission(text: note.text)
        guard transmission.recipient == recipient else {
            throw .notForThisNode(recipient: transmission.recipient, this: recipient)
        }
        guard let key = peerKey(transmission.sender) else { throw .unknownSender(transmission.sender) }
        do {
            _ = try note.verified(by: [key])
        } catch {
            throw .badSignature(sender: transmission.sender, error)
        }
        self.init(transmission: transmission, note: note)
    }
}

/// The receiver's signed statement that it accepted a transmission: which one (its digest), and how large
/// its journal was once the transmission was applied and journaled.
public struct Receipt: Hashable, Sendable {
    public static let header = "parley-receipt/1"

    /// The node that received the transmission and signs the receipt.
    public let receiver: Party.Code
    /// The node that sent the transmission and keeps the receipt.
    public let sender: Party.Code
    public let sequence: Int64
    public let transmission: Digest
    public let journalSize: Int64
    public let receivedAt: String

    public init(
        receiver: Party.Code, sender: Party.Code, sequence: Int64, transmission: Digest, journalSize: Int64,
        receivedAt: String
    ) {
        self.receiver = receiver
        self.sender = sender
        self.sequence = sequence
        self.transmission = transmission
        self.journalSize = journalSize
        self.receivedAt = receivedAt
    }

    public var text: String {
        let form = CanonicalJSON.object([
            "journal_size": .integer(journalSize), "received_at": .string(receivedAt),
            "receiver": .string(receiver.rawValue), "sender": .string(sender.rawValue), "sequence": .integer(sequence),
            "transmission": .string(transmission.hex),
        ])
        return Self.header + "\n" + form.serialized + "\n"
    }

    /// The receipt signed by the receiver's node key, as a note.
    public func signed(with key: SigningKey) throws -> SignedNote {
        try SignedNote(text: text, signatures: [key.noteSignature(of: text, name: NodeIdentity.keyName(of: receiver))])
    }

    /// Reads a signed receipt and checks that `receiverKey` signed it.
    public init(parsing text: String, receiverKey: (Party.Code) -> NoteKey?) throws(TransmissionError) {
        let note: SignedNote
        do {
            note = try SignedNote(parsing: text)
        } catch {
            throw .malformed(field: "receipt", problem: error.message)
        }
        let prefix = Self.header + "\n"
        guard note.text.hasPrefix(prefix) else { throw .notATransmission }
        let json = note.text.dropFirst(prefix.count).dropLast()
        guard case .object(let members)? = try? CanonicalJSON(parsing: json),
            case .string(let receiverText) = members["receiver"], case .string(let senderText) = members["sender"],
            case .integer(let sequence) = members["sequence"], case .string(let digestText) = members["transmission"],
            let digest = Digest(hex: digestText), case .integer(let journalSize) = members["journal_size"],
            case .string(let receivedAt) = members["received_at"]
        else { throw .malformed(field: "receipt", problem: "it is not a Parley receipt") }
        let receiver = Party.Code(rawValue: receiverText)
        guard let key = receiverKey(receiver) else { throw .unknownSender(receiver) }
        do {
            _ = try note.verified(by: [key])
        } catch {
            throw .badSignature(sender: receiver, error)
        }
        self.init(
            receiver: receiver, sender: Party.Code(rawValue: senderText), sequence: sequence, transmission: digest,
            journalSize: journalSize, receivedAt: receivedAt)
    }
}

/// Why a transmission or receipt was refused; nothing of it is written.
public enum TransmissionError: ParleyError, Hashable {
    case notATransmission
    case malformed(field: String, problem: String)
    case notForThisNode(recipient: Party.Code, this: Party.Code)
    case unknownSender(Party.Code)
    case badSignature(sender: Party.Code, NoteError)
    case notEntitled(sender: Party.Code, kind: TransmissionKind, about: Party.Code?)
    case notEntitledToReceive(recipient: Party.Code, kind: TransmissionKind)
    case digestMismatch(position: Int, expected: Digest, found: Digest)

    public var code: String {
        switch self {
        case .notATransmission, .malformed: "transmission.malformed"
        case .notForThisNode: "transmission.misaddressed"
        case .unknownSender: "transmission.unknown-sender"
        case .badSignature: "transmission.unsigned"
        case .notEntitled: "transmission.not-entitled"
        case .notEntitledToReceive: "transmission.recipient-not-entitled"
        case .digestMismatch: "transmission.digest-mismatch"
        }
    }

    public var message: String {
        switch self {
        case .notATransmission: "this is not a Parley transmission (its text does not begin \(Transmission.header))"
        case .malformed(let field, let problem): "the transmission's \(field) is malformed: \(problem)"
        case .notForThisNode(let recipient, let this):
            "the transmission is addressed to \(recipient.rawValue), not to this node, \(this.rawValue)"
        case .unknownSender(let sender): "\(sender.rawValue) is not a registered peer of this node"
        case .badSignature(let sender, let error):
            "the transmission is not signed by \(sender.rawValue)'s node key: \(error.message)"
        case .notEntitled(let sender, let kind, let about):
            "\(sender.rawValue) may not send \(kind.rawValue)" + (about.map { " about \($0.rawValue)" } ?? "")
        case .notEntitledToReceive(let recipient, let kind):
            "\(recipient.rawValue) is not a node that receives \(kind.rawValue): a party's registry goes to the Central Agency's hub only"
        case .digestMismatch(let position, let expected, let found):
            "record \(position + 1) of the payload has the digest \(found.hex.prefix(16))…, but the transmission states \(expected.hex.prefix(16))…"
        }
    }

    public var remedy: String {
        switch self {
        case .unknownSender: "Register the sending node with `parley peer add` if it should be trusted"
        case .badSignature, .digestMismatch:
            "The transmission was changed on its way or forged; do not apply it, and ask the sender to send it again"
        case .notEntitled: "A node sends only what its own parties keep; ask the node that speaks for that party"
        case .notEntitledToReceive: "Send it to the hub, which passes on what each party is entitled to"
        case .notForThisNode: "Deliver it to the node it is addressed to"
        default: "Ask the sender for the transmission again"
        }
    }
}
