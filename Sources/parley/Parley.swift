import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyStore

/// The `parley` command: a thin adapter that parses, calls a use case and prints.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract:
            "Coordinates mediated exchanges of prisoners of war: registries, talks, agreements, lists, handovers, a journal.",
        subcommands: [
            InitCommand.self, DemoCommand.self, GenerateCommand.self, PartyCommand.self, MatchCommand.self, ImportCommand.self,
            RecordsCommand.self,
            TalksCommand.self, AgreementCommand.self, ListCommand.self, KeyCommand.self, VerifyBundleCommand.self,
            HandoverCommand.self, ReconcileCommand.self, StatementCommand.self, ReviewCommand.self, ExchangeCommand.self,
            JournalCommand.self, ServeCommand.self, UserCommand.self,
            BackupCommand.self, NodeCommand.self, PeerCommand.self, TransmitCommand.self, OutboxCommand.self,
            InboxCommand.self, SyncCommand.self,
        ])

    /// Runs the command line, mapping Parley's errors to one line on stderr and a non-zero exit status.
    static func main() async {
        Terminal.bootstrapLogging()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as ParleyError {
            if let listing = error as? ListsRowProblems {
                for problem in listing.problems { Terminal.error(problem.message) }
                if listing.total > listing.problems.count {
                    Terminal.error("… and \(listing.total - listing.problems.count) more problems")
                }
            }
            exit(reporting: error)
        } catch {
            exit(withError: error)
        }
    }

    private static func exit(reporting error: ParleyError) -> Never {
        Terminal.error("parley: \(error.description) [\(error.code)]")
        Foundation.exit(status(of: error))
    }

    /// The exit status of an error: 3 for a refusal, 6 when another writer held the database too long, else 1.
    static func status(of error: ParleyError) -> Int32 {
        if error is AccessDenied { return 3 }
        if case .busy = error as? StoreError { return 6 }
        return 1
    }
}

/// An error that carries the problems of a file's rows, printed one per line before it.
protocol ListsRowProblems {
    var problems: [RowProblem] { get }
    var total: Int { get }
}

extension StoreError: ListsRowProblems {
    var problems: [RowProblem] {
        if case .importRejected(_, let problems, _) = self { problems } else { [] }
    }
    var total: Int {
        if case .importRejected(_, _, let total) = self { total } else { 0 }
    }
}

/// Where the command prints.
enum Terminal {
    /// Logs go to stderr, at the level in `PARLEY_LOG_LEVEL` (trace to critical; default warning).
    static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Says that a write waits for another writer, once each time it starts waiting.
    @Sendable static func announceWait(upTo seconds: Double) {
        error("parley: the database is busy with another writer (an import?); waiting up to \(StoreError.seconds(seconds)) …")
    }

    /// Prints a value as JSON, keys sorted, for scripts.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows as columns aligned under a header.
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}
