import Foundation
import Testing

@testable import ParleyLinkage

@Suite("Exclusivity (one-to-one posterior)")
struct ExclusivityTests {
    /// λ = 0.001 between two lists of 500: each record has a partner with probability one half.
    let exclusivity = Exclusivity(matchProportion: 0.001, heldCount: 500, soughtCount: 500)

    @Test("A pair whose records have no other candidate gains log2((1 − λ) / ((1 − π_h)(1 − π_s))) bits")
    func lonePair() {
        // Given one candidate pair, and no other candidate of either record
        // When its gain is computed
        let gains = exclusivity.gains(left: [3], right: [7], weights: [2.5], leftCount: 10, rightCount: 10)
        // Then it is the most a pair can gain: two bits here, since neither record is anyone else's partner
        #expect(abs(gains[0] - log2(0.999 / 0.25)) < 1e-12)
        #expect(abs(exclusivity.maximumGain - gains[0]) < 1e-12)
    }

    @Test("A rival of the held record lowers the odds by its share; a strong pair leaves its rival nothing")
    func rivals() {
        // Given a held record with a strong candidate (40 bits) and a weak one (0 bits)
        let gains = exclusivity.gains(left: [0, 0], right: [0, 1], weights: [40, 0], leftCount: 1, rightCount: 2)
        // Then the strong pair is weighed against "no partner" plus the weak rival's share
        #expect(abs(gains[0] - log2(0.999 / ((0.5 + 0.999) * 0.5))) < 1e-12)
        // And the weak pair against the strong one: its posterior odds fall far below even
        #expect(0 + gains[1] < -38)
    }

    @Test("A rival far weaker than a very strong pair is not lost when the sums are taken")
    func precision() {
        // Given a pair of 80 bits, whose share dwarfs a rival of −3 bits in a double's precision
        let gains = exclusivity.gains(left: [0, 0], right: [0, 1], weights: [80, -3], leftCount: 1, rightCount: 2)
        // Then the rival still counts for the strong pair, exactly
        #expect(abs(gains[0] - log2(0.999 / ((0.5 + 0.125 * 0.999) * 0.5))) < 1e-12)
    }

    @Test("The chance of having a partner is capped, so that an overestimated λ cannot make the gain unbounded")
    func capped() {
        let greedy = Exclusivity(matchProportion: 0.01, heldCount: 500, soughtCount: 500)
        #expect(greedy.heldPartnerShare == Exclusivity.maximumPartnerShare)
        #expect(greedy.maximumGain.isFinite)
    }
}

@Suite("Linker, one to one")
struct LinkerOneToOneTests {
    @Test("One to one, a pair's weight is prior, field weights and exclusivity, and its probability their odds")
    func weightAddsUp() async throws {
        // Given the background lists, linked one to one
        let lists = try #require(background)
        let result = try await Linker(configuration: LinkageConfiguration(oneToOne: true))
            .link(held: lists.held, sought: lists.sought)
        // Then every pair's explanation, prior and exclusivity add up to its weight
        let prior = log2(result.parameters.matchProportion / (1 - result.parameters.matchProportion))
        for pair in result.pairs {
            let fields = pair.explanation.reduce(0) { $0 + $1.weight }
            #expect(abs(prior + fields + pair.exclusivity - pair.weight) < 1e-6)
            #expect(abs(pair.probability - 1 / (1 + exp2(-pair.weight))) < 1e-9)
            #expect(pair.probability >= 0.9)
        }
        // And most pairs, whose records have no rival, gain
        #expect(result.pairs.filter { $0.exclusivity > 0 }.count * 10 > result.pairs.count * 9)
    }

    @Test("A held record with two identical sought records gets one pair, far from certain")
    func identicalRivals() async throws {
        // Given one person in the held list and the same person written twice in the sought list
        let person = LinkageRecord(
            id: "p", surname: "Коцюбинський", givenName: "Михайло", patronymic: "Михайлович",
            dateOfBirth: day("1980-09-17"), placeOfBirth: "Вінниця")
        var first = person
        first.id = "p1"
        var second = person
        second.id = "p2"
        // When they are linked one to one with a low threshold
        let lists = try #require(background)
        let result = try await link(
            held: [person], sought: [first, second], configuration: LinkageConfiguration(threshold: 0.01, oneToOne: true))
        // Then one pair is kept, and it is only as likely as "the other sought record is the partner, and this
        // one has none" allows: A / (A + A (1 − π_s)) = 1 / (2 − π_s)
        let kept = result.pairs.filter { $0.heldID == "p" }
        #expect(kept.count == 1)
        let soughtPartnerShare = result.parameters.matchProportion * Double(lists.held.count + 1)
        for pair in kept {
            #expect(abs(pair.probability - 1 / (2 - soughtPartnerShare)) < 0.01)
            #expect(pair.exclusivity < 0)
        }
        // And without one-to-one the same pair is near certain and has no exclusivity term
        let free = try await link(held: [person], sought: [first, second])
        #expect(free.pairs.filter { $0.heldID == "p" }.allSatisfy { $0.probability > 0.99 && $0.exclusivity == 0 })
    }
}
