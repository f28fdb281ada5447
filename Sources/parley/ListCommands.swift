import ArgumentParser
import Foundation
import ParleyCore
import ParleyJSON
import ParleyLedger
import ParleyStore

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Draft, check, freeze, sign and export the exchange list of one direction of an agreement.",
        discussion: """
            A list holds the persons one party releases to the other. It is edited as a draft, checked \
            against the terms, frozen (which fixes its digest), signed by an official of each party and \
            the mediator, and exported as one file that verifies offline. A change to a frozen version \
            makes a new draft version with no signatures.
            """,
        subcommands: [
            Draft.self, Add.self, Remove.self, Show.self, Check.self, Suggest.self, Freeze.self, Sign.self, Export.self,
        ])

    struct ListOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The list's number, as parley list show prints it.") var list: Int64

        var id: ExchangeList.ID { ExchangeList.ID(rawValue: list) }
    }

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the list a party releases under an agreement.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "The agreement.") var agreement: Int64
        @Option(help: "The releasing party, whose held records go on the list.") var releasing: Party.Code

        func run() throws {
            let state = try database.open().draftList(
                agreement: Agreement.ID(rawValue: agreement), releasing: releasing, as: principal.principal())
            Terminal.print("Drafted list \(state.list.id.rawValue): \(state.list.direction) under agreement \(agreement)")
            Terminal.print("  quota: \(state.quota.wording)")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add held records, by reference, to the end of the list.")

        @OptionGroup var options: ListOptions
        @Argument(help: "The records' references in the releasing party's registry.") var references: [String]

        func run() throws {
            let state = try options.database.open().addToList(
                options.id, references: references, as: options.principal.principal())
            Terminal.print(ListView.summary(state))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take records, by reference, off the list.")

        @OptionGroup var options: ListOptions
        @Argument(help: "The records' references.") var references: [String]

        func run() throws {
            let state = try options.database.open().removeFromList(
                options.id, references: references, as: options.principal.principal())
            Terminal.print(ListView.summary(state))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the lists, or one list with its entries and signatures.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "A list's number; without one, every list the principal may read.") var list: Int64?

        func run() throws {
            let store = try database.open()
            let acting = try principal.principal()
            guard let list else {
                let states = try store.lists(as: acting)
                if output.json { return try Terminal.json(states.map(ListSummaryJSON.init)) }
                Terminal.table(
                    ["LIST", "AGREEMENT", "DIRECTION", "VERSION", "STATE", "ENTRIES", "QUOTA"],
                    states.map { state in
                        [
                            String(state.list.id.rawValue), String(state.agreement.id.rawValue),
                            state.list.direction, String(state.latest.number), state.phase,
                            String(state.entries.count), state.quota.wording,
                        ]
                    })
                return
            }
            let state = try store.list(ExchangeList.ID(rawValue: list), as: acting)
            if output.json { return try Terminal.json(ListDetailJSON(state)) }
            Terminal.print(ListView.summary(state))
            Terminal.table(
                ["#", "REFERENCE", "SURNAME", "GIVEN NAME", "PATRONYMIC", "BORN", "CATEGORY", "HEALTH", "STATUS"],
                state.entries.enumerated().map { offset, record in
                    let person = record.person
                    return [
                        String(offset + 1), record.reference, person.surname, person.givenName ?? "", person.patronymic ?? "",
                        person.dateOfBirth?.description ?? "", person.category.rawValue, person.health?.rawValue ?? "",
                        record.status.name,
                    ]
                })
            for approval in state.approvals {
                Terminal.print("signed by \(approval.signer) at \(approval.at) with key \(approval.publicKey)")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the list against the terms and the law, with a reason for each finding.",
            discussion: """
                Errors block freezing: parity with the quantity and its basis (and an unspecified basis), \
                eligibility under the categories, possible duplicates within and across the two lists, \
                persons already exchanged or released, deceased, refusing repatriation (Art. 109), a civilian \
                on a list of prisoners of war or the reverse. Warnings do not block: a birth date too partial \
                to decide an age, a person no record sought by the receiving party matches. Exit status 1 when \
                there is an error. A frozen version shows the findings it was frozen with (it passed every \
                check then) and its handover outcomes so far.
                """)

        @OptionGroup var options: ListOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try await options.database.open().checkList(options.id, as: options.principal.principal())
            if output.json { try Terminal.json(ListReportJSON(report)) } else { ListView.printFindings(report) }
            if !report.errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest persons to fill the quota by priority, explaining each pick.",
            discussion: """
                Seriously wounded or sick first (Art. 109), then the categories of the terms in their order, \
                then those held longest. Only persons who pass every check are suggested.
                """)

        @OptionGroup var options: ListOptions
        @Flag(help: "Add the suggested persons to the list.") var apply = false

        func run() async throws {
            let store = try options.database.open()
            let principal = try options.principal.principal()
            let picks = try await store.suggest(for: options.id, as: principal)
            for (offset, pick) in picks.enumerated() {
                Terminal.print("\(offset + 1). \(pick.record.reference): \(pick.reasons.joined(separator: "; "))")
            }
            if picks.isEmpty {
                Terminal.print("Nobody to suggest: the quota is filled, blocked, or nobody else passes the checks.")
            }
            if apply && !picks.isEmpty {
                let state = try store.addToList(options.id, references: picks.map(\.record.reference), as: principal)
                Terminal.print(ListView.summary(state))
            }
        }
    }

    struct Freeze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Freeze the draft: fixes its entries and the digest the signers approve.")

        @OptionGroup var options: ListOptions

        func run() async throws {
            let state = try await options.database.open().freezeList(options.id, as: options.principal.principal())
            Terminal.print(ListView.summary(state))
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve the frozen version: sign its digest with your private key.",
            discussion: "The signer is the key file's; --as, if given, must name the same principal.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "The list's number.") var list: Int64
        @Option(help: "Your private key file, as parley key generate wrote it.") var key: String
        @Option(
            help: """
                The digest of the frozen version you approve, as parley list show prints it: all of it, or its first \
                \(SignedDigest.shortest) hex characters or more. A version frozen since is refused, not signed.
                """)
        var digest: String

        func run() throws {
            let keyFile = try KeyFileIO.readSigningKey(key)
            let signer = principal.actingAs == nil ? keyFile.signer : try principal.principal()
            guard signer == keyFile.signer else { throw KeyFileIO.SignerMismatch(file: key, key: keyFile.signer, acting: signer) }
            let store = try database.open()
            let id = ExchangeList.ID(rawValue: list)
            let current = try store.list(id, as: signer).latest.freezing?.digest
            let expected = try SignedDigest(given: digest, current: current).full
            Terminal.print(ListView.summary(try store.signList(id, with: keyFile, expectedDigest: expected, as: signer)))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the frozen version, its digest and its signatures as one JSON file.",
            discussion: "Verify the file anywhere, with no database, with parley verify-bundle FILE --keys KEYS.")

        @OptionGroup var options: ListOptions
        @Option(help: "The file to write; it must not exist.") var out: String

        func run() throws {
            let bundle = try options.database.open().exportList(options.id, as: options.principal.principal())
            try KeyFileIO.writeNew(out, text: bundle.text + "\n", permissions: 0o644)
            Terminal.print(
                "Wrote \(out): list \(options.list), digest \(bundle.digest.hex), \(bundle.signatures.count) signatures")
        }
    }
}

