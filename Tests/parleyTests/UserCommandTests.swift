import Foundation
import Testing

extension ParleyRun {
    /// Runs `parley` with `input` on its standard input, as a person typing a password would.
    func run(_ arguments: [String], input: String) throws -> Output {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin"]
        let (stdin, out, err) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("parley user: accounts disabled and enabled again, never the last admin")
struct UserCommandTests {
    @Test("user disable refuses the last enabled admin; user enable restores an account")
    func disableAndEnable() throws {
        // Given a database with two admin accounts
        let parley = try ParleyRun()
        #expect(try parley("init", "--db", "p.sqlite").status == 0)
        for name in ["admin-1", "admin-2"] {
            let added = try parley.run(
                ["user", "add", name, "--principal", "admin", "--db", "p.sqlite", "--as", "admin"],
                input: "a long enough passphrase\n")
            #expect(added.status == 0, "\(added.stderr)")
        }

        // When one is disabled, and then the other
        #expect(try parley("user", "disable", "admin-1", "--db", "p.sqlite", "--as", "admin").status == 0)
        let last = try parley("user", "disable", "admin-2", "--db", "p.sqlite", "--as", "admin")

        // Then the last enabled admin is refused, saying what to do
        #expect(last.status == 1)
        #expect(last.stderr.contains("'admin-2' is the last enabled admin account"))
        #expect(last.stderr.contains("Add another admin first"))
        #expect(last.stderr.contains("[user.last-admin]"))

        // When the first is enabled again
        let enabled = try parley("user", "enable", "admin-1", "--db", "p.sqlite", "--as", "admin")

        // Then both are active, and the second may now be disabled
        #expect(enabled.status == 0)
        #expect(enabled.stdout.contains("Enabled admin-1"))
        let list = try parley("user", "list", "--db", "p.sqlite", "--as", "admin")
        #expect(!list.stdout.contains("disabled"))
        #expect(try parley("user", "disable", "admin-2", "--db", "p.sqlite", "--as", "admin").status == 0)
        #expect(try parley("user", "enable", "nobody", "--db", "p.sqlite", "--as", "admin").status == 1)
        #expect(try parley("journal", "verify", "--db", "p.sqlite", "--as", "admin").status == 0)
    }
}
