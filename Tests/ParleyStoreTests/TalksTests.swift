import Foundation
import ParleyCore
import ParleyDemo
import ParleyLedger
import ParleyStore
import Testing

@Suite("Talks, agreements and exchanges are recorded by the mediator and journaled")
struct TalksTests {
    func day(_ text: String) throws -> PartialDate { try PartialDate(parsing: text) }

    @Test("an unspecified 314 is read both ways until it is settled, and the settlement is journaled")
    func settlement() throws {
        // Given a round and an agreement announced with no basis
        let database = try StoreFixture.database()
        let round = try database.recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: day("2026-02-04"), endsOn: day("2026-02-05")),
            as: StoreFixture.mediator)
        let agreement = try database.recordAgreement(
            Agreement(
                round: round.id, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified),
                wording: "314 prisoners"),
            as: StoreFixture.mediator)
        let announced = try #require(try database.agreements(as: StoreFixture.ukraine).first)
        #expect(announced.readings.map(\.sentence) == ["314 in all = 157 per side", "314 per side = 628 in all"])
        #expect(announced.agreement.blocksFreezing)
        // When the mediator settles it as a total
        let id = agreement.id
        #expect(throws: AccessDenied.self) { try database.settleAgreement(id, as: .total, as: StoreFixture.ukraine) }
        _ = try database.settleAgreement(id, as: .total, as: StoreFixture.mediator)
        // Then one reading remains, lists may be frozen, and it cannot be settled again
        let settled = try #require(try database.agreements(as: StoreFixture.russia).first)
        #expect(settled.readings.map(\.sentence) == ["314 in all = 157 per side"])
        #expect(!settled.agreement.blocksFreezing)
        #expect(throws: AgreementSettlementError.alreadySettled(.total)) {
            try database.settleAgreement(id, as: .perSide, as: StoreFixture.mediator)
        }
        let report = try database.verifyJournal(as: StoreFixture.admin)
        #expect(report.isIntact)
        #expect(report.entries == 5 + 3)
    }

    @Test("the time since the last exchange comes from the exchanges on record")
    func sinceLastExchange() throws {
        let database = try StoreFixture.database()
        _ = try database.recordExchange(
            Exchange(
                date: day("2025-10-02"),
                deliveries: [
                    .init(from: "UA", to: "RU", category: .military, count: 185),
                    .init(from: "RU", to: "UA", category: .military, count: 185),
                ]),
            as: StoreFixture.mediator)
        let round = try database.recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: day("2026-02-04"), endsOn: day("2026-02-05")),
            as: StoreFixture.mediator)
        _ = try database.recordAgreement(
            Agreement(
                round: round.id, subject: .prisonersOfWar, quantity: nil, categories: [.aged(18...25)],
                wording: "all for all"),
            as: StoreFixture.mediator)
        let summary = try #require(try database.agreements(as: StoreFixture.observer).first)
        #expect(summary.previousExchange?.date.description == "2025-10-02")
        #expect(summary.sincePreviousExchange?.wording == "4 months and 3 days")
        #expect(summary.readings.isEmpty)
        #expect(summary.agreement.categories == [.aged(18...25)])
    }

    @Test("talks name registered parties in their roles; others are refused")
    func participants() throws {
        let database = try StoreFixture.database()
        #expect(throws: StoreError.partyLacksRole("UA", .host)) {
            try database.recordRound(
                Round(
                    venueCity: "Kyiv", venueCountry: "UA", host: "UA", mediators: [], parties: ["UA", "RU"],
                    startsOn: day("2026-01-01"), endsOn: day("2026-01-01")),
                as: StoreFixture.mediator)
        }
        #expect(throws: StoreError.unknownParty("XX")) {
            try database.recordExchange(
                Exchange(date: day("2026-01-01"), deliveries: [.init(from: "XX", to: "UA", category: .civilian, count: 1)]),
                as: StoreFixture.mediator)
        }
        #expect(throws: AccessDenied.self) {
            try database.recordRound(
                Round(
                    venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                    startsOn: day("2026-01-23"), endsOn: day("2026-01-24")),
                as: StoreFixture.ukraine)
        }
    }
}
