import ArgumentParser
import Foundation
import ParleyCore
import ParleyJSON
import ParleyStore

struct TalksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talks", abstract: "Record and list rounds of talks.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a round of talks.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The city where the round met.") var city: String
        @Option(help: "The country of the venue, such as AE.") var country: String
        @Option(help: "The host party's code.") var host: Party.Code
        @Option(parsing: .upToNextOption, help: "The mediators' codes.") var mediators: [Party.Code] = []
        @Option(parsing: .upToNextOption, help: "The parties' codes, such as UA RU.") var parties: [Party.Code]
        @Option(help: "The first day, YYYY-MM-DD.") var from: PartialDate
        @Option(help: "The last day, YYYY-MM-DD.") var to: PartialDate

        func run() throws {
            let round = try database.open().recordRound(
                Round(
                    venueCity: city, venueCountry: country, host: host, mediators: mediators, parties: parties,
                    startsOn: from, endsOn: to),
                as: principal.principal())
            Terminal.print("Recorded round \(round.id.rawValue): \(round.venueCity), \(round.startsOn) to \(round.endsOn)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rounds of talks.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let rounds = try database.open().rounds(as: principal.principal())
            if output.json { return try Terminal.json(rounds) }
            Terminal.table(
                ["ROUND", "VENUE", "HOST", "MEDIATORS", "PARTIES", "FROM", "TO"],
                rounds.map { round in
                    [
                        String(round.id.rawValue), "\(round.venueCity), \(round.venueCountry)", round.host.rawValue,
                        round.mediators.map(\.rawValue).joined(separator: ","),
                        round.parties.map(\.rawValue).joined(separator: ","),
                        round.startsOn.description, round.endsOn.description,
                    ]
                })
        }
    }
}

struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement", abstract: "Record, settle and list agreements.",
        subcommands: [Add.self, Settle.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an agreement reached at a round.",
            discussion: """
                A quantity needs a basis: per_side, total, or unspecified when the announcement did not say; \
                an unspecified basis is shown under both readings and blocks freezing lists until settled. \
                With --all-for-all there is no number, and --category names who is covered.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The round at which it was agreed.") var round: Int64
        @Option(help: "prisoners_of_war, civilians or remains.") var subject: ExchangeSubject = .prisonersOfWar
        @Option(help: "The number agreed.") var quantity: Int?
        @Option(help: "per_side, total or unspecified.") var basis: QuantityBasis?
        @Flag(help: "All for all within the categories, with no number.") var allForAll = false
        @Option(
            name: .customLong("category"),
            help: "seriously_wounded_or_sick, civilians, held_longest or aged:MIN-MAX; repeat for several.")
        var categories: [String] = []
        @Option(help: "Counts that differ by side on purpose, such as UA:230,RU:248; they must add up to a total quantity.")
        var unequal: String?
        @Option(help: "Why the counts differ, as the parties recorded it; required with --unequal.") var justification: String?
        @Option(help: "The deadline, YYYY-MM-DD.") var deadline: PartialDate?
        @Option(help: "The words of the announcement, as reported.") var wording: String

        func validate() throws {
            if allForAll && quantity != nil { throw ValidationError("Give either --quantity or --all-for-all, not both.") }
            if !allForAll && (quantity == nil || basis == nil) {
                throw ValidationError("Give --quantity and --basis (per_side, total or unspecified), or --all-for-all.")
            }
            if (unequal == nil) != (justification == nil) {
                throw ValidationError("Give --unequal and --justification together.")
            }
        }

        /// `UA:230,RU:248` as shares.
        func unequalCounts() throws -> UnequalCounts? {
            guard let unequal, let justification else { return nil }
            let shares = try unequal.split(separator: ",").map { part in
                let pieces = part.split(separator: ":")
                guard pieces.count == 2, let party = Party.Code(argument: String(pieces[0])), let count = Int(pieces[1]) else {
                    throw ValidationError("--unequal: '\(part)' is not PARTY:COUNT; write such as UA:230,RU:248.")
                }
                return UnequalCounts.Share(party: party, count: count)
            }
            return UnequalCounts(shares: shares, justification: justification)
        }

        func run() throws {
            let quantity = try self.quantity.map { try Quantity(count: $0, basis: basis ?? .unspecified) }
            let agreement = try database.open().recordAgreement(
                Agreement(
                    round: Round.ID(rawValue: round), subject: subject, quantity: quantity, unequalCounts: unequalCounts(),
                    categories: categories.map(EligibilityCategory.init(name:)), deadline: deadline, wording: wording),
                as: principal.principal())
            Terminal.print("Recorded agreement \(agreement.id.rawValue)")
            for reading in agreement.quantity?.readings ?? [] { Terminal.print("  \(reading.sentence)") }
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settle the basis of an agreement announced without one.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The agreement.") var agreement: Int64
        @Option(help: "per_side or total.") var basis: QuantityBasis

        func run() throws {
            let settled = try database.open().settleAgreement(
                Agreement.ID(rawValue: agreement), as: basis, as: principal.principal())
            Terminal.print("Settled agreement \(agreement): \(settled.quantity?.readings.first?.sentence ?? "")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List agreements, with both readings of any unspecified number.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let summaries = try database.open().agreements(as: principal.principal())
            if output.json { return try Terminal.json(summaries.map(AgreementJSON.init)) }
            for summary in summaries { Terminal.print(AgreementJSON(summary).text) }
        }
    }
}

extension AgreementJSON {
    /// The agreement in words.
    var text: String {
        var lines = ["Agreement \(id), round \(round) (\(venue), \(agreedOn)): \(wording) [\(subject)]"]
        if let basis {
            lines.append("  basis: \(basis)" + (blocksFreezing ? " (lists cannot be frozen until it is settled)" : ""))
        } else {
            lines.append("  all for all: " + categories.joined(separator: ", "))
        }
        let readingLabel = readings.count > 1 ? "either" : "reading"
        lines += readings.map { "  \(readingLabel): \($0)" }
        if let unequalCounts, let justification { lines.append("  unequal counts: \(unequalCounts), because \(justification)") }
        if !categories.isEmpty && basis != nil { lines.append("  categories: " + categories.joined(separator: ", ")) }
        if let previousExchange, let sincePreviousExchange, let daysSincePreviousExchange {
            lines.append(
                "  the first exchange since \(previousExchange): \(sincePreviousExchange) (\(daysSincePreviousExchange) days)")
        }
        return lines.joined(separator: "\n")
    }
}

struct ExchangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange", abstract: "Record and list exchanges that took place.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an exchange with its figures.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The day of the exchange, YYYY-MM-DD.") var date: PartialDate
        @Option(help: "The agreement it carried out, if it is recorded.") var agreement: Int64?
        @Option(
            name: .customLong("delivery"),
            help: "FROM:TO:CATEGORY:COUNT, such as UA:RU:military:185; repeat for each direction and category.")
        var deliveries: [String]

        func run() throws {
            let parsed = try deliveries.map { text in
                let parts = text.split(separator: ":").map(String.init)
                guard parts.count == 4, let from = Party.Code(argument: parts[0]), let to = Party.Code(argument: parts[1]),
                    let category = PersonCategory(rawValue: parts[2]), let count = Int(parts[3]), count > 0
                else {
                    throw ValidationError(
                        "'\(text)' is not a delivery; write FROM:TO:CATEGORY:COUNT, such as UA:RU:military:185.")
                }
                return Exchange.Delivery(from: from, to: to, category: category, count: count)
            }
            let exchange = try database.open().recordExchange(
                Exchange(date: date, agreement: agreement.map(Agreement.ID.init(rawValue:)), deliveries: parsed),
                as: principal.principal())
            Terminal.print("Recorded exchange \(exchange.id.rawValue) on \(exchange.date)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List exchanges.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let exchanges = try database.open().exchanges(as: principal.principal())
            if output.json { return try Terminal.json(exchanges) }
            Terminal.table(
                ["EXCHANGE", "DATE", "FROM", "TO", "CATEGORY", "COUNT"],
                exchanges.flatMap { exchange in
                    exchange.deliveries.map { delivery in
                        [
                            String(exchange.id.rawValue), exchange.date.description, delivery.from.rawValue,
                            delivery.to.rawValue, delivery.category.rawValue, String(delivery.count),
                        ]
                    }
                })
        }
    }
}
