import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// This node's private keys, read by the adapter from the files beside the database (never from it): the
/// node key that signs transmissions, receipts and checkpoints, and the identity that opens files
/// encrypted to this node.
public struct NodeKeys: Sendable {
    public let signing: SigningKey
    public let encryption: AgeIdentity

    public init(signing: SigningKey, encryption: AgeIdentity) {
        self.signing = signing
        self.encryption = encryption
    }
}

extension AppDatabase {
    /// Makes this database a node: records its identity, whose public keys are those of `keys`, and, for a
    /// node its peers reach over HTTPS, its address and its TLS certificate's fingerprint.
    public func initializeNode(
        _ identity: NodeIdentity, keys: NodeKeys, url: String? = nil, tlsFingerprint: String? = nil, as principal: Principal
    ) throws -> NodeEntry {
        try AccessPolicy.check(principal, .manageNodes, in: .common)
        try Self.requireKeys(keys, of: identity)
        try Self.checkAddress(url: url, tlsFingerprint: tlsFingerprint)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            if let existing = try Self.selfNode(in: db) { throw FederationError.alreadyANode(existing.code) }
            for party in identity.node.speaksFor { _ = try Self.requireParty(party, in: db) }
            let entry = NodeEntry(
                identity: identity, isSelf: true, url: url, tlsFingerprint: tlsFingerprint?.lowercased(), addedAt: recordedAt)
            try Self.insert(entry, in: db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.nodeInit, entry)
            return entry
        }
    }

    /// Registers a peer: the node whose identity line an administrator pasted, where it answers, and the
    /// fingerprint its TLS certificate must have.
    public func addPeer(
        _ identity: NodeIdentity, url: String?, tlsFingerprint: String?, as principal: Principal
    ) throws -> NodeEntry {
        try AccessPolicy.check(principal, .manageNodes, in: .common)
        try Self.checkAddress(url: url, tlsFingerprint: tlsFingerprint)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.requireSelf(in: db)
            guard identity.node.code != this.code else { throw FederationError.peerIsThisNode(this.code) }
            if try Self.node(identity.node.code, in: db) != nil { throw FederationError.peerExists(identity.node.code) }
            let entry = NodeEntry(
                identity: identity, isSelf: false, url: url, tlsFingerprint: tlsFingerprint?.lowercased(),
                addedAt: recordedAt)
            try Self.insert(entry, in: db)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.peerAdd, entry)
            return entry
        }
    }

    /// This node, as `parley node init` made it.
    public func thisNode() throws -> NodeEntry {
        try writer.read { db in try Self.requireSelf(in: db) }
    }

    /// This node, or `nil` for a database that is not one.
    public func nodeIfAny() throws -> NodeEntry? {
        try writer.read { db in try Self.selfNode(in: db) }
    }

    /// The registered peers, by code.
    public func peers(as principal: Principal) throws -> [NodeEntry] {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        return try writer.read { db in try Self.allNodes(db).filter { !$0.isSelf } }
    }

    // MARK: - Reading

    static func allNodes(_ db: Database) throws -> [NodeEntry] {
        try Row.fetchAll(db, sql: "SELECT code, identity, is_self, url, tls_fingerprint, added_at FROM node ORDER BY code")
            .map { row in
                let line: String = row["identity"]
                let identity: NodeIdentity
                do {
                    identity = try NodeIdentity(line: line)
                } catch {
                    throw StoredValueError(table: "node", column: "identity", value: String(line.prefix(80)))
                }
                return NodeEntry(
                    identity: identity, isSelf: row["is_self"], url: row["url"], tlsFingerprint: row["tls_fingerprint"],
                    addedAt: row["added_at"])
            }
    }

    static func node(_ code: Party.Code, in db: Database) throws -> NodeEntry? {
        try allNodes(db).first { $0.code == code }
    }

    static func selfNode(in db: Database) throws -> NodeEntry? {
        try allNodes(db).first(where: \.isSelf)
    }

    static func requireSelf(in db: Database) throws -> NodeEntry {
        guard let node = try selfNode(in: db) else { throw FederationError.notANode }
        return node
    }

    /// A registered peer, not this node.
    static func requirePeer(_ code: Party.Code, in db: Database) throws -> NodeEntry {
        guard let node = try node(code, in: db), !node.isSelf else { throw FederationError.unknownPeer(code) }
        return node
    }

    /// An address is https with a host, and comes with the fingerprint of the certificate that answers there:
    /// nodes speak to each other over HTTPS only, to the certificate they pinned.
    static func checkAddress(url: String?, tlsFingerprint: String?) throws {
        if let tlsFingerprint, tlsFingerprint.count != 64 || !tlsFingerprint.allSatisfy(\.isHexDigit) {
            throw FederationError.invalidFingerprint(tlsFingerprint)
        }
        guard let url else { return }
        guard let parsed = URL(string: url), parsed.scheme == "https", parsed.host?.isEmpty == false else {
            throw FederationError.invalidURL(url)
        }
        guard tlsFingerprint != nil else { throw FederationError.addressWithoutFingerprint(url) }
    }

    /// Refuses keys that are not the ones `identity` names: a node's key files mixed up with another's.
    static func requireKeys(_ keys: NodeKeys, of identity: NodeIdentity) throws {
        guard keys.signing.verifyingKey == identity.key.publicKey, keys.encryption.recipient == identity.recipient else {
            throw FederationError.keysDoNotMatch(identity.node.code)
        }
    }

    private static func insert(_ entry: NodeEntry, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO node (code, identity, is_self, url, tls_fingerprint, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                entry.code.rawValue, entry.identity.line, entry.isSelf, entry.url, entry.tlsFingerprint, entry.addedAt,
            ])
    }
}

