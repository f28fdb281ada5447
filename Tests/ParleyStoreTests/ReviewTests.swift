import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleyStore
import Testing

@Suite("Match runs, the review queue and links")
struct ReviewTests {
    func status(_ database: AppDatabase, _ id: RegistryRecord.ID) throws -> String? {
        try database.records(RecordQuery(limit: 1_000), as: StoreFixture.observer).records.first { $0.id == id }?.status.name
    }

    @Test("a run fills the queue; a confirmed pair is a link that locates the sought record; decisions outlive runs")
    func review() async throws {
        let (database, _, _) = try ListsTests.populated()
        await #expect(throws: AccessDenied.self) {
            try await database.runMatching(seeking: "UA", holding: "RU", as: StoreFixture.ukraine)
        }
        let first = try await database.runMatching(seeking: "UA", holding: "RU", as: StoreFixture.observer)
        #expect(first.run.candidates.count > 2)
        #expect(first.pending == first.run.candidates.count)
        #expect(first.alreadyDecided == 0)

        // The seeking party's official and the observer review; the other party's official may not
        #expect(throws: AccessDenied.self) { try database.reviewQueue(seeking: "UA", as: StoreFixture.russia) }
        let queue = try database.reviewQueue(seeking: "UA", limit: 1_000, as: StoreFixture.ukraine)
        #expect(queue.count == first.pending)
        // Ranked by match weight, which every new pair has and which tells apart pairs whose probabilities read 1
        let weights = try queue.map { try #require($0.candidate.weight) }
        #expect(weights == weights.sorted(by: >))
        #expect(queue.map(\.candidate.probability) == queue.map(\.candidate.probability).sorted(by: >))
        #expect(queue.allSatisfy { $0.sought.party == "UA" && $0.held.party == "RU" && !$0.candidate.explanation.isEmpty })
        // Each pair's stored field weights add up to its log-odds less the run's prior, the same for every pair
        let priors = queue.map(\.candidate).filter { $0.probability < 0.999_999 }.map { candidate in
            log2(candidate.probability / (1 - candidate.probability)) - candidate.explanation.reduce(0) { $0 + $1.weight }
        }
        #expect(priors.count > 1)
        #expect(priors.allSatisfy { abs($0 - priors[0]) < 1e-6 }, "\(priors)")

        // Confirm the surest pair, reject the next
        let confirmed = try #require(queue.first)
        let rejected = try #require(queue.dropFirst().first { $0.sought.id != confirmed.sought.id })
        #expect(throws: AccessDenied.self) {
            try database.decide(confirmed.candidate.id, .confirmed, as: StoreFixture.russia)
        }
        let link = try database.decide(confirmed.candidate.id, .confirmed, as: StoreFixture.ukraine)
        #expect(link.verdict == .confirmed)
        #expect(try status(database, confirmed.sought.id) == "located")
        _ = try database.decide(rejected.candidate.id, .rejected, as: StoreFixture.observer)
        #expect(try status(database, rejected.sought.id) == "open")
        #expect(throws: ReviewRefusal.alreadyDecided(.rejected)) {
            try database.decide(rejected.candidate.id, .confirmed, as: StoreFixture.observer)
        }
        let after = try database.reviewQueue(seeking: "UA", limit: 1_000, as: StoreFixture.observer)
        #expect(!after.contains { $0.candidate.id == confirmed.candidate.id || $0.candidate.id == rejected.candidate.id })
        #expect(!after.contains { $0.sought.id == confirmed.sought.id })

        // Running again keeps both decisions: the rejected pair is found again but does not come back
        let second = try await database.runMatching(seeking: "UA", holding: "RU", as: StoreFixture.observer)
        #expect(second.alreadyDecided == 1)
        let requeued = try database.reviewQueue(seeking: "UA", limit: 1_000, as: StoreFixture.observer)
        #expect(requeued.allSatisfy { $0.run == second.run.id })
        #expect(!requeued.contains { $0.sought.id == rejected.sought.id && $0.held.id == rejected.held.id })
        #expect(try database.links(seeking: "UA", as: StoreFixture.ukraine).map(\.sought) == [confirmed.sought.id])
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a linked person transferred at the handover: the sought record is returned")
    func returned() async throws {
        let (database, agreement, _) = try ListsTests.populated()
        let run = try await database.runMatching(seeking: "UA", holding: "RU", as: StoreFixture.observer)
        let item = try #require(
            try database.reviewQueue(seeking: "UA", limit: 1_000, as: StoreFixture.observer).first {
                $0.held.status == .held(.registered) && $0.held.person.category == .military && $0.held.person.dateOfBirth != nil
            })
        #expect(!run.run.candidates.isEmpty)
        _ = try database.decide(item.candidate.id, .confirmed, as: StoreFixture.observer)

        let list = try database.draftList(agreement: agreement, releasing: "RU", as: StoreFixture.russia).list.id
        _ = try database.settleAgreement(agreement, as: .total, as: StoreFixture.mediator)
        _ = try database.addToList(list, references: [item.held.reference], as: StoreFixture.russia)
        let picks = try await database.suggest(for: list, as: StoreFixture.russia)
        _ = try database.addToList(list, references: picks.map(\.record.reference), as: StoreFixture.russia)
        _ = try await database.freezeList(list, as: StoreFixture.russia)
        for file in try ListsTests.keys(database) { _ = try ListsTests.sign(database, list, with: file) }
        _ = try database.recordRemainingTransferred(
            list: list, on: try PartialDate(parsing: "2026-02-05"), as: StoreFixture.mediator)
        #expect(try status(database, item.sought.id) == "returned")
        #expect(try status(database, item.held.id) == "repatriated")
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a decision changed directly in SQLite is named by journal verify")
    func tamperedDecision() async throws {
        let (database, _, path) = try ListsTests.populated(file: true)
        _ = try await database.runMatching(seeking: "UA", holding: "RU", as: StoreFixture.observer)
        let item = try #require(try database.reviewQueue(seeking: "UA", as: StoreFixture.observer).first)
        let decision = try database.decide(item.candidate.id, .rejected, as: StoreFixture.observer)
        try await StoreFixture.rawConnection(try #require(path)).write { db in
            try db.execute(sql: "DROP TRIGGER match_decision_final_update")
            try db.execute(sql: "UPDATE match_decision SET verdict = 'confirmed'")
        }
        let problem = try database.verifyJournal(as: StoreFixture.admin).problem
        #expect(problem?.message.contains("decision:\(decision.id.rawValue)") == true)
    }
}
