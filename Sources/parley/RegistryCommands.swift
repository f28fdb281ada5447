import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty database.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let existed = FileManager.default.fileExists(atPath: database.path)
        let app = try database.open(creating: true)
        let pragmas = try app.writerPragmas()
        Terminal.print(
            "\(existed ? "Opened" : "Created") \(database.path) (journal mode \(pragmas.journalMode), synchronous \(pragmas.synchronous == 2 ? "full" : String(pragmas.synchronous)))"
        )
    }
}

struct PartyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "party", abstract: "Register and list the parties to the talks.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a party: a belligerent, mediator, host or observer.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The party's code, such as UA, RU, US, AE or ICRC.") var code: Party.Code
        @Option(help: "The party's name.") var name: String
        @Option(name: .customLong("role"), help: "A role the party plays; repeat for several.") var roles: [PartyRole]

        func run() throws {
            let party = try database.open().registerParty(
                Party(code: code, name: name, roles: Set(roles)), as: principal.principal())
            Terminal.print(
                "Registered \(party.code.rawValue) (\(party.name)) as \(party.roles.map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the parties.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let parties = try database.open().parties(as: principal.principal())
            if output.json { return try Terminal.json(parties) }
            Terminal.table(
                ["CODE", "NAME", "ROLES"],
                parties.map { [$0.code.rawValue, $0.name, $0.roles.map(\.rawValue).sorted().joined(separator: ",")] })
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a registry file into a party's held or sought records, all or nothing.",
        discussion: """
            The file is CSV with a header naming its columns; see the README for the columns. \
            UTF-8 (with or without a byte order mark) and Windows-1251 are detected; a file in KOI8-R is recognised \
            and read with --encoding koi8-r; a file that mixes encodings is refused. \
            If any row is bad, every problem is printed as file:line: column: value: reason and nothing is written. \
            Importing the same file again adds nothing. Acts as --as, which defaults to official:PARTY.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @Option(help: "The party whose registry this is.") var party: Party.Code
    @Option(help: "held: persons the party holds; sought: its own persons it seeks.") var kind: RecordKind
    @Option(help: "utf-8, windows-1251 or koi8-r; detected when left out.") var encoding: String?
    @Argument(help: "The CSV file.") var path: String

    func run() throws {
        let encoding = try self.encoding.map { name in
            guard let encoding = TextEncoding(name: name) else { throw UnknownEncoding(name: name) }
            return encoding
        }
        let bytes = try FileBytes(mapping: path)
        let actor =
            principal.actingAs == nil && ProcessInfo.processInfo.environment["PARLEY_AS"] == nil
            ? Principal(.official, for: party) : try principal.principal()
        let outcome = try database.open().importRegistry(
            file: (path as NSString).lastPathComponent, bytes: bytes, party: party, kind: kind, encoding: encoding,
            as: actor, progress: { rows in Terminal.error("… \(rows) rows read") })
        if let earlier = outcome.earlierImport {
            Terminal.print("\(outcome.file) was already imported (import \(earlier.rawValue)); nothing changed")
        } else {
            Terminal.print(
                "\(outcome.file) (\(outcome.encoding.rawValue)): \(outcome.rows) rows, \(outcome.added) added, \(outcome.unchanged) already in the \(party.rawValue) \(kind.rawValue) registry"
                    + (outcome.importID.map { " (import \($0.rawValue))" } ?? "; nothing changed"))
        }
    }
}

struct UnknownEncoding: ParleyError {
    let name: String
    var code: String { "import.encoding.unknown" }
    var message: String { "'\(name)' is not an encoding Parley reads" }
    var remedy: String { "Give --encoding \(TextEncoding.acceptedNames), or leave it out to detect it" }
}

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "List the records you may read, filtered by party, kind, status and text.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this party's records.") var party: Party.Code?
    @Option(help: "held or sought.") var kind: RecordKind?
    @Option(help: "Only records in this status, such as registered or open.") var status: String?
    @Option(help: "A name in any script or spelling (Oleksandr finds Олександр and Александр), or a whole reference.")
    var text: String?
    @Option(help: "How many records to print.") var limit = 50
    @Option(help: "How many matching records to skip.") var offset = 0

    func run() throws {
        let page = try database.open().records(
            RecordQuery(party: party, kind: kind, status: status, text: text, limit: limit, offset: offset),
            as: principal.principal())
        if output.json { return try Terminal.json(page.records) }
        Terminal.table(
            ["ID", "PARTY", "KIND", "REFERENCE", "STATUS", "SURNAME", "GIVEN NAME", "PATRONYMIC", "BORN"],
            page.records.map { record in
                [
                    String(record.id.rawValue), record.party.rawValue, record.kind.rawValue, record.reference,
                    record.status.name, record.person.surname, record.person.givenName ?? "",
                    record.person.patronymic ?? "", record.person.dateOfBirth?.description ?? "",
                ]
            })
        Terminal.print("\(page.records.count) of \(page.totalWording) matching records shown")
    }
}