/// What the node and transmission use cases refused.
public enum FederationError: ParleyError, Hashable {
    case notANode
    case alreadyANode(Party.Code)
    case peerExists(Party.Code)
    case peerIsThisNode(Party.Code)
    case unknownPeer(Party.Code)
    case invalidFingerprint(String)
    case invalidURL(String)
    case addressWithoutFingerprint(String)
    case keysDoNotMatch(Party.Code)
    /// A transmission with a sequence already received, but other content: a replay of something else, or a forgery.
    case sequenceReused(sender: Party.Code, sequence: Int64)
    case receiptForUnknownTransmission(receiver: Party.Code, sequence: Int64)
    case notForThisNode(String)
    case nameChanged(reference: String)
    /// A round or agreement received before, sent again with other terms (but a settled basis).
    case talksChanged(subject: String)

    public var code: String {
        switch self {
        case .notANode: "node.missing"
        case .alreadyANode: "node.exists"
        case .peerExists: "peer.exists"
        case .peerIsThisNode: "peer.self"
        case .unknownPeer: "peer.unknown"
        case .invalidFingerprint: "peer.fingerprint.invalid"
        case .invalidURL: "peer.url.invalid"
        case .addressWithoutFingerprint: "peer.fingerprint.missing"
        case .keysDoNotMatch: "node.keys.mismatch"
        case .sequenceReused: "transmission.sequence-reused"
        case .receiptForUnknownTransmission: "receipt.unknown"
        case .notForThisNode: "carry.misaddressed"
        case .nameChanged: "transmission.name-changed"
        case .talksChanged: "transmission.talks-changed"
        }
    }

    public var message: String {
        switch self {
        case .notANode: "this database is not a node yet"
        case .alreadyANode(let code): "this database is already the node \(code.rawValue)"
        case .peerExists(let code): "\(code.rawValue) is already a registered peer"
        case .peerIsThisNode(let code): "\(code.rawValue) is this node itself, not a peer"
        case .unknownPeer(let code): "\(code.rawValue) is not a registered peer of this node"
        case .invalidFingerprint(let text): "\"\(text.prefix(80))\" is not a SHA-256 fingerprint (64 hexadecimal digits)"
        case .invalidURL(let text): "\"\(text.prefix(80))\" is not an https address with a host"
        case .addressWithoutFingerprint(let url): "the address \(url.prefix(80)) comes without the fingerprint of its certificate"
        case .keysDoNotMatch(let code): "the key files given are not the keys of the node \(code.rawValue)"
        case .sequenceReused(let sender, let sequence):
            "\(sender.rawValue) already sent a different transmission numbered \(sequence)"
        case .receiptForUnknownTransmission(let receiver, let sequence):
            "the receipt from \(receiver.rawValue) names transmission \(sequence), which this node did not send it"
        case .notForThisNode(let problem): problem
        case .nameChanged(let reference): "the transmitted record \(reference) has another name than the one received before"
        case .talksChanged(let subject):
            "the transmitted \(subject) differs from the one received before in more than a settled basis"
        }
    }

    public var remedy: String {
        switch self {
        case .notANode: "Run `parley node init` first"
        case .alreadyANode: "A database is one node for good; make a new database for another node"
        case .peerExists: "List the peers with `parley peer list`"
        case .peerIsThisNode: "Register the other nodes, not this one"
        case .unknownPeer: "Register it with `parley peer add` and the identity line it printed"
        case .invalidFingerprint: "Give the fingerprint `parley node init` printed on the peer"
        case .invalidURL: "Give the peer's address as https://HOST:PORT; nodes speak to each other over HTTPS only"
        case .addressWithoutFingerprint:
            "Give --tls-fingerprint as the peer's `parley node init` printed it: a peer is reached at its pinned certificate only"
        case .keysDoNotMatch: "Give the key files written beside this node's database"
        case .sequenceReused:
            "Keep both as evidence: a node never numbers two transmissions alike; ask its operators what happened"
        case .receiptForUnknownTransmission: "Ignore the receipt, and tell the peer's operators"
        case .notForThisNode: "Carry the file to the node it is for"
        case .nameChanged: "Names never change once registered; ask the sender's operators"
        case .talksChanged: "Terms never change once agreed, but for the basis; ask the mediator's operators"
        }
    }
}
