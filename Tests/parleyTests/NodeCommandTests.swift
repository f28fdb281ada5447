import Foundation
import Testing

/// Two nodes on one machine, as two administrators would set them up and carry files between them.
@Suite("Nodes from the command line: keys, peers, and files carried by hand")
struct NodeCommandTests {
    /// Two databases with the parties registered, made nodes UA (party) and ICRC (hub), each the other's peer.
    static func twoNodes() throws -> (parley: ParleyRun, ukraine: String, hub: String) {
        let parley = try ParleyRun()
        var identities: [String: String] = [:]
        for (db, node, kind, speaks) in [("ua.db", "UA", "party", "UA"), ("hub.db", "ICRC", "hub", "ICRC,US")] {
            #expect(try parley("init", "--db", db).status == 0)
            for (code, role) in [("UA", "belligerent"), ("RU", "belligerent"), ("US", "mediator"), ("ICRC", "observer")] {
                #expect(try parley("party", "add", code, "--name", code, "--role", role, "--db", db, "--as", "admin").status == 0)
            }
            let made = try parley(
                "node", "init", "--node", node, "--kind", kind, "--speaks-for", speaks, "--db", db, "--as", "admin")
            #expect(made.status == 0, "\(made.stderr)")
            identities[node] = try parley("node", "show", "--db", db).stdout.split(separator: "\n").first.map(String.init)
        }
        #expect(
            try parley("peer", "add", "ICRC", "--identity", identities["ICRC"] ?? "", "--db", "ua.db", "--as", "admin").status
                == 0)
        #expect(
            try parley("peer", "add", "UA", "--identity", identities["UA"] ?? "", "--db", "hub.db", "--as", "admin").status == 0)
        return (parley, "ua.db", "hub.db")
    }

    @Test("node init writes both private keys readable by their owner only, and prints the line peers paste")
    func nodeInit() throws {
        let (parley, ukraine, _) = try Self.twoNodes()
        for file in ["ua.db.node-key", "ua.db.node-identity.age"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: parley.path(file))
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
        let shown = try parley("node", "show", "--db", ukraine)
        #expect(shown.stdout.hasPrefix("parley-node/1 UA party UA parley/UA+"))
        // A second init of the same database is refused: with its key files there, they are kept; without them,
        // none is left behind
        let kept = try parley("node", "init", "--node", "UA", "--kind", "party", "--db", ukraine, "--as", "admin")
        #expect(kept.stderr.contains("[file.exists]"))
        try FileManager.default.removeItem(atPath: parley.path("ua.db.node-key"))
        try FileManager.default.removeItem(atPath: parley.path("ua.db.node-identity.age"))
        let again = try parley("node", "init", "--node", "UA", "--kind", "party", "--db", ukraine, "--as", "admin")
        #expect(again.status == 1)
        #expect(again.stderr.contains("[node.exists]"))
        #expect(!FileManager.default.fileExists(atPath: parley.path("ua.db.node-key")))
    }

    @Test("a peer's identity line that is damaged or another node's is refused, saying which field")
    func badIdentity() throws {
        let (parley, ukraine, hub) = try Self.twoNodes()
        let line = try parley("node", "show", "--db", hub).stdout.split(separator: "\n").first.map(String.init) ?? ""
        let other = try parley(
            "peer", "add", "RU", "--identity", line, "--db", ukraine, "--as", "admin")
        #expect(other.status == 1)
        #expect(other.stderr.contains("the identity line is node ICRC's, not RU's"))
        let damaged = try parley(
            "peer", "add", "ICRC", "--identity", line.replacingOccurrences(of: " hub ", with: " club "), "--db", ukraine,
            "--as", "admin")
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("the identity's kind \"club\" is invalid"))
        let official = try parley("peer", "list", "--db", ukraine, "--as", "official:UA")
        #expect(official.status == 3)
    }

    @Test("records and a checkpoint go to the hub on a file, the cosignature and receipts come back on another")
    func carriedByHand() throws {
        let (parley, ukraine, hub) = try Self.twoNodes()
        try parley.write(
            "held.csv", "id,surname,given_name,date_of_birth\nUA-H-1,Іванов,Олексій,12.03.1994\nUA-H-2,Петренко,Іван,1990\n")
        #expect(
            try parley("import", "--db", ukraine, "--party", "UA", "--kind", "held", "held.csv", "--as", "official:UA").status
                == 0)
        #expect(try parley("transmit", "records", "--to", "ICRC", "--db", ukraine, "--as", "admin").status == 0)
        #expect(try parley("transmit", "checkpoint", "--to", "ICRC", "--db", ukraine, "--as", "admin").status == 0)
        let out = try parley("outbox", "export", "--to", "ICRC", "--out", "to-hub.age", "--db", ukraine, "--as", "admin")
        #expect(out.stdout.contains("2 transmissions, 0 receipts"))
        // The file shows nothing of the persons in it
        let sealed = try Data(contentsOf: URL(fileURLWithPath: parley.path("to-hub.age")))
        #expect(sealed.starts(with: Data("age-encryption.org/v1\n".utf8)))
        #expect(sealed.range(of: Data("Іванов".utf8)) == nil)
        let taken = try parley("inbox", "import", "to-hub.age", "--db", hub, "--as", "admin")
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("transmission 1 (records): applied, receipt signed"))
        #expect(taken.stdout.contains("transmission 2 (checkpoint): applied, receipt signed"))
        #expect(try parley("records", "--party", "UA", "--db", hub, "--as", "observer:ICRC").stdout.contains("Петренко"))
        // Back to UA: the cosignature and the receipts
        #expect(try parley("outbox", "export", "--to", "UA", "--out", "to-ua.age", "--db", hub, "--as", "admin").status == 0)
        let back = try parley("inbox", "import", "to-ua.age", "--db", ukraine, "--as", "admin")
        #expect(back.stdout.contains("receipt for transmission 2 to ICRC: kept"))
        #expect(back.stdout.contains("transmission 1 (cosignature): applied"))
        let verified = try parley("journal", "verify", "--db", ukraine, "--as", "admin")
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("1 checkpoint"))
        #expect(verified.stdout.contains("cosigned by ICRC at "))
        // The same file again changes nothing
        let replay = try parley("inbox", "import", "to-hub.age", "--db", hub, "--as", "admin")
        #expect(replay.stdout.contains("received before; nothing changed"))
    }

    @Test("a carried file changed in one byte, or given to the wrong node, is refused and nothing is applied")
    func tamperedFile() throws {
        let (parley, ukraine, hub) = try Self.twoNodes()
        try parley.write("held.csv", "id,surname,given_name,date_of_birth\nUA-H-1,Іванов,Олексій,12.03.1994\n")
        _ = try parley("import", "--db", ukraine, "--party", "UA", "--kind", "held", "held.csv", "--as", "official:UA")
        _ = try parley("transmit", "records", "--to", "ICRC", "--db", ukraine, "--as", "admin")
        _ = try parley("outbox", "export", "--to", "ICRC", "--out", "to-hub.age", "--db", ukraine, "--as", "admin")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: parley.path("to-hub.age")))
        bytes[bytes.count - 40] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: parley.path("changed.age")))
        let changed = try parley("inbox", "import", "changed.age", "--db", hub, "--as", "admin")
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("changed.age: the encrypted file does not verify"))
        #expect(!(try parley("records", "--party", "UA", "--db", hub, "--as", "observer:ICRC").stdout.contains("Іванов")))
        let misdelivered = try parley("inbox", "import", "to-hub.age", "--db", ukraine, "--as", "admin")
        #expect(misdelivered.status == 1)
        #expect(misdelivered.stderr.contains("to-hub.age: the file was not encrypted to this key"))
    }
}