/// How lists are printed.
enum ListView {

    static func summary(_ state: ListState) -> String {
        var lines = [
            "List \(state.list.id.rawValue) \(state.list.direction), agreement \(state.agreement.id.rawValue): "
                + "version \(state.latest.number), \(state.phase), \(state.entries.count) listed, quota \(state.quota.wording)"
        ]
        if let freezing = state.latest.freezing {
            lines.append("  digest \(freezing.digest)")
            let missing = state.missingSigners.map(\.description)
            lines.append(
                missing.isEmpty
                    ? "  signed by everyone required: \(state.requiredSigners.map(\.description).joined(separator: ", "))"
                    : "  awaiting signatures from \(missing.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    static func printFindings(_ report: ListCheckReport) {
        Terminal.print(summary(report.state))
        if let frozen = report.frozen {
            Terminal.print(
                "Version \(report.state.latest.number) passed every check when it was frozen at \(frozen.at)"
                    + (frozen.findings == nil ? " (its warnings then were not kept)." : "; the findings then:"))
        }
        for finding in report.findings {
            let subject = finding.reference.map { "\($0): " } ?? ""
            Terminal.print("\(finding.severity.rawValue): \(finding.rule.rawValue): \(subject)\(finding.reason)")
        }
        Terminal.print("\(report.errors.count) errors, \(report.warnings.count) warnings")
        if report.frozen != nil && report.state.isApproved {
            let counts = Dictionary(grouping: report.outcomes, by: \.kind).mapValues(\.count)
            let recorded = HandoverOutcome.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
            let pending = report.state.entries.count - report.outcomes.count
            Terminal.print(
                "Handover: " + (recorded + (pending > 0 ? ["\(pending) without an outcome yet"] : [])).joined(separator: ", "))
        }
    }
}

/// The digest a signer names on the command line: all 64 hex characters, or a prefix long enough that no
/// other version could share it, which stands for the current frozen version's digest when it begins so.
struct SignedDigest {
    static let shortest = 16
    let full: String

    init(given: String, current: String?) throws(TooShortDigest) {
        let given = given.lowercased()
        if given.count == 64 {
            full = given
        } else if given.count < Self.shortest {
            throw TooShortDigest(given: given)
        } else {
            // A prefix of another digest stays as given, and the store refuses it naming the current one.
            full = current.flatMap { $0.hasPrefix(given) ? $0 : nil } ?? given
        }
    }

    struct TooShortDigest: ParleyError {
        let given: String
        var code: String { "list.digest-too-short" }
        var message: String { "--digest \(given) is too short to name a version" }
        var remedy: String {
            "Give the digest parley list show prints, all of it or its first \(SignedDigest.shortest) characters or more"
        }
    }
}
