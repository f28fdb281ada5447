import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleySynthetic

/// What the demo built, for its printed summary.
public struct DemoSummary: Sendable {
    public let parties: [Party]
    public let rounds: [Saved<Round>]
    public let agreements: [AgreementSummary]
    /// How the agreed number could be read before its basis was settled.
    public let announcedReadings: [Quantity.Reading]
    public let exchanges: [Saved<Exchange>]
    public let imports: [ImportOutcome]
    public let counts: [RecordCount]
    /// Pairs the demo's reviewer confirmed as links.
    public let links: Int
    /// Pairs left waiting for review.
    public let pendingReview: Int
    /// The two lists of the 157-per-side exchange, signed and handed over.
    public let lists: [ListState]
    /// The signers' keys, generated from the seed, so that a person can try signing with them.
    public let keys: [SigningKeyFile]
    public let reconciliation: Reconciliation
    public let statement: String
    public let checkpoint: Checkpoint
    public let journal: JournalReport
}

extension AppDatabase {
    /// The fewest held per side from which the generator yields 157 persons each side can list.
    public static let demoMinimumHeld = 300

    /// The demo's reviewer confirms the pairs matched at least this surely.
    static let demoConfirmedProbability = 0.99999

    /// The seed used when none is given.
    public static let demoSeed = SyntheticRegistries.defaultSeed

    /// Builds the story of the seed in an empty database, with synthetic people.
    ///
    /// Ukraine and Russia are the parties, the United States mediates, the United Arab
    /// Emirates hosts and the ICRC observes. Round 1 meets in Abu Dhabi on 23-24 January
    /// 2026 and round 2 on 4-5 February 2026, where "314 prisoners" are agreed with no
    /// basis, later settled as 314 in all, 157 per side. The exchange of 2 October 2025
    /// (185 servicemen and 20 civilians each way) is on record, so the time since the
    /// last exchange comes from the data. Each side's registries are generated, written
    /// as that side writes names, and imported as CSV files through the same path as
    /// real files. The ICRC matches each side's sought records against the other's held
    /// records and confirms the surest pairs. Then each side's list of 157 is filled by the suggestion, checked and
    /// frozen; an official of each side and the mediator sign both; at the handover on
    /// 5 February 2026 one person on Ukraine's list is replaced by another, everyone else is
    /// transferred; the handover is closed, reconciled and announced. Every step goes
    /// through the use cases, as the principal who would take it.
    public func buildDemo(seed: UInt64 = demoSeed, heldPerSide: Int = 2_000) async throws -> DemoSummary {
        guard heldPerSide >= Self.demoMinimumHeld else { throw DemoError.tooFewHeld(heldPerSide, minimum: Self.demoMinimumHeld) }
        let isEmpty = try version() == 0
        guard isEmpty else { throw DemoError.databaseNotEmpty }
        let admin = Principal.admin
        let mediator = Principal(.mediator, for: "US")
        let ukraine = Party.Code("UA")
        let russia = Party.Code("RU")

        let parties = [
            Party(code: ukraine, name: "Ukraine", roles: [.belligerent]),
            Party(code: russia, name: "Russian Federation", roles: [.belligerent]),
            Party(code: "US", name: "United States", roles: [.mediator]),
            Party(code: "AE", name: "United Arab Emirates", roles: [.host]),
            Party(code: "ICRC", name: "International Committee of the Red Cross", roles: [.observer]),
        ]
        for party in parties { _ = try registerParty(party, as: admin) }

        func day(_ text: String) throws -> PartialDate { try PartialDate(parsing: text) }
        let earlier = try Exchange(
            date: day("2025-10-02"),
            deliveries: [
                .init(from: ukraine, to: russia, category: .military, count: 185),
                .init(from: ukraine, to: russia, category: .civilian, count: 20),
                .init(from: russia, to: ukraine, category: .military, count: 185),
                .init(from: russia, to: ukraine, category: .civilian, count: 20),
            ])
        _ = try recordExchange(earlier, as: mediator)

        _ = try recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: [ukraine, russia],
                startsOn: day("2026-01-23"), endsOn: day("2026-01-24")),
            as: mediator)
        let secondRound = try recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: [ukraine, russia],
                startsOn: day("2026-02-04"), endsOn: day("2026-02-05")),
            as: mediator)
        let agreement = try recordAgreement(
            Agreement(
                round: secondRound.id, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified),
                wording: "agreed to exchange 314 prisoners"),
            as: mediator)
        let announcedReadings = agreement.quantity?.readings ?? []
        let agreementID = agreement.id
        _ = try settleAgreement(agreementID, as: .total, as: mediator)

        let registries = SyntheticRegistries(seed: seed, heldPerSide: heldPerSide, today: SyntheticRegistries.asOf)
        var imports: [ImportOutcome] = []
        for (party, registry) in [(ukraine, registries.ukraine), (russia, registries.russia)] {
            let official = Principal(.official, for: party)
            for (kind, rows) in [(RecordKind.held, registry.held), (.sought, registry.sought)] {
                let file = "demo-\(party.rawValue.lowercased())-\(kind.rawValue).csv"
                let bytes = Array(RegistryFileWriter.file(rows).utf8)
                imports.append(try importRegistry(file: file, bytes: bytes, party: party, kind: kind, as: official))
            }
        }

        // The ICRC matches each side's sought records against the other's held records; a reviewer
        // confirms the surest pairs and leaves the rest in the queue.
        let observer = Principal(.observer, for: "ICRC")
        var links = 0
        for (seeking, holding) in [(ukraine, russia), (russia, ukraine)] {
            let run = try await runMatching(seeking: seeking, holding: holding, as: observer)
            // One pair per sought record: the surest.
            var seen: Set<RegistryRecord.ID> = []
            let surest = run.run.candidates.filter { candidate in
                candidate.probability >= Self.demoConfirmedProbability && seen.insert(candidate.sought).inserted
            }
            links += try decide(surest.map(\.id), .confirmed, as: observer).count
        }

        var generator = SeededGenerator(seed: seed)
        let keys = try [Principal(.official, for: ukraine), Principal(.official, for: russia), mediator].map { signer in
            SigningKeyFile(signer: signer, key: try SigningKey(seed: (0..<4).flatMap { _ in generator.next().bytes }))
        }
        for file in keys { _ = try registerKey(file.key.verifyingKey.base64, for: file.signer, as: admin) }
        let handoverDay = try day("2026-02-05")
        var lists: [ListState] = []
        for party in [ukraine, russia] {
            let official = Principal(.official, for: party)
            let listID = try draftList(agreement: agreementID, releasing: party, as: official).list.id
            try await fillFromSuggestions(listID, as: official)
            let frozen = try await freezeList(listID, as: official)
            guard let digest = frozen.latest.freezing?.digest else { preconditionFailure("a frozen list has a digest") }
            for file in keys { _ = try signList(listID, with: file, expectedDigest: digest, as: file.signer) }
            if party == ukraine, let first = frozen.entries.first,
                let substitute = try await substitutes(for: listID, as: official).first
            {
                _ = try recordOutcome(
                    list: listID, reference: first.reference, outcome: .substituted, substitute: substitute.record.reference,
                    on: handoverDay, as: mediator)
            }
            _ = try recordRemainingTransferred(list: listID, on: handoverDay, as: mediator)
            lists.append(try list(listID, as: mediator))
        }
        _ = try closeHandover(agreement: agreementID, on: handoverDay, as: mediator)

        let checkpoint = try self.checkpoint(as: admin)
        return DemoSummary(
            parties: try self.parties(as: mediator), rounds: try rounds(as: mediator),
            agreements: try agreements(as: mediator), announcedReadings: announcedReadings,
            exchanges: try exchanges(as: mediator), imports: imports,
            counts: try recordCounts(as: mediator), links: links,
            pendingReview: try reviewQueue(seeking: ukraine, limit: .max, as: observer).count
                + reviewQueue(seeking: russia, limit: .max, as: observer).count,
            lists: lists, keys: keys,
            reconciliation: try reconcile(agreement: agreementID, as: mediator),
            statement: try statement(agreement: agreementID, as: mediator), checkpoint: checkpoint,
            journal: try verifyJournal(as: admin))
    }

    /// Fills a list the way an official would: add the suggestion, check, take off anyone the
    /// check flags (such as a possible duplicate), and suggest again until the list is clean.
    private func fillFromSuggestions(_ id: ExchangeList.ID, as official: Principal) async throws {
        for _ in 0..<5 {
            _ = try await addSuggested(to: id, as: official)
            let flagged = try await checkList(id, as: official).errors.compactMap(\.reference)
            if flagged.isEmpty { return }
            _ = try removeFromList(id, references: Array(Set(flagged)).sorted(), as: official)
        }
    }
}

