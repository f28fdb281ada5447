import Foundation
import GRDB
import ParleyCore
import Testing

/// Runs the built `parley` binary as a person would, in a folder of its own.
struct ParleyRun {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The `parley` executable built beside this test binary.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley")
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    func callAsFunction(_ arguments: String...) throws -> Output {
        try run(arguments)
    }

    /// Runs the command with `environment` added to a bare `PATH`.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, given in given }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs the command and kills it with SIGKILL after `delay`, as a power cut would.
    func kill(_ arguments: [String], after delay: Duration) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts the command and leaves it running, its output discarded: stop it with `terminate()`.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Copies a database with its write-ahead log and the node's key files beside it, those that exist.
    func copyDatabase(_ source: String, to target: String) throws {
        for suffix in ["", "-wal", "-shm", ".node-key", ".node-identity.age"]
        where FileManager.default.fileExists(atPath: path(source + suffix)) {
            try FileManager.default.copyItem(atPath: path(source + suffix), toPath: path(target + suffix))
        }
    }
}

@Suite("The parley command, end to end")
struct CommandLineTests {
    @Test("every command has help")
    func help() throws {
        let parley = try ParleyRun()
        let root = try parley("--help")
        #expect(root.status == 0)
        for command in [
            "init", "demo", "party", "import", "records", "talks", "agreement", "list", "key", "verify-bundle", "handover",
            "reconcile", "statement", "exchange", "journal", "backup",
        ] {
            #expect(root.stdout.contains(command), "\(command) is listed")
            #expect(try parley(command, "--help").status == 0, "\(command) --help")
        }
    }

    @Test("import: good file, the same file again, a bad file with every problem listed and nothing written")
    func importFlow() throws {
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "p.sqlite").status == 0)
        for (code, name) in [("UA", "Ukraine"), ("RU", "Russian Federation")] {
            #expect(
                try parley("party", "add", code, "--name", name, "--role", "belligerent", "--db", "p.sqlite", "--as", "admin")
                    .status == 0)
        }
        try parley.write(
            "held.csv", "id,surname,given_name,date_of_birth\nUA-H-1,Іванов,Олексій,12.03.1994\nUA-H-2,Петров,Ігор,1990\n")
        let first = try parley("import", "--db", "p.sqlite", "--party", "UA", "--kind", "held", "held.csv")
        #expect(first.status == 0)
        #expect(first.stdout.contains("2 rows, 2 added"))
        let again = try parley("import", "--db", "p.sqlite", "--party", "UA", "--kind", "held", "held.csv")
        #expect(again.stdout.contains("already imported"))

        try parley.write(
            "bad.csv",
            "id,surname,given_name,date_of_birth\nRU-H-1,Шевченко,Олександр,1994\nRU-H-2,,Микола,1990\nRU-H-3,Бойко,Іван,1994-13\n"
        )
        let bad = try parley("import", "--db", "p.sqlite", "--party", "RU", "--kind", "held", "bad.csv")
        #expect(bad.status == 1)
        let lines = bad.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("bad.csv:3: surname: : required; it must not be empty"))
        #expect(lines.contains("bad.csv:4: date_of_birth: 1994-13: month 13 does not exist; months run 1 to 12"))
        #expect(bad.stderr.contains("nothing was written"))
        let russian = try parley("records", "--db", "p.sqlite", "--as", "official:RU", "--json")
        let listed = try JSONSerialization.jsonObject(with: Data(russian.stdout.utf8)) as? [Any]
        #expect(listed?.count == 0)
        let ukrainian = try parley("records", "--db", "p.sqlite", "--as", "official:UA", "--json")
        let records = try JSONSerialization.jsonObject(with: Data(ukrainian.stdout.utf8)) as? [[String: Any]]
        #expect(records?.count == 2)
        #expect((records?.first?["person"] as? [String: Any])?["surname"] as? String == "Іванов")

        let denied = try parley("records", "--db", "p.sqlite", "--as", "official:RU", "--party", "UA")
        #expect(denied.status == 3)
        #expect(denied.stderr.contains("official:RU may not read the records of party UA"))
        let nobody = try parley("records", "--db", "p.sqlite")
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("--as"))
    }

    @Test("demo, verify, tamper, verify again, back up")
    func demoAndJournal() throws {
        let parley = try ParleyRun()
        let demo = try parley("demo", "--db", "demo.sqlite", "--held-per-side", "300")
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("it read either 314 in all = 157 per side, or 314 per side = 628 in all"))
        #expect(demo.stdout.contains("settled as total: 314 in all = 157 per side"))
        #expect(demo.stdout.contains("the first exchange since 2025-10-02: 4 months and 3 days (126 days)"))
        #expect(demo.stdout.contains("Journal verified"))

        let verified = try parley("journal", "verify", "--db", "demo.sqlite", "--as", "observer:ICRC", "--json")
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("\"intact\" : true"))

        let backup = try parley("backup", "--db", "demo.sqlite", "--as", "admin", "--to", "copy.sqlite")
        #expect(backup.status == 0)
        #expect(backup.stdout.contains("Journal verified"))

        // Someone edits a record directly in the file.
        try DatabaseQueue(path: parley.path("demo.sqlite")).write { db in
            try db.execute(sql: "UPDATE record SET date_of_birth = '1990' WHERE id = 5")
        }
        let broken = try parley("journal", "verify", "--db", "demo.sqlite", "--as", "admin")
        #expect(broken.status == 4)
        #expect(broken.stdout.contains("Journal does NOT verify: record:5 differs from its state in the journal"))
        // The backup made before is still intact.
        #expect(try parley("journal", "verify", "--db", "copy.sqlite", "--as", "admin").status == 0)
    }

    @Test("talks and agreements from the command line, with both readings shown")
    func talks() throws {
        let parley = try ParleyRun()
        _ = try parley("init", "--db", "t.sqlite")
        for (code, role) in [("UA", "belligerent"), ("RU", "belligerent"), ("US", "mediator"), ("AE", "host")] {
            _ = try parley("party", "add", code, "--name", code, "--role", role, "--db", "t.sqlite", "--as", "admin")
        }
        let round = try parley(
            "talks", "add", "--db", "t.sqlite", "--as", "mediator:US", "--city", "Abu Dhabi", "--country", "AE", "--host", "AE",
            "--mediators", "US", "--parties", "UA", "RU", "--from", "2026-02-04", "--to", "2026-02-05")
        #expect(round.status == 0, "\(round.stderr)")
        let agreement = try parley(
            "agreement", "add", "--db", "t.sqlite", "--as", "mediator:US", "--round", "1", "--quantity", "314", "--basis",
            "unspecified", "--wording", "exchange 314 prisoners")
        #expect(agreement.stdout.contains("314 in all = 157 per side"))
        #expect(agreement.stdout.contains("314 per side = 628 in all"))
        let list = try parley("agreement", "list", "--db", "t.sqlite", "--as", "official:UA")
        #expect(list.stdout.contains("lists cannot be frozen until it is settled"))
        let settle = try parley("agreement", "settle", "1", "--basis", "per_side", "--db", "t.sqlite", "--as", "mediator:US")
        #expect(settle.stdout.contains("314 per side = 628 in all"))
        let twice = try parley("agreement", "settle", "1", "--basis", "total", "--db", "t.sqlite", "--as", "mediator:US")
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already settled as 'per_side'"))
    }
}
