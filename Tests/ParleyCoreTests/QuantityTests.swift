import ParleyCore
import Testing

@Suite("An agreed quantity carries its basis")
struct QuantityTests {
    @Test("an unspecified 314 is shown under both readings")
    func unspecifiedHasBothReadings() throws {
        let quantity = try Quantity(count: 314, basis: .unspecified)
        #expect(quantity.readings.map(\.sentence) == ["314 in all = 157 per side", "314 per side = 628 in all"])
        #expect(quantity.readings.map(\.total) == [314, 628])
        #expect(quantity.readings.map(\.perSide) == [157, 314])
    }

    @Test(
        "a settled basis has one reading",
        arguments: [
            (QuantityBasis.total, "314 in all = 157 per side"), (.perSide, "314 per side = 628 in all"),
        ])
    func settledHasOneReading(basis: QuantityBasis, sentence: String) throws {
        let settled = try Quantity(count: 314, basis: .unspecified).settled(as: basis)
        #expect(settled.basis == basis)
        #expect(settled.readings.map(\.sentence) == [sentence])
    }

    @Test("an odd total does not pretend to split evenly")
    func oddTotal() throws {
        let reading = try Quantity(count: 315, basis: .total).readings[0]
        #expect(reading.perSide == nil)
        #expect(reading.sentence == "315 in all, which does not split evenly")
    }

    @Test("a settled basis cannot be settled again, nor settled as unspecified")
    func settlingRules() throws {
        #expect(throws: AgreementSettlementError.alreadySettled(.perSide)) {
            try Quantity(count: 157, basis: .perSide).settled(as: .total)
        }
        #expect(throws: AgreementSettlementError.settlingAsUnspecified) {
            try Quantity(count: 314, basis: .unspecified).settled(as: .unspecified)
        }
        #expect(throws: InvalidQuantity.self) { try Quantity(count: 0, basis: .total) }
    }

    @Test("all for all needs categories; an unspecified basis blocks freezing")
    func agreements() throws {
        let round = Round.ID(rawValue: 1)
        #expect(throws: InvalidAgreement.allForAllWithoutCategories) {
            try Agreement(round: round, subject: .prisonersOfWar, quantity: nil, wording: "all for all")
        }
        let allForAll = try Agreement(
            round: round, subject: .prisonersOfWar, quantity: nil,
            categories: [.seriouslyWoundedOrSick, .aged(18...25)], wording: "all for all")
        #expect(allForAll.isAllForAll)
        #expect(!allForAll.blocksFreezing)
        let unspecified = try Agreement(
            round: round, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified), wording: "314")
        #expect(unspecified.blocksFreezing)
    }

    @Test(
        "eligibility categories read and write their names",
        arguments: [
            "seriously_wounded_or_sick", "civilians", "held_longest", "aged:18-25",
        ])
    func categoryNames(name: String) throws {
        #expect(try EligibilityCategory(name: name).name == name)
    }

    @Test("an unknown or inverted category is refused", arguments: ["aged:25-18", "aged:x-y", "children"])
    func badCategories(name: String) {
        #expect(throws: UnknownCategory.self) { try EligibilityCategory(name: name) }
    }
}
