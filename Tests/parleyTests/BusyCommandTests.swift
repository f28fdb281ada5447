import Foundation
import GRDB
import Testing

@Suite("A command that finds the database busy with another writer")
struct BusyCommandTests {
    @Test("waits, says so, then gives up after --busy-timeout with Parley's own line and exit status 6")
    func givesUp() throws {
        // Given a database whose write lock another connection holds, as a long import does
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "p.sqlite").status == 0)
        #expect(
            try parley("party", "add", "UA", "--name", "Ukraine", "--role", "belligerent", "--db", "p.sqlite", "--as", "admin")
                .status == 0)
        try parley.write("held.csv", "id,surname,given_name,date_of_birth\nUA-H-1,Іванов,Олексій,12.03.1994\n")
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let lock = try DatabaseQueue(path: parley.path("p.sqlite"), configuration: configuration)
        try lock.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? lock.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }

        // When an import runs with a wait of one second
        let started = Date()
        let run = try parley(
            "import", "--db", "p.sqlite", "--busy-timeout", "1", "--party", "UA", "--kind", "held", "held.csv")

        // Then it said that it waits, waited, and gave up with one line of its own and status 6
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "parley: the database is busy with another writer (an import?); waiting up to 1 s …")
        #expect(lines.last?.hasPrefix("parley: the database is busy with another writer") == true)
        #expect(lines.last?.hasSuffix("[database.busy]") == true)
        #expect(lines.count == 2)
        #expect(!run.stderr.contains("SQLite error"))
        #expect(run.status == 6)
        #expect(Date().timeIntervalSince(started) >= 0.9)
    }

    @Test("a --busy-timeout that is not a number of seconds is refused")
    func invalidTimeout() throws {
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "p.sqlite").status == 0)
        let run = try parley("records", "--db", "p.sqlite", "--busy-timeout=-1", "--as", "admin")
        #expect(run.status == 1)
        #expect(run.stderr.contains("[option.busy-timeout.invalid]"))
    }

    @Test("PARLEY_BUSY_TIMEOUT sets the wait when no --busy-timeout is given, and the flag wins over it")
    func environment() throws {
        // Given a database whose write lock another connection holds
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "p.sqlite").status == 0)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let lock = try DatabaseQueue(path: parley.path("p.sqlite"), configuration: configuration)
        try lock.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? lock.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let adding = ["party", "add", "PL", "--name", "Poland", "--role", "observer", "--db", "p.sqlite", "--as", "admin"]

        // When a command writes with the wait set in the environment, then also by the flag
        let byEnvironment = try parley.run(adding, environment: ["PARLEY_BUSY_TIMEOUT": "0.5"])
        let byFlag = try parley.run(adding + ["--busy-timeout", "0.3"], environment: ["PARLEY_BUSY_TIMEOUT": "0.5"])

        // Then each waited as long as it was told and gave up with status 6
        #expect(byEnvironment.stderr.contains("waiting up to 0.5 s …"))
        #expect(byEnvironment.status == 6)
        #expect(byFlag.stderr.contains("waiting up to 0.3 s …"))
        #expect(byFlag.stderr.contains("gave up after waiting 0.3 s"))
        #expect(byFlag.status == 6)
    }
}
