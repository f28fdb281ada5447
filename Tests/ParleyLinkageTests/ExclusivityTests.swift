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