extension UInt64 {
    /// The eight bytes, least significant first.
    fileprivate var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) } }
}

/// Why the demo could not be built.
public enum DemoError: ParleyError, Equatable {
    case databaseNotEmpty
    case tooFewHeld(Int, minimum: Int)
    /// The federated demo's folder already holds a node's database.
    case nodeExists(path: String)
    /// A step of the federated demo was refused, which a correct build never is.
    case refused(String)

    public var code: String {
        switch self {
        case .databaseNotEmpty: "demo.database-not-empty"
        case .tooFewHeld: "demo.too-few-held"
        case .nodeExists: "demo.node-exists"
        case .refused: "demo.refused"
        }
    }
    public var message: String {
        switch self {
        case .databaseNotEmpty: "the demo builds only in an empty database, and this one has a journal"
        case .tooFewHeld(let count, _): "\(count) held per side cannot fill the demo's lists of 157 per side"
        case .nodeExists(let path): "\(path) already exists"
        case .refused(let problem): "a step of the federated demo was refused: \(problem)"
        }
    }
    public var remedy: String {
        switch self {
        case .databaseNotEmpty: "Give a new file with --db, or leave --db out to use a fresh demo file"
        case .tooFewHeld(_, let minimum): "Give --held-per-side \(minimum) or more"
        case .nodeExists: "Give --federated a new or empty folder"
        case .refused: "Report it: the demo builds three fresh nodes and should never be refused"
        }
    }
}
