import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleySynthetic

/// What the demo built, for its printed summary.
public struct DemoSummary: Sendable {
    public let parties: [Party]
    public let rounds: [Round]
    public let agreements: [AgreementSummary]
    /// How the agreed number could be read before its basis was settled.
    public let announcedReadings: [Quantity.Reading]
    public let exchanges: [Exchange]
    public let imports: [ImportOutcome]
    public let counts: [RecordCount]
    public let checkpoint: Checkpoint
    public let journal: JournalReport
}

extension AppDatabase {
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
    /// real files. Every step goes through the use cases, as the principal who would take it.
    public func buildDemo(seed: UInt64 = demoSeed, heldPerSide: Int = 2_000) throws -> DemoSummary {
        let isEmpty = try writer.read { db in try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM journal)") ?? true }
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

        let firstRound = try recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: [ukraine, russia],
                startsOn: day("2026-01-23"), endsOn: day("2026-01-24")),
            as: mediator)
        let secondRound = try recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: [ukraine, russia],
                startsOn: day("2026-02-04"), endsOn: day("2026-02-05")),
            as: mediator)
        guard let secondRoundID = secondRound.id, firstRound.id != nil else { preconditionFailure("a stored round has an id") }
        let agreement = try recordAgreement(
            Agreement(
                round: secondRoundID, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified),
                wording: "agreed to exchange 314 prisoners"),
            as: mediator)
        let announcedReadings = agreement.quantity?.readings ?? []
        guard let agreementID = agreement.id else { preconditionFailure("a stored agreement has an id") }
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
        let checkpoint = try self.checkpoint(as: admin)
        return DemoSummary(
            parties: try self.parties(as: mediator), rounds: try rounds(as: mediator),
            agreements: try agreements(as: mediator), announcedReadings: announcedReadings,
            exchanges: try exchanges(as: mediator), imports: imports,
            counts: try recordCounts(as: mediator), checkpoint: checkpoint, journal: try verifyJournal(as: admin))
    }
}

/// Why the demo could not be built.
public enum DemoError: ParleyError, Equatable {
    case databaseNotEmpty

    public var code: String { "demo.database-not-empty" }
    public var message: String { "the demo builds only in an empty database, and this one has a journal" }
    public var remedy: String { "Give a new file with --db, or leave --db out to use a fresh demo file" }
}
