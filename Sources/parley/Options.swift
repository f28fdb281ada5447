import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyStore

/// The options every command that opens a database shares, read in this one place:
/// a flag first, then the environment, then the default.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file. Default: $PARLEY_DB, else parley.sqlite.")
    var db: String?

    @Option(
        name: .long,
        help: """
            The longest a write waits, in seconds, while another import holds the database. \
            Default: $PARLEY_BUSY_TIMEOUT, else 60 (5 for serve).
            """)
    var busyTimeout: Double?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["PARLEY_DB"] ?? "parley.sqlite"
    }

    /// The longest a write waits for another writer: the flag, then `PARLEY_BUSY_TIMEOUT`, then `standard` seconds.
    func busyTimeout(standard: Double) throws -> Double {
        if let busyTimeout { return try Self.validTimeout(busyTimeout, from: "--busy-timeout \(busyTimeout)") }
        guard let text = ProcessInfo.processInfo.environment["PARLEY_BUSY_TIMEOUT"] else { return standard }
        guard let seconds = Double(text) else {
            throw InvalidBusyTimeout(given: "PARLEY_BUSY_TIMEOUT=\(text)")
        }
        return try Self.validTimeout(seconds, from: "PARLEY_BUSY_TIMEOUT=\(text)")
    }

    private static func validTimeout(_ seconds: Double, from given: String) throws -> Double {
        guard seconds.isFinite, seconds >= 0, seconds <= 86_400 else { throw InvalidBusyTimeout(given: given) }
        return seconds
    }

    /// Opens the database, which must already exist unless `creating`.
    ///
    /// A write that finds another writer holding the database waits its turn, saying so on stderr once.
    func open(creating: Bool = false) throws -> AppDatabase {
        try open(creating: creating, wait: BusyWait(timeout: busyTimeout(standard: 60), onWait: Terminal.announceWait))
    }

    /// Opens the database, waiting for another writer as `wait` says.
    func open(creating: Bool = false, wait: BusyWait) throws -> AppDatabase {
        if !creating && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "there is no such file")
        }
        return try AppDatabase.open(path: path, wait: wait, logger: Logger(label: "parley"))
    }
}

struct InvalidBusyTimeout: ParleyError {
    let given: String
    var code: String { "option.busy-timeout.invalid" }
    var message: String { "\(given) is not a number of seconds from 0 to 86400" }
    var remedy: String { "Give the longest wait in seconds, such as --busy-timeout 120" }
}

/// Who is acting, for every command that reads or changes data.
struct PrincipalOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: "Who acts: official:PARTY, mediator:PARTY, observer:PARTY, liaison:PARTY or admin. Default: $PARLEY_AS.")
    var actingAs: String?

    func principal() throws -> Principal {
        guard let text = actingAs ?? ProcessInfo.processInfo.environment["PARLEY_AS"] else {
            throw MissingPrincipal()
        }
        return try Principal(parsing: text)
    }
}

struct MissingPrincipal: ParleyError {
    var code: String { "principal.missing" }
    var message: String { "this command needs to know who is acting" }
    var remedy: String { "Give --as, such as --as official:UA or --as mediator:US, or set PARLEY_AS" }
}

/// Lets a command print a listing as JSON instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}

extension Party.Code: @retroactive ExpressibleByArgument {
    public init?(argument: String) {
        guard let code = try? Party.validCode(argument) else { return nil }
        self = code
    }
}

extension RecordKind: ExpressibleByArgument {}
extension QuantityBasis: ExpressibleByArgument {}
extension ExchangeSubject: ExpressibleByArgument {}
extension PartyRole: ExpressibleByArgument {}

extension PartialDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = try? PartialDate(parsing: argument) else { return nil }
        self = date
    }
}
