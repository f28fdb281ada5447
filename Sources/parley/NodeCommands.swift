import ArgumentParser
import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleyWeb

extension NodeKind: ExpressibleByArgument {}

/// `parley node`: make this database a node, and show its identity.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Make this database a Parley node with its own keys, and show its identity.",
        subcommands: [Init.self, Show.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make this database a node: write its private keys beside it and print its identity line.",
            discussion: """
                Writes DB.node-key (the Ed25519 key that signs the node's transmissions, receipts and checkpoints) \
                and DB.node-identity.age (the X25519 identity that opens files carried to the node, in the age \
                tool's own format), both readable by their owner only and never stored in the database. With \
                --url, also a self-signed TLS certificate for that address (DB.tls-cert.pem, its key in \
                DB.tls-key.pem), on which `parley serve` answers the federation API. Prints the command that \
                each peer's administrator runs to register this node.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The node's code: its party's for a party node, such as UA; ICRC for the agency's hub.")
        var node: Party.Code
        @Option(help: "party, hub or mediator.") var kind: NodeKind
        @Option(
            name: .customLong("speaks-for"),
            help: "The parties the node keeps records, lists and signatures for, comma-separated. Default: its own code.")
        var speaksFor: String?
        @Option(
            help: """
                Where peers reach this node's federation API, https://HOST:PORT; `parley serve` listens on that \
                port. Leave out for a node that exchanges by carried files only.
                """)
        var url: String?

        func run() throws {
            let store = try database.open()
            let certificate = try url.map { url in
                guard let parsed = URL(string: url), parsed.scheme == "https", let host = parsed.host, !host.isEmpty,
                    parsed.port != nil
                else { throw FederationError.invalidURL(url) }
                return try NodeCertificate(node: node, host: host)
            }
            let parties = try (speaksFor?.split(separator: ",").map { try Party.validCode(String($0)) }) ?? [node]
            let keys = NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
            let identity = try NodeIdentity(
                node: Node(code: node, kind: kind, speaksFor: Set(parties)),
                key: NoteKey(name: NodeIdentity.keyName(of: node), type: .ed25519, publicKey: keys.signing.verifyingKey),
                recipient: keys.encryption.recipient)
            let keyPath = NodeKeyFiles.signingPath(database: database.path)
            let identityPath = NodeKeyFiles.identityPath(database: database.path)
            let certificatePath = NodeKeyFiles.tlsCertificatePath(database: database.path)
            let tlsKeyPath = NodeKeyFiles.tlsKeyPath(database: database.path)
            var written: [String] = []
            // Every file first, so that a node is never recorded without its keys on disk.
            do {
                try KeyFileIO.writeNew(keyPath, text: NodeKeyFiles.signingText(code: node, key: keys.signing), permissions: 0o600)
                written.append(keyPath)
                try KeyFileIO.writeNew(
                    identityPath,
                    text: NodeKeyFiles.identityText(keys.encryption, createdAt: ISO8601DateFormatter().string(from: Date())),
                    permissions: 0o600)
                written.append(identityPath)
                if let certificate {
                    try KeyFileIO.writeNew(tlsKeyPath, text: certificate.privateKeyPEM, permissions: 0o600)
                    written.append(tlsKeyPath)
                    try KeyFileIO.writeNew(certificatePath, text: certificate.certificatePEM, permissions: 0o644)
                    written.append(certificatePath)
                }
                _ = try store.initializeNode(
                    identity, keys: keys, url: url, tlsFingerprint: certificate?.fingerprint, as: principal.principal())
            } catch {
                for path in written { try? FileManager.default.removeItem(atPath: path) }
                throw error
            }
            Terminal.print("This database is now node \(node.rawValue). Private keys, readable by you only:")
            Terminal.print("  \(keyPath)\n  \(identityPath)" + (certificate == nil ? "" : "\n  \(tlsKeyPath)"))
            if certificate != nil { Terminal.print("Its TLS certificate: \(certificatePath)") }
            Terminal.print("On each peer, its administrator registers this node with:")
            Terminal.print(try store.thisNode().peerAddCommand)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this node's identity line, and the command that registers it on a peer.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let node = try database.open().thisNode()
            Terminal.print(node.identity.line)
            Terminal.print(node.peerAddCommand)
        }
    }
}

extension NodeEntry {
    /// What a peer's administrator runs to register this node: its identity, and its address and pinned
    /// certificate when it has them.
    var peerAddCommand: String {
        var command = "parley peer add \(code.rawValue) --identity '\(identity.line)'"
        if let url, let tlsFingerprint { command += " --url \(url) --tls-fingerprint \(tlsFingerprint)" }
        return command
    }
}

/// `parley peer`: register and list the nodes this one exchanges transmissions with.
struct PeerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer", abstract: "Register and list the nodes this one exchanges transmissions with.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a peer from the identity line its `parley node init` printed (admin).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The peer's code, as in its identity line.") var code: Party.Code
        @Option(help: "The peer's identity line, in quotes.") var identity: String
        @Option(help: "Where the peer answers the federation API, such as https://10.0.0.2:8443.") var url: String?
        @Option(
            name: .customLong("tls-fingerprint"),
            help: "The SHA-256 fingerprint of the peer's TLS certificate, 64 hexadecimal digits.")
        var tlsFingerprint: String?

        func run() throws {
            let identity = try NodeIdentity(line: identity)
            guard identity.node.code == code else { throw PeerCodeMismatch(given: code, identity: identity.node.code) }
            let peer = try database.open().addPeer(identity, url: url, tlsFingerprint: tlsFingerprint, as: principal.principal())
            Terminal.print("Registered peer \(peer.code.rawValue) (\(peer.identity.node.kind.rawValue)).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered peers and what travelled with each.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions

        func run() throws {
            let store = try database.open()
            let acting = try principal.principal()
            let peers = try store.peers(as: acting)
            if peers.isEmpty { Terminal.print("No peers registered. Register one with `parley peer add`.") }
            for peer in peers {
                let sent = try store.transmissions(with: peer.code, .sent, as: acting)
                let received = try store.transmissions(with: peer.code, .received, as: acting)
                Terminal.print(
                    "\(peer.code.rawValue)  \(peer.identity.node.kind.rawValue)  \(peer.url ?? "(carried by hand)")  "
                        + "sent \(sent.count) (\(sent.filter { $0.receipt == nil }.count) without receipt), "
                        + "received \(received.count) (\(received.filter { $0.appliedAt == nil }.count) waiting)")
            }
        }
    }

    struct PeerCodeMismatch: ParleyError {
        let given: Party.Code
        let identity: Party.Code
        var code: String { "peer.code.mismatch" }
        var message: String { "the identity line is node \(identity.rawValue)'s, not \(given.rawValue)'s" }
        var remedy: String { "Give the code in the identity line, or the identity line of \(given.rawValue)" }
    }
}

/// The node's private keys, read from the files `parley node init` wrote beside the database.
extension DatabaseOptions {
    func nodeKeys() throws -> NodeKeys {
        let keyPath = NodeKeyFiles.signingPath(database: path)
        let identityPath = NodeKeyFiles.identityPath(database: path)
        let signing = try NodeKeyFiles.signingKey(parsing: KeyFileIO.readText(keyPath), file: keyPath)
        let identity = try NodeKeyFiles.identity(parsing: KeyFileIO.readText(identityPath), file: identityPath)
        return NodeKeys(signing: signing.key, encryption: identity)
    }
}

/// `parley transmit`: queue for a peer what it should have.
struct TransmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transmit", abstract: "Queue signed transmissions for a peer.",
        subcommands: [Records.self, Talks.self, Checkpoint.self])

    struct Records: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue the records of this node's parties added or changed since the last sent to PEER.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer to send them to.") var to: Party.Code

        func run() throws {
            let store = try database.open()
            let queued = try store.transmitRecords(to: to, keys: database.nodeKeys(), as: principal.principal())
            guard let first = queued.first, let last = queued.last else {
                Terminal.print("Nothing to send: \(to.rawValue) has every record as it is now.")
                return
            }
            Terminal.print(
                first.sequence == last.sequence
                    ? "Queued transmission \(first.sequence) to \(to.rawValue): records."
                    : "Queued transmissions \(first.sequence) to \(last.sequence) to \(to.rawValue): records.")
        }
    }

    struct Talks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue the rounds and agreements recorded or settled since the last sent to PEER (mediator, hub).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer to send them to.") var to: Party.Code

        func run() throws {
            let queued = try database.open().transmitTalks(to: to, keys: database.nodeKeys(), as: principal.principal())
            Terminal.print(
                queued.isEmpty
                    ? "Nothing to send: \(to.rawValue) has every round and agreement as they are now."
                    : "Queued \(queued.count) transmissions to \(to.rawValue): "
                        + queued.map { "\($0.sequence) (\($0.kind.rawValue))" }.joined(separator: ", ") + ".")
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue this node's journal head for PEER to witness and cosign.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer to witness the journal.") var to: Party.Code

        func run() throws {
            let entry = try database.open().requestCosignature(from: to, keys: database.nodeKeys(), as: principal.principal())
            Terminal.print("Queued transmission \(entry.sequence) to \(to.rawValue): this journal's checkpoint, to cosign.")
        }
    }
}

/// `parley outbox`: the transmissions waiting for a peer, and the file that carries them by hand.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "What waits for a peer, and the file that carries it there by hand.",
        subcommands: [Export.self, List.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the transmissions PEER has not receipted, and the receipts for what it sent, to FILE.",
            discussion: """
                The file is encrypted to PEER's age key: only PEER's node (or the age tool with its identity \
                file) can open it. Carry it to PEER and give it to `parley inbox import`.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer the file is for.") var to: Party.Code
        @Option(help: "The file to write; it must not exist.") var out: String

        func run() throws {
            let (file, carry) = try database.open().exportCarry(to: to, as: principal.principal())
            guard !FileManager.default.fileExists(atPath: out) else { throw FileError(.exists, path: out) }
            guard FileManager.default.createFile(atPath: out, contents: Data(file), attributes: [.posixPermissions: 0o600])
            else { throw FileError(.unwritable, path: out) }
            Terminal.print(
                "Wrote \(out) for \(to.rawValue): \(carry.transmissions.count) transmissions, \(carry.receipts.count) receipts, "
                    + "encrypted to \(to.rawValue)'s key.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the transmissions sent to a peer.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer.") var to: Party.Code

        func run() throws {
            for entry in try database.open().transmissions(with: to, .sent, as: principal.principal()) {
                Terminal.print(entry.line)
            }
        }
    }
}

