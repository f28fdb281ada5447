import Foundation
import GRDB
import Testing

/// Three nodes as three `parley serve` processes on 127.0.0.1, as three administrators would run them: UA
/// and RU, and the Central Agency's hub; each syncs with the others over HTTPS, to the certificate it pinned.
@Suite("Three nodes as three parley serve processes, syncing over HTTPS")
struct FederationServeTests {
    struct NodeSetup {
        let db: String
        let code: String
        let kind: String
        let speaksFor: String
        let webPort: Int
        let federationPort: Int
    }

    /// A TCP port nothing listens on now: the kernel's choice for a socket bound to port 0.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let port = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic -> Int in
                guard bind(socket, generic, length) == 0, getsockname(socket, generic, &length) == 0 else { return 0 }
                return Int(UInt16(bigEndian: pointer.pointee.sin_port))
            }
        }
        try #require(port > 0)
        return port
    }

    /// Waits, at most 30 s, until something listens on `port`.
    static func waitForListener(_ port: Int) throws {
        for _ in 0..<300 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(socket)
            if connected { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("nothing listens on port \(port)")
    }

    /// The identity, address and fingerprint `parley node show` prints for a peer's `parley peer add`.
    static func peerAddArguments(_ parley: ParleyRun, of node: NodeSetup) throws -> [String] {
        let shown = try parley("node", "show", "--db", node.db).stdout.split(separator: "\n").map(String.init)
        try #require(shown.count == 2)
        let words = shown[1].split(separator: " ").map(String.init)
        let url = try #require(words.firstIndex(of: "--url").map { words[$0 + 1] })
        let fingerprint = try #require(words.firstIndex(of: "--tls-fingerprint").map { words[$0 + 1] })
        return ["peer", "add", node.code, "--identity", shown[0], "--url", url, "--tls-fingerprint", fingerprint]
    }

    func serve(_ parley: ParleyRun, _ node: NodeSetup) throws -> Process {
        let process = try parley.start([
            "serve", "--db", node.db, "--port", "\(node.webPort)", "--federation-host", "127.0.0.1",
        ])
        try Self.waitForListener(node.federationPort)
        return process
    }

    @Test(
        "records reach the hub over HTTPS; a peer down during sync catches up with nothing lost or doubled; a wrong certificate is refused"
    )
    func threeProcesses() throws {
        let parley = try ParleyRun()
        let (ukraine, russia, hub) = (
            NodeSetup(
                db: "ua.db", code: "UA", kind: "party", speaksFor: "UA", webPort: try Self.freePort(),
                federationPort: try Self.freePort()),
            NodeSetup(
                db: "ru.db", code: "RU", kind: "party", speaksFor: "RU", webPort: try Self.freePort(),
                federationPort: try Self.freePort()),
            NodeSetup(
                db: "hub.db", code: "ICRC", kind: "hub", speaksFor: "ICRC,US", webPort: try Self.freePort(),
                federationPort: try Self.freePort())
        )
        for node in [ukraine, russia, hub] {
            #expect(try parley("init", "--db", node.db).status == 0)
            for (code, role) in [("UA", "belligerent"), ("RU", "belligerent"), ("US", "mediator"), ("ICRC", "observer")] {
                _ = try parley("party", "add", code, "--name", code, "--role", role, "--db", node.db, "--as", "admin")
            }
            let made = try parley(
                "node", "init", "--node", node.code, "--kind", node.kind, "--speaks-for", node.speaksFor,
                "--url", "https://127.0.0.1:\(node.federationPort)", "--db", node.db, "--as", "admin")
            #expect(made.status == 0, "\(made.stderr)")
            let key = try FileManager.default.attributesOfItem(atPath: parley.path(node.db + ".tls-key.pem"))
            #expect((key[.posixPermissions] as? Int) == 0o600)
        }
        for (node, peer) in [(ukraine, hub), (russia, hub), (hub, ukraine), (hub, russia)] {
            let added = try parley.run(try Self.peerAddArguments(parley, of: peer) + ["--db", node.db, "--as", "admin"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        try parley.write(
            "ua.csv", "id,surname,given_name,date_of_birth\nUA-H-1,Іванов,Олексій,12.03.1994\nUA-H-2,Петренко,Іван,1990\n")
        try parley.write("ru.csv", "id,surname,given_name,date_of_birth\nRU-H-1,Смирнов,Андрей,02.11.1988\n")
        for (node, file) in [(ukraine, "ua.csv"), (russia, "ru.csv")] {
            let imported = try parley(
                "import", "--db", node.db, "--party", node.code, "--kind", "held", file, "--as", "official:\(node.code)")
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(try parley("transmit", "records", "--to", "ICRC", "--db", node.db, "--as", "admin").status == 0)
        }
        var servers = [try serve(parley, hub), try serve(parley, ukraine)]
        defer {
            for server in servers where server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }

        // UA's records reach the hub, and the receipt comes back
        let synced = try parley("sync", "--db", ukraine.db, "--as", "admin")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("ICRC: 1 request; 1 transmission receipted, 0 still without receipt"), "\(synced.stdout)")
        let atHub = try parley("records", "--party", "UA", "--db", hub.db, "--as", "observer:ICRC")
        #expect(atHub.stdout.contains("Петренко"), "\(atHub.stdout)")

        // RU is down: the hub's checkpoint for it waits, and nothing is lost
        #expect(try parley("transmit", "checkpoint", "--to", "RU", "--db", hub.db, "--as", "admin").status == 0)
        let down = try parley("sync", "--peer", "RU", "--db", hub.db, "--as", "admin")
        #expect(down.status == 5)
        #expect(down.stderr.contains("RU at 127.0.0.1:\(russia.federationPort) did not answer"), "\(down.stderr)")
        #expect(down.stderr.contains("[peer.unreachable]"))
        #expect(try parley("outbox", "list", "--to", "RU", "--db", hub.db, "--as", "admin").stdout.contains("checkpoint"))

        // RU comes up: the checkpoint is cosigned there, and the cosignature comes back in the same sync, after
        // the records RU had waiting for the hub: the hub's sync fetches what RU has for it
        servers.append(try serve(parley, russia))
        let caughtUp = try parley("sync", "--peer", "RU", "--db", hub.db, "--as", "admin")
        #expect(caughtUp.status == 0, "\(caughtUp.stderr)")
        #expect(caughtUp.stdout.contains("transmission 1 (records): applied, receipt signed"), "\(caughtUp.stdout)")
        #expect(caughtUp.stdout.contains("transmission 2 (cosignature): applied, receipt signed"))
        #expect(caughtUp.stdout.contains("RU: 2 requests; 1 transmission receipted, 0 still without receipt"))
        // Again: nothing new, nothing doubled
        let again = try parley("sync", "--peer", "RU", "--db", hub.db, "--as", "admin")
        #expect(again.stdout.contains("RU: 1 request; 0 transmissions receipted, 0 still without receipt"), "\(again.stdout)")
        // RU's own sync finds its records and the cosignature receipted already
        let fromRussia = try parley("sync", "--db", russia.db, "--as", "admin")
        #expect(fromRussia.stdout.contains("ICRC: 1 request; 0 transmissions receipted, 0 still without receipt"))
        #expect(try parley("records", "--party", "RU", "--db", hub.db, "--as", "observer:ICRC").stdout.contains("Смирнов"))
        let verified = try parley("journal", "verify", "--db", hub.db, "--as", "admin")
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("cosigned by RU"), "\(verified.stdout)")

        // A certificate other than the one pinned: UA refuses to talk, and sends nothing
        try DatabaseQueue(path: parley.path(ukraine.db)).write { db in
            try db.execute(
                sql: "UPDATE node SET tls_fingerprint = ? WHERE code = 'ICRC'", arguments: [String(repeating: "ab", count: 32)])
        }
        #expect(try parley("transmit", "checkpoint", "--to", "ICRC", "--db", ukraine.db, "--as", "admin").status == 0)
        let impostor = try parley("sync", "--db", ukraine.db, "--as", "admin")
        #expect(impostor.status == 5)
        #expect(impostor.stderr.contains("[peer.certificate.mismatch]"), "\(impostor.stderr)")
        #expect(
            try parley("inbox", "list", "--from", "UA", "--db", hub.db, "--as", "admin").stdout.split(separator: "\n").count == 1)
    }
}
