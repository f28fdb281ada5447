import ArgumentParser
import Foundation
import ParleyCore
import ParleyJSON
import ParleyStore

extension HandoverOutcome.Kind: ExpressibleByArgument {}

struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover", abstract: "Record, person by person, what happened at the handover; then close it.",
        subcommands: [Record.self, Close.self], defaultSubcommand: Record.self)

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one person's outcome on an approved list, or every remaining one as transferred.",
            discussion: """
                Outcomes: transferred (the only one that completes the exchange for the person), withheld, \
                refused (repatriation, Art. 109), deceased, substituted (with --substitute: the person \
                transferred instead, who must pass the same checks). Outcomes are final.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The list.") var list: Int64
        @Option(help: "The day of the handover, YYYY-MM-DD.") var date: PartialDate
        @Option(help: "The person's reference on the list.") var record: String?
        @Option(help: "transferred, withheld, refused, deceased or substituted.") var outcome: HandoverOutcome.Kind?
        @Option(help: "For substituted: the reference of the person transferred instead.") var substitute: String?
        @Flag(help: "Record everyone on the list without an outcome yet as transferred.") var remainingTransferred = false

        func validate() throws {
            if remainingTransferred == (record != nil) {
                throw ValidationError("Give either --record with --outcome, or --remaining-transferred.")
            }
            if record != nil && outcome == nil { throw ValidationError("Give --outcome for --record.") }
        }

        func run() throws {
            let store = try database.open()
            let id = ExchangeList.ID(rawValue: list)
            if remainingTransferred {
                let count = try store.recordRemainingTransferred(list: id, on: date, as: principal.principal())
                Terminal.print("Recorded \(count) transferred on list \(list)")
                return
            }
            guard let record, let outcome else { return }
            let recorded = try store.recordOutcome(
                list: id, reference: record, outcome: outcome, substitute: substitute, on: date, as: principal.principal())
            Terminal.print(
                "Recorded \(record): \(recorded.kind.rawValue)" + (substitute.map { ", \($0) transferred instead" } ?? ""))
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close the handover of an agreement: record the exchange with the figures delivered each way.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The agreement.") var agreement: Int64
        @Option(
            help: """
                Close the handover although a direction has no approved list or persons without an outcome, for this \
                reason; the journal keeps it and the statement reports it.
                """)
        var partialReason: String?

        @Option(help: "The day of the exchange, YYYY-MM-DD.") var date: PartialDate

        func run() throws {
            let exchange = try database.open().closeHandover(
                agreement: Agreement.ID(rawValue: agreement), on: date, partialReason: partialReason,
                as: principal.principal())
            Terminal.print("Recorded exchange \(exchange.id.rawValue) on \(exchange.date)")
            if let partial = exchange.partialClose {
                Terminal.print("Closed in part (\(partial.reason)); open: \(partial.open.map(\.wording).joined(separator: "; "))")
            }
            for delivery in exchange.deliveries {
                Terminal.print(
                    "  \(delivery.from.rawValue) → \(delivery.to.rawValue): \(delivery.count) \(delivery.category.rawValue)")
            }
        }
    }
}

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Compare agreed, listed, signed and delivered, per side, and say why they differ.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The agreement.") var agreement: Int64

    func run() throws {
        let store = try database.open()
        let id = Agreement.ID(rawValue: agreement)
        let reconciliation = try store.reconcile(agreement: id, as: principal.principal())
        if output.json {
            return try Terminal.json(
                ReconciliationJSON(reconciliation, statement: try store.statement(agreement: id, as: principal.principal())))
        }
        Terminal.table(
            ["DIRECTION", "AGREED", "LISTED", "SIGNED", "DELIVERED"],
            reconciliation.sides.map { side in
                [
                    "\(side.releasing.rawValue) → \(side.receiving.rawValue)", side.quota.wording, String(side.listed),
                    side.signedVersion == nil ? "-" : String(side.signed), String(side.delivered),
                ]
            })
        for side in reconciliation.sides {
            for reason in side.differences {
                Terminal.print("\(side.releasing.rawValue) → \(side.receiving.rawValue): \(reason)")
            }
        }
        if let late = reconciliation.daysPastDeadline, let deadline = reconciliation.agreement.deadline {
            Terminal.print("The handover came \(late) days after the deadline of the terms, \(deadline).")
        }
        if let interval = reconciliation.sincePreviousExchange {
            Terminal.print("The first exchange in \(interval.wording) (\(interval.totalDays) days), since \(interval.from).")
        }
    }
}

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement", abstract: "Write the public statement of an agreement: figures only, never a name.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @Option(help: "The agreement.") var agreement: Int64

    func run() throws {
        Terminal.print(try database.open().statement(agreement: Agreement.ID(rawValue: agreement), as: principal.principal()))
    }
}
