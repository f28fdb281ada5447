import ArgumentParser
import Foundation
import ParleyCore
import ParleyDemo
import ParleyJSON
import ParleyLedger
import ParleyStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the story of the seed with synthetic people, and print its summary.",
        discussion: """
            Ukraine and Russia at talks in Abu Dhabi, mediated by the United States, hosted by the \
            United Arab Emirates, observed by the ICRC; "314 prisoners" agreed with no basis, settled as 157 per side. \
            Without --db it rebuilds parley-demo.sqlite in the current folder; with --db the file must be new or empty.
            """)

    static let defaultPath = "parley-demo.sqlite"

    /// Where the signers' demo keys are written: beside the database.
    static func keyFolder(of path: String) -> String { path + ".keys" }

    /// Writes each signer's private key file (readable by its owner only) and public key beside the database.
    static func writeKeys(_ keys: [SigningKeyFile], of path: String) throws {
        let folder = keyFolder(of: path)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in keys {
            let name = "\(folder)/\(file.signer.description.replacingOccurrences(of: ":", with: "-"))"
            try KeyFileIO.writeNew(name + ".key", text: file.text, permissions: 0o600)
            try KeyFileIO.writeNew(name + ".pub", text: file.keyringEntry.text + "\n", permissions: 0o644)
        }
    }

    @Option(help: "The database to build. Default: parley-demo.sqlite, rebuilt each time.") var db: String?
    @Option(help: "The generator's seed: the same seed gives the same people.") var seed: UInt64 = AppDatabase.demoSeed
    @Option(help: "How many of the other side's people each side holds.") var heldPerSide = 2_000
    @Option(
        help: """
            Build three nodes in this new folder instead (UA, RU and the ICRC's hub hosting the mediator), and tell \
            the story through the files carried between them.
            """)
    var federated: String?

    func run() async throws {
        if let federated {
            let started = Date()
            let summary = try await FederatedDemo.build(in: federated, seed: seed, heldPerSide: heldPerSide)
            for node in summary.nodes {
                try KeyFileIO.writeNew(
                    NodeKeyFiles.signingPath(database: node.path),
                    text: NodeKeyFiles.signingText(code: node.code, key: node.keys.signing), permissions: 0o600)
                try KeyFileIO.writeNew(
                    NodeKeyFiles.identityPath(database: node.path),
                    text: NodeKeyFiles.identityText(
                        node.keys.encryption, createdAt: ISO8601DateFormatter().string(from: started)),
                    permissions: 0o600)
            }
            FederatedDemoReport(summary: summary, folder: federated, seconds: Date().timeIntervalSince(started)).print()
            return
        }
        let path = db ?? Self.defaultPath
        if db == nil {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let started = Date()
        let summary = try await AppDatabase.open(path: path).buildDemo(seed: seed, heldPerSide: heldPerSide)
        if db == nil { try? FileManager.default.removeItem(atPath: Self.keyFolder(of: path)) }
        try Self.writeKeys(summary.keys, of: path)
        DemoReport(summary: summary, path: path, seconds: Date().timeIntervalSince(started)).print()
    }
}

/// The demo's summary, as a person reads it.
struct DemoReport {
    let summary: DemoSummary
    let path: String
    let seconds: Double

