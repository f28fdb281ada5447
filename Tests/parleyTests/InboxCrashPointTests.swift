import Foundation
import GRDB
import Testing

/// `parley inbox import` killed with SIGKILL while it applies a carried file: each transmission is applied
/// whole or not at all, the journal verifies, and taking the same file again completes it.
@Suite("A node killed while it applies transmissions loses or half-writes nothing")
struct InboxCrashPointTests {
    static let moments = 6

    @Test(
        "SIGKILL at 6 moments of an inbox import: every time whole transmissions only, a journal that verifies, and a retake that completes"
    )
    func killedInboxImports() throws {
        // Given the hub's database (a template, copied for each kill) and a file from UA with 12,000 records
        // in two transmissions (10,000 and 2,000)
        let (parley, ukraine, hub) = try NodeCommandTests.twoNodes()
        #expect(try parley("generate", "--out", "files", "--seed", "12", "--held-per-side", "12000").status == 0)
        let imported = try parley(
            "import", "--db", ukraine, "--party", "UA", "--kind", "held", "files/ua-held.csv", "--as", "official:UA")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try parley("transmit", "records", "--to", "ICRC", "--db", ukraine, "--as", "admin").status == 0)
        #expect(
            try parley("outbox", "export", "--to", "ICRC", "--out", "to-hub.age", "--db", ukraine, "--as", "admin").status == 0)
        let file = parley.path("to-hub.age")

        // How long a whole import takes, to spread the kills over it
        try parley.copyDatabase(hub, to: "timed.sqlite")
        let started = ContinuousClock.now
        let whole = try parley("inbox", "import", file, "--db", "timed.sqlite", "--as", "admin")
        let duration = ContinuousClock.now - started
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try records(in: parley.path("timed.sqlite")) == 12_000)

        var outcomes: [Int] = []
        for moment in 1...Self.moments {
            // When the import is killed at this moment
            let name = "killed-\(moment).sqlite"
            try parley.copyDatabase(hub, to: name)
            try parley.kill(
                ["inbox", "import", file, "--db", name, "--as", "admin"],
                after: duration * (Double(moment) / Double(Self.moments + 1)))

            // Then the journal verifies and the registry holds whole transmissions only
            let verify = try parley("journal", "verify", "--db", name, "--as", "admin")
            #expect(verify.status == 0, "moment \(moment): \(verify.stdout) \(verify.stderr)")
            let count = try records(in: parley.path(name))
            #expect([0, 10_000, 12_000].contains(count), "moment \(moment): \(count) records")
            outcomes.append(count)

            // And taking the same file again completes it
            let again = try parley("inbox", "import", file, "--db", name, "--as", "admin")
            #expect(again.status == 0, "moment \(moment): \(again.stderr)")
            #expect(try records(in: parley.path(name)) == 12_000, "moment \(moment)")
        }
        // Some kills came before the last commit, so the test did kill imports in flight
        #expect(outcomes.contains { $0 < 12_000 }, "\(outcomes)")
    }

    private func records(in path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE party = 'UA'") ?? -1 }
    }
}
