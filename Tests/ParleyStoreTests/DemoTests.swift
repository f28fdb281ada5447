import Foundation
import ParleyCore
import ParleyDemo
import ParleyLedger
import ParleyStore
import Testing

@Suite("The demo tells the seed's story from data")
struct DemoTests {
    @Test("the demo's summary figures")
    func summary() async throws {
        // Given an empty database, when the demo is built with 300 people held per side
        let database = try AppDatabase.inMemory(clock: StoreFixture.clock)
        let summary = try await database.buildDemo(seed: AppDatabase.demoSeed, heldPerSide: 300)
        // Then the parties, rounds and agreement are the seed's
        #expect(summary.parties.map(\.code.rawValue) == ["AE", "ICRC", "RU", "UA", "US"])
        #expect(
            summary.rounds.map { "\($0.venueCity) \($0.startsOn)..\($0.endsOn)" } == [
                "Abu Dhabi 2026-01-23..2026-01-24", "Abu Dhabi 2026-02-04..2026-02-05",
            ])
        let agreement = try #require(summary.agreements.first)
        #expect(agreement.agreement.quantity == (try Quantity(count: 314, basis: .total)))
        #expect(summary.announcedReadings.map(\.sentence) == ["314 in all = 157 per side", "314 per side = 628 in all"])
        #expect(agreement.readings.first?.perSide == 157)
        #expect(agreement.sincePreviousExchange?.months == 4)
        #expect(agreement.sincePreviousExchange?.totalDays == 126)
        #expect(summary.exchanges.first?.value.released(by: "UA") == 205)
        #expect(summary.exchanges.first?.value.released(by: "RU") == 205)
        // And each side holds 300 of the other's people and seeks its own; every record is synthetic
        let held = summary.counts.filter { $0.kind == .held }.reduce(into: [String: Int]()) {
            $0[$1.party.rawValue, default: 0] += $1.count
        }
        #expect(held == ["UA": 300, "RU": 300])
        let sought = summary.counts.filter { $0.kind == .sought }.reduce(into: [String: Int]()) {
            $0[$1.party.rawValue, default: 0] += $1.count
        }
        #expect(sought["UA", default: 0] > 75 && sought["RU", default: 0] > 75)
        let observed = try database.records(RecordQuery(limit: 10_000), as: StoreFixture.observer)
        // Counting stops at 1,000; the page itself goes as far as asked
        #expect(observed.records.count == summary.imports.reduce(0) { $0 + $1.added })
        #expect(observed.total == RecordPage.countLimit && observed.isTotalCapped)
        #expect(observed.records.allSatisfy { $0.isSynthetic })
        // Ukrainian registries write Ukrainian forms; Russian registries write Russian forms
        let ukrainianSought = observed.records.filter { $0.party == "UA" && $0.kind == .sought }
        #expect(ukrainianSought.contains { $0.person.givenName == "Олександр" })
        #expect(!ukrainianSought.contains { $0.person.givenName == "Александр" })
        let russianHeld = observed.records.filter { $0.party == "RU" && $0.kind == .held }
        #expect(russianHeld.contains { $0.person.givenName == "Александр" })
        // And both lists of 157 were checked, frozen and signed by both officials and the mediator
        #expect(summary.lists.map(\.entries.count) == [157, 157])
        #expect(summary.lists.allSatisfy { $0.isApproved })
        #expect(summary.lists.allSatisfy { $0.approvals.count == 3 })
        // And the handover delivered 157 each way, one of them in place of another, and reconciles
        let sides = summary.reconciliation.sides
        #expect(sides.map(\.releasing.rawValue) == ["UA", "RU"])
        #expect(sides.map(\.agreed) == [157, 157])
        #expect(sides.map(\.listed) == [157, 157])
        #expect(sides.map(\.signed) == [157, 157])
        #expect(sides.map(\.delivered) == [157, 157])
        #expect(sides[0].outcomes == [.transferred: 156, .substituted: 1])
        #expect(sides[0].differences == ["1 replaced by another person, who was transferred instead"])
        #expect(sides[1].differences.isEmpty)
        #expect(summary.reconciliation.sincePreviousExchange?.wording == "4 months and 3 days")
        #expect(
            summary.statement
                == "On 5 February 2026, Ukraine and Russian Federation exchanged 314 prisoners of war: 157 released by Ukraine and 157 released by Russian Federation. It is the first such exchange in 4 months and 3 days, since 2 October 2025. The exchange was agreed at talks in Abu Dhabi, United Arab Emirates, on 4-5 February 2026, mediated by United States."
        )
        #expect(summary.exchanges.last?.value.released(by: "UA") == 157)
        // And the journal verifies, with a checkpoint over all of it
        #expect(summary.journal.isIntact)
        #expect(summary.checkpoint.size == summary.journal.entries)
        #expect(summary.checkpoint.root == summary.journal.root)
    }

    @Test("the same seed gives the same people; the demo refuses a database in use")
    func reproducible() async throws {
        let first = try AppDatabase.inMemory(clock: StoreFixture.clock)
        let second = try AppDatabase.inMemory(clock: StoreFixture.clock)
        let a = try await first.buildDemo(heldPerSide: 300)
        let b = try await second.buildDemo(heldPerSide: 300)
        #expect(a.journal.head == b.journal.head)
        await #expect(throws: DemoError.databaseNotEmpty) { try await first.buildDemo(heldPerSide: 300) }
    }
}
