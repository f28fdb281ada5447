import ArgumentParser
import Foundation
import ParleyCore
import ParleyJSON
import ParleyLinkage
import ParleyStore

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Match one party's sought records against another's held records, and review the pairs.",
        discussion: """
            A run stores its candidate pairs; they wait in the queue until someone confirms or rejects \
            each. A confirmed pair is a link: the sought record becomes located, and returned when the \
            person is transferred at a handover. Decisions are final and outlive later runs.
            """,
        subcommands: [Run.self, Queue.self, Confirm.self, Reject.self, Links.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match the open records a party seeks against the persons another holds (observer).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The party whose sought records are matched.") var seeking: Party.Code
        @Option(help: "The party whose held records they are matched against.") var holding: Party.Code
        @Option(help: "Pairs at or above this probability are candidates.") var threshold = 0.9

        func run() async throws {
            let summary = try await database.open().runMatching(
                seeking: seeking, holding: holding, threshold: threshold, as: principal.principal())
            Terminal.print(
                "Run \(summary.run.id.rawValue): \(summary.sought) sought by \(seeking.rawValue) against \(summary.held) "
                    + "held by \(holding.rawValue); \(summary.run.candidates.count) candidate pairs, "
                    + "\(summary.alreadyDecided) already decided; \(summary.pending) waiting for review")
        }
    }

    struct Queue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the pairs waiting for review: both records side by side, with each field's weight.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The party whose sought records are reviewed.") var seeking: Party.Code
        @Option(help: "At most this many pairs.") var limit = 20

        func run() throws {
            let items = try database.open().reviewQueue(seeking: seeking, limit: limit, as: principal.principal())
            if output.json { return try Terminal.json(items.map(ReviewPairJSON.init)) }
            if items.isEmpty { Terminal.print("Nothing waits for review.") }
            for item in items { Terminal.print(ReviewPairJSON(item).text + "\n") }
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm pairs: each is one person. Their sought records become located. All or none.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The pairs' numbers, as review queue prints them.") var pairs: [Int64]

        func run() throws {
            let decisions = try database.open().decide(
                pairs.map(MatchCandidate.ID.init(rawValue:)), .confirmed, as: principal.principal())
            for (pair, decision) in zip(pairs, decisions) {
                Terminal.print("Confirmed pair \(pair): link \(decision.id.rawValue)")
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject pairs: each is two different people. All or none.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The pairs' numbers, as review queue prints them.") var pairs: [Int64]

        func run() throws {
            _ = try database.open().decide(pairs.map(MatchCandidate.ID.init(rawValue:)), .rejected, as: principal.principal())
            Terminal.print("Rejected pairs \(pairs.map(String.init).joined(separator: ", "))")
        }
    }

    struct Links: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the confirmed links of a party's sought records.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The party whose sought records are linked.") var seeking: Party.Code

        func run() throws {
            let links = try database.open().links(seeking: seeking, as: principal.principal())
            Terminal.table(
                ["LINK", "SOUGHT", "HELD", "BY", "AT"],
                links.map { link in
                    [
                        String(link.id.rawValue), String(link.sought.rawValue), String(link.held.rawValue),
                        link.by.description, link.at,
                    ]
                })
        }
    }
}

extension ReviewPairJSON {
    /// The pair as printed: both records side by side, the weight and its probability, each field's part.
    var text: String {
        let labels = ["record", "surname", "given name", "patronymic", "born", "place of birth", "service number"]
        let width = labels.map(\.count).max() ?? 0
        let left = Self.cells(sought)
        let right = Self.cells(held)
        let soughtWidth = max(left.map(\.count).max() ?? 0, 6)
        var lines = ["Pair \(pair) (run \(run)): weight \(weightWording), probability \(probabilityWording)"]
        lines.append(
            "  " + "".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + "sought".padding(toLength: soughtWidth, withPad: " ", startingAt: 0) + "  held")
        for (label, (left, right)) in zip(labels, zip(left, right)) {
            lines.append(
                "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + left.padding(toLength: soughtWidth, withPad: " ", startingAt: 0) + "  " + right)
        }
        lines.append(
            "  weights: "
                + fields.map { "\($0.field) \($0.level) \(String(format: "%+.1f", $0.weight))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    private static func cells(_ record: RegistryRecord) -> [String] {
        let person = record.person
        return [
            "\(record.party.rawValue) \(record.reference)", person.surname, person.givenName ?? "", person.patronymic ?? "",
            person.dateOfBirth?.description ?? "", person.placeOfBirth ?? "", person.serviceNumber ?? "",
        ]
    }
}
