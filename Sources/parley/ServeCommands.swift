import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyDemo
import ParleyLedger
import ParleyStore
import ParleyWeb

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app and the JSON API.",
        discussion: """
            With --demo it builds the demo database afresh (parley-demo.sqlite, as parley demo does), adds \
            one account per role with a new random password each, prints them, and serves it. Pages work \
            without JavaScript; the API is described at /api/v1/openapi.json.
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Serve a fresh demo database with one account per role.") var demo = false
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(
        name: .customLong("federation-host"),
        help: "For a node with an address: the address its federation API listens on, on the port of its address.")
    var federationHost = "0.0.0.0"
    @Flag(help: "Mark the session cookie Secure: use when a TLS proxy serves the app.") var secureCookies = false
    @Flag(
        help: """
            Throttle sign-ins by the last address in X-Forwarded-For: only behind a proxy that sets it, \
            since a client can write any address there.
            """)
    var trustForwardedFor = false
    @Option(help: "The largest registry file accepted for import, in MiB.")
    var maxUploadMib = RequestLimits().uploadBody / (1024 * 1024)
    @Option(
        help: """
            The folder uploaded registry files are written to while they are read (the database's folder when left \
            out): on disk, not a tmpfs, which would hold them in memory.
            """)
    var uploadFolder: String?
    @Option(
        help: """
            Close a connection whose request head has not arrived whole this many seconds after it opened or after \
            the previous answer: a client sending its head a byte at a time holds a connection no longer.
            """)
    var headTimeout = Int(RequestLimits().headTimeout.components.seconds)
    @Option(help: "Close a connection that sends nothing for this many seconds, half-sent request or not.")
    var idleTimeout = Int(RequestLimits().idleTimeout.components.seconds)
    @Option(help: "Serve at most this many connections at once; more wait to be accepted.")
    var maxConnections = RequestLimits().maxConnections

    func run() async throws {
        let store: AppDatabase
        let logger = Logger(label: "parley.serve")
        // A request waits a few seconds for another writer at most, then is answered 503 with Retry-After.
        let wait = BusyWait(timeout: try database.busyTimeout(standard: 5)) { seconds in
            logger.warning("a request waits for another writer", metadata: ["busy.timeout": "\(seconds)"])
        }
        if demo {
            let path = database.db ?? DemoCommand.defaultPath
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            store = try AppDatabase.open(path: path, wait: wait)
            try? FileManager.default.removeItem(atPath: DemoCommand.keyFolder(of: path))
            Terminal.print("Building the demo in \(path) …")
            let summary = try await store.buildDemo()
            try DemoCommand.writeKeys(summary.keys, of: path)
            Terminal.print("Signers' demo keys, to sign lists with: \(DemoCommand.keyFolder(of: path))/")
            Terminal.print("Demo accounts (passwords are new each start):")
            for (username, principal) in Self.demoAccounts {
                let password = Self.randomPassword()
                _ = try store.addUser(
                    username, password: password, principal: principal, as: .admin)
                Terminal.print("  \(username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(password)  (\(principal))")
            }
        } else {
            store = try database.open(wait: wait)
        }
        // Records from before the name index (or before its v6 form) are indexed before any search is served.
        try store.indexNames()
        let databaseFolder = ((demo ? database.db ?? DemoCommand.defaultPath : database.path) as NSString)
            .deletingLastPathComponent
        let spool = BodySpool(folder: uploadFolder ?? (databaseFolder.isEmpty ? "." : databaseFolder))
        try spool.checkWritable()
        let federation = try demo ? nil : federationConfiguration(store)
        try await WebApp.serve(
            database: store,
            configuration: WebConfiguration(
                host: host, port: port, secureCookies: secureCookies, trustsForwardedFor: trustForwardedFor,
                limits: RequestLimits(
                    uploadBody: maxUploadMib * 1024 * 1024, headTimeout: .seconds(headTimeout),
                    idleTimeout: .seconds(idleTimeout),
                    maxConnections: maxConnections),
                spool: spool),
            federation: federation
        ) {
            Terminal.print("Parley serves on http://\(host):\(port)/")
            if let federation, let url = try? store.thisNode().url {
                Terminal.print(
                    "The federation API answers on https://\(federation.host):\(federation.port)/federation/v1/ (peers reach it at \(url))"
                )
            }
        }
    }

    /// For a node with an address, the federation API's listener: on the address's port, with the node's
    /// certificate and keys, read from the files beside the database; `nil` for any other database.
    func federationConfiguration(_ store: AppDatabase) throws -> FederationServer.Configuration? {
        guard let node = try store.nodeIfAny(), let url = node.url, let port = URL(string: url)?.port else { return nil }
        let certificatePath = NodeKeyFiles.tlsCertificatePath(database: database.path)
        let certificate = try NodeCertificate(
            certificatePEM: KeyFileIO.readText(certificatePath),
            privateKeyPEM: KeyFileIO.readText(NodeKeyFiles.tlsKeyPath(database: database.path)))
        guard certificate.fingerprint == node.tlsFingerprint else {
            throw CertificateReplaced(path: certificatePath, recorded: node.tlsFingerprint ?? "none")
        }
        return FederationServer.Configuration(
            host: federationHost, port: port, certificate: certificate, keys: try database.nodeKeys())
    }

    /// The node's certificate file is not the one its peers pinned.
    struct CertificateReplaced: ParleyError {
        let path: String
        let recorded: String
        var code: String { "node.certificate.replaced" }
        var message: String { "\(path) is not the certificate this node was made with (fingerprint \(recorded.prefix(16))…)" }
        var remedy: String { "Put back the certificate `parley node init` wrote: it is the one the peers pinned" }
    }

    static let demoAccounts: [(String, Principal)] = [
        ("official-ua", Principal(.official, for: "UA")), ("official-ru", Principal(.official, for: "RU")),
        ("mediator", Principal(.mediator, for: "US")), ("observer", Principal(.observer, for: "ICRC")),
        ("liaison-ua", Principal(.liaison, for: "UA")), ("admin", .admin),
    ]

    /// Sixteen letters and digits from the system's generator.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, disable, enable and list the accounts that sign in to the web app (admin).",
        subcommands: [Add.self, Disable.self, Enable.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; the password is read from standard input and stored as a bcrypt hash.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The username.") var username: String
        @Option(name: .customLong("principal"), help: "Who the account acts as, such as official:UA.") var acting: String

        func run() throws {
            guard let password = readLine(strippingNewline: true) else {
                throw AccountError.weakPassword(minimum: Passwords.minimumLength)
            }
            let account = try database.open().addUser(
                username, password: password, principal: try Principal(parsing: acting),
                as: principal.principal())
            Terminal.print("Added \(account.username) (\(account.principal))")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The username.") var username: String

        func run() throws {
            let account = try database.open().disableUser(username, as: principal.principal(), signedIn: nil)
            Terminal.print("Disabled \(account.username); its sessions have ended")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enable a disabled account again; it signs in with the password it had.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The username.") var username: String

        func run() throws {
            let account = try database.open().enableUser(username, as: principal.principal())
            Terminal.print("Enabled \(account.username)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions

        func run() throws {
            Terminal.table(
                ["USERNAME", "PRINCIPAL", "STATE", "FAILED SIGN-INS", "CREATED"],
                try database.open().users(as: principal.principal()).map { account in
                    [
                        account.username, account.principal.description, account.isDisabled ? "disabled" : "active",
                        String(account.failedLogins), account.createdAt,
                    ]
                })
        }
    }
}
