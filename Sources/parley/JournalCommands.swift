import ArgumentParser
import Foundation
import ParleyCore
import ParleyJSON
import ParleyLedger
import ParleyStore

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Verify the journal, or publish a checkpoint of it.",
        subcommands: [Verify.self, Checkpoint.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the journal's chain, its checkpoints and every row's state; name the first bad entry.",
            discussion: "Exits with status 4 when the journal does not verify.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try database.open()
            let acting = try principal.principal()
            let report = try store.verifyJournal(as: acting)
            if output.json {
                try Terminal.json(JournalReportJSON(report))
            } else {
                Terminal.print(JournalReportJSON(report).text)
                // A node's checkpoints that peers cosigned were checked among the others: say whose they are.
                for cosigned in try store.cosignatures(as: acting) {
                    Terminal.print(
                        "  cosigned by \(cosigned.witness.rawValue) at \(cosigned.checkpoint.size) entries (\(cosigned.at)): "
                            + "root \(cosigned.checkpoint.root.hex)")
                }
                for alarm in try store.witnessAlarms(as: acting) {
                    Terminal.print("  alarm (\(alarm.at)): \(alarm.peer.rawValue): \(alarm.problem)")
                }
            }
            if !report.isIntact { throw ExitCode(4) }
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the Merkle root over every entry so far (RFC 9162), to publish or sign.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions

        func run() throws {
            let checkpoint = try database.open().checkpoint(as: principal.principal())
            Terminal.print("Checkpoint over \(checkpoint.size) entries: root \(checkpoint.root.hex)")
        }
    }
}

extension JournalReportJSON {
    /// The report in words.
    var text: String {
        if let problem {
            return "Journal does NOT verify: \(problem)"
        }
        return """
            Journal verified: \(entries) entries, \(checkpoints) checkpoint\(checkpoints == 1 ? "" : "s"), \(subjectsChecked) rows match their last journaled state
              head \(head)
              root \(root)
            """
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database to a new file while it is in use, and verify the copy.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @Option(help: "The new file to write; it must not exist.") var to: String

    func run() throws {
        let report = try database.open().backup(to: to, as: principal.principal())
        Terminal.print("Backed up to \(report.path)")
        Terminal.print(JournalReportJSON(report.journal).text)
        if !report.journal.isIntact { throw ExitCode(4) }
    }
}