    func print() {
        Terminal.print("Parley demo: the Abu Dhabi talks of 2026, with synthetic people (database \(path))\n")
        Terminal.print("Parties")
        Terminal.table(
            ["  CODE", "NAME", "ROLE"],
            summary.parties.map { ["  " + $0.code.rawValue, $0.name, $0.roles.map(\.rawValue).sorted().joined(separator: ", ")] })
        Terminal.print("\nRounds of talks")
        for round in summary.rounds {
            Terminal.print(
                "  Round \(round.id.rawValue): \(round.venueCity) (\(round.venueCountry)), \(round.startsOn) to \(round.endsOn); host \(round.host.rawValue), mediated by \(round.mediators.map(\.rawValue).joined(separator: ", ")), parties \(round.parties.map(\.rawValue).joined(separator: ", "))"
            )
        }
        Terminal.print("\nExchanges on record")
        for exchange in summary.exchanges {
            let sides = Dictionary(grouping: exchange.deliveries) { "\($0.from.rawValue) to \($0.to.rawValue)" }
            let text = sides.keys.sorted().map { key in
                key + ": "
                    + (sides[key] ?? []).map { "\($0.count) \($0.category == .military ? "servicemen" : "civilians")" }
                    .joined(separator: " and ")
            }
            Terminal.print("  \(exchange.date): " + text.joined(separator: "; "))
        }
        Terminal.print("\nAgreements")
        for agreement in summary.agreements {
            let view = AgreementJSON(agreement)
            Terminal.print("  Agreement \(view.id) at round \(view.round) (\(view.venue), \(view.agreedOn)): \"\(view.wording)\"")
            if summary.announcedReadings.count > 1 {
                Terminal.print(
                    "    announced with no basis, it read either "
                        + summary.announcedReadings.map(\.sentence).joined(separator: ", or "))
            }
            Terminal.print("    settled as \(view.basis ?? "all for all"): \(view.readings.joined(separator: "; "))")
            if let since = view.sincePreviousExchange, let previous = view.previousExchange,
                let days = view.daysSincePreviousExchange
            {
                Terminal.print("    the first exchange since \(previous): \(since) (\(days) days)")
            }
        }
        Terminal.print("\nRegistries (every person synthetic)")
        var totals: [String: Int] = [:]
        for count in summary.counts { totals["\(count.party.rawValue) \(count.kind.rawValue)", default: 0] += count.count }
        for key in totals.keys.sorted() { Terminal.print("  \(key): \(totals[key] ?? 0) records") }
        for outcome in summary.imports {
            Terminal.print("  imported \(outcome.file): \(outcome.added) records")
        }
        Terminal.print(
            "\nMatching (observer:ICRC): \(summary.links) pairs confirmed as links, \(summary.pendingReview) waiting for review"
                + " (parley review queue --seeking UA --as observer:ICRC)")
        Terminal.print("\nExchange lists of agreement \(summary.reconciliation.agreement.id.rawValue)")
        for state in summary.lists {
            Terminal.print(ListView.summary(state).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        Terminal.print("\nReconciliation")
        for side in summary.reconciliation.sides { Terminal.print(Self.line(side)) }
        Terminal.print("\nStatement\n  \(summary.statement)")
        Terminal.print("\nSigners' demo keys in \(path).keys/ (try parley list export, then parley verify-bundle)")
        let journal = JournalReportJSON(summary.journal)
        Terminal.print("\n" + journal.text)
        Terminal.print("  checkpoint over \(summary.checkpoint.size) entries: \(summary.checkpoint.root.hex)")
        Terminal.print(
            String(format: "\nBuilt in %.1f s. Try: parley records --db %@ --as official:UA --text олександр", seconds, path))
    }

    /// One direction's figures on one line.
    ///
    /// A function of its own: inlined into ``print()``, it crashes the Swift 6.3.1 optimiser
    /// (CopyPropagation, "Found outside of lifetime use") in release builds.
    static func line(_ side: SideFigures) -> String {
        let agreed = side.agreed.map(String.init) ?? "-"
        return "  \(side.releasing.rawValue) → \(side.receiving.rawValue): agreed \(agreed), "
            + "listed \(side.listed), signed \(side.signed), delivered \(side.delivered)"
            + (side.differences.isEmpty ? "" : "; " + side.differences.joined(separator: "; "))
    }
}

/// The federated demo's story, as a person reads it: the nodes, what travelled where, and what each holds.
struct FederatedDemoReport {
    let summary: FederatedDemo.Summary
    let folder: String
    let seconds: Double

    func print() {
        Terminal.print("Parley across three nodes, in \(folder), with synthetic people:\n")
        for node in summary.nodes {
            Terminal.print("  \(node.code.rawValue): \(node.path) (keys beside it)\n    \(node.identity.line)")
        }
        Terminal.print("\nWhat travelled, each file encrypted to the node it is for:")
        for file in summary.carried {
            Terminal.print(
                "  \(file.file): \(file.from.rawValue) → \(file.to.rawValue), \(file.transmissions) transmissions, "
                    + "\(file.receipts) receipts, \(file.bytes) bytes")
        }
        Terminal.print("\nAt the hub, both registries as transmitted:")
        for count in summary.hubCounts {
            Terminal.print("  \(count.party.rawValue) \(count.kind.rawValue) \(count.status): \(count.count)")
        }
        Terminal.print("and \(summary.candidatePairs) candidate pairs from matching each side's sought against the other's held.")
        for report in summary.reports {
            let agreed = report.agreements.map {
                "\($0.agreement.wording), \($0.readings.map(\.sentence).joined(separator: " or "))"
            }
            let witnesses = Set(report.cosignatures.map(\.witness.rawValue)).sorted().joined(separator: ", ")
            Terminal.print(
                "\n\(report.code.rawValue): \(agreed.joined(separator: "; ")); journal "
                    + (report.journal.isIntact ? "verified" : "NOT verified") + ", \(report.journal.entries) entries, "
                    + "cosigned by \(witnesses.isEmpty ? "nobody yet" : witnesses) "
                    + "(\(report.cosignatures.count) checkpoint\(report.cosignatures.count == 1 ? "" : "s"))")
        }
        Terminal.print(String(format: "\nBuilt in %.1f s. Lists and their signatures do not travel between nodes yet.", seconds))
    }
}
