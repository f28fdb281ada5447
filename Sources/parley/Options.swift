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

    var path: String {
        db ?? ProcessInfo.processInfo.environment["PARLEY_DB"] ?? "parley.sqlite"
    }

    /// Opens the database, which must already exist unless `creating`.
    func open(creating: Bool = false) throws -> AppDatabase {
        if !creating && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "there is no such file")
        }
        return try AppDatabase.open(path: path, logger: Logger(label: "parley"))
    }
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