/// `parley inbox`: take a carried file, and list what came from a peer.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Take a file carried from a peer, and list what came from one.",
        subcommands: [Import.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open FILE with this node's identity and take each transmission and receipt in it.",
            discussion: """
                Each transmission is checked whole (its sender's signature, its address, what its sender may \
                send, each record's digest) and applied, in order, all of it or nothing; one that comes before \
                its turn waits for the ones before it. The receipts go back in the next `parley outbox export`.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The file `parley outbox export` wrote on the peer.") var file: String

        func run() throws {
            guard let bytes = FileManager.default.contents(atPath: file) else { throw FileError(.unreadable, path: file) }
            let outcome = try database.open().importCarry(
                Array(bytes), file: file, keys: database.nodeKeys(), as: principal.principal())
            var refused = 0
            for (index, result) in outcome.receipts.enumerated() {
                switch result {
                case .success(let entry):
                    Terminal.print("receipt for transmission \(entry.sequence) to \(entry.peer.rawValue): kept")
                case .failure(let refusal):
                    refused += 1
                    Terminal.error("\(file): receipt \(index + 1): \(refusal.message). \(refusal.remedy) [\(refusal.code)]")
                }
            }
            for (index, result) in outcome.transmissions.enumerated() {
                switch result {
                case .success(let received):
                    for line in received.lines { Terminal.print(line) }
                case .failure(let refusal):
                    refused += 1
                    Terminal.error("\(file): transmission \(index + 1): \(refusal.message). \(refusal.remedy) [\(refusal.code)]")
                }
            }
            if refused > 0 { throw ExitCode(5) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the transmissions received from a peer.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The peer.") var from: Party.Code

        func run() throws {
            for entry in try database.open().transmissions(with: from, .received, as: principal.principal()) {
                Terminal.print(entry.line)
            }
        }
    }
}

/// `parley sync`: the same exchange as a carried file, over HTTPS, with every peer that has an address.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Send each peer what waits for it, over HTTPS, and take what it has for this node.",
        discussion: """
            Each request carries what `parley outbox export` would write, encrypted to the peer and signed by \
            this node, to the certificate pinned with `parley peer add --tls-fingerprint`; the answer is taken \
            as `parley inbox import` takes a file, with the same checks. Requests go on until neither side has \
            anything new. A peer that is down loses nothing: what waits for it is sent at the next sync.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @Option(help: "Sync with this peer only.") var peer: Party.Code?

    func run() async throws {
        let store = try database.open()
        let acting = try principal.principal()
        let keys = try database.nodeKeys()
        let registered = try store.peers(as: acting)
        var peers = registered.filter { $0.url != nil }
        if let peer {
            guard let entry = registered.first(where: { $0.code == peer }) else { throw FederationError.unknownPeer(peer) }
            guard entry.url != nil else { throw FederationClientError.noAddress(peer) }
            peers = [entry]
        }
        if peers.isEmpty {
            Terminal.print("No peer has an address: register one with `parley peer add … --url … --tls-fingerprint …`.")
        }
        let client = FederationClient()
        var failed = false
        for entry in peers {
            do {
                let report = try await store.sync(with: entry.code, keys: keys, as: acting) { body, header in
                    try await client.exchange(with: entry, body: body, header: header)
                }
                func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
                Terminal.print(
                    "\(entry.code.rawValue): \(counted(report.requests, "request")); "
                        + "\(counted(report.receipted.count, "transmission")) receipted, \(report.stillWaiting) still without receipt"
                )
                for received in report.received {
                    for line in received.lines { Terminal.print("  " + line) }
                }
                for refusal in report.refusedHere {
                    Terminal.error(
                        "\(entry.code.rawValue): refused here: \(refusal.message). \(refusal.remedy) [\(refusal.code)]")
                }
                for refusal in report.refusedThere {
                    Terminal.error(
                        "\(entry.code.rawValue): refused by \(entry.code.rawValue): \(refusal.message). \(refusal.remedy) [\(refusal.code)]"
                    )
                }
                failed = failed || !report.refusedHere.isEmpty || !report.refusedThere.isEmpty
            } catch let error as ParleyError {
                Terminal.error("\(entry.code.rawValue): \(error.message). \(error.remedy) [\(error.code)]")
                failed = true
            }
        }
        if failed { throw ExitCode(5) }
    }
}

extension ReceiveOutcome {
    /// What became of a received transmission, as `inbox import` and `sync` print it: a line for each.
    var lines: [String] {
        switch self {
        case .applied(let entries):
            entries.map { "transmission \($0.sequence) (\($0.kind.rawValue)): applied, receipt signed" }
        case .duplicate(let entry): ["transmission \(entry.sequence) (\(entry.kind.rawValue)): received before; nothing changed"]
        case .waiting(let entry, let missing):
            ["transmission \(entry.sequence) (\(entry.kind.rawValue)): waits for transmission \(missing)"]
        }
    }
}

extension TransmissionEntry {
    /// The transmission as `outbox list` and `inbox list` print it: number, kind, time, digest, what became of it.
    var line: String { "\(sequence)  \(kind.rawValue)  \(at)  \(digest.hex.prefix(16))…  \(stateWording)" }
}
