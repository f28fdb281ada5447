import Foundation
import GRDB
import Testing

/// `parley import` killed with SIGKILL at many moments: after each kill the journal verifies and
/// the import is all or nothing, as if the machine had lost power then.
@Suite("An import killed at any moment loses or half-writes nothing")
struct CrashPointTests {
    /// Moments to kill at, spread over an import's run.
    static let moments = 20

    @Test("SIGKILL at 20 moments of an import: every time the journal verifies and the registry has all or none of the file")
    func killedImports() throws {
        // Given an empty database with the party registered, and a registry file of some thousands of rows
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "template.sqlite").status == 0)
        #expect(
            try parley(
                "party", "add", "RU", "--name", "Russian Federation", "--role", "belligerent", "--db", "template.sqlite",
                "--as", "admin"
            ).status == 0)
        #expect(try parley("generate", "--out", "files", "--seed", "11", "--held-per-side", "6000").status == 0)
        let file = parley.path("files/ru-held.csv")
        let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count - 1

        // How long a whole import takes, to spread the kills over it
        try parley.copyDatabase("template.sqlite", to: "timed.sqlite")
        let started = ContinuousClock.now
        let whole = try parley("import", "--db", "timed.sqlite", "--party", "RU", "--kind", "held", file)
        let duration = ContinuousClock.now - started
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try records(in: parley.path("timed.sqlite")) == rows)

        var outcomes: [Int] = []
        for moment in 1...Self.moments {
            // When the import is killed at this moment
            let name = "killed-\(moment).sqlite"
            try parley.copyDatabase("template.sqlite", to: name)
            try parley.kill(
                ["import", "--db", name, "--party", "RU", "--kind", "held", file],
                after: duration * (Double(moment) / Double(Self.moments + 1)) * 1.1)

            // Then the journal verifies and the registry holds the whole file or none of it
            let verify = try parley("journal", "verify", "--db", name, "--as", "admin")
            #expect(verify.status == 0, "moment \(moment): \(verify.stdout) \(verify.stderr)")
            let count = try records(in: parley.path(name))
            #expect(count == 0 || count == rows, "moment \(moment): \(count) of \(rows) records")
            outcomes.append(count)

            // And importing the file again completes it
            let again = try parley("import", "--db", name, "--party", "RU", "--kind", "held", file)
            #expect(again.status == 0, "moment \(moment): \(again.stderr)")
            #expect(try records(in: parley.path(name)) == rows, "moment \(moment)")
        }
        // Some kills came before the commit, so the test did kill imports in flight
        #expect(outcomes.contains(0), "\(outcomes)")
    }

    private func records(in path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record") ?? -1 }
    }
}
