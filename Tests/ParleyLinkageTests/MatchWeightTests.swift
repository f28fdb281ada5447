import ParleyCore
import ParleyLinkage
import Testing

@Suite("A pair's weight and probability as reviewers read them")
struct MatchWeightTests {
    @Test("a strong pair's probability is not rounded to 1: it says how far from 1 it is")
    func strongPairs() {
        #expect(MatchWeight(bits: 23.4).probabilityWording == "1 − 9.0e-8")
        #expect(MatchWeight(bits: 40).probabilityWording == "1 − 9.1e-13")
        #expect(MatchWeight(bits: 80).probabilityWording == "1 − 8.3e-25")
        #expect(MatchWeight(bits: 23.4).wording == "+23.4 bits")
    }

    @Test("a middling pair reads in four decimals; a weak one says how far from 0 it is")
    func middlingAndWeakPairs() {
        #expect(MatchWeight(bits: 0).probabilityWording == "0.5000")
        #expect(MatchWeight(bits: 3.17).probabilityWording == "0.9000")
        #expect(MatchWeight(bits: -5.2).probabilityWording == "0.0265")
        #expect(MatchWeight(bits: -5.2).wording == "−5.2 bits")
        #expect(MatchWeight(bits: -30).probabilityWording == "9.3e-10")
    }

    @Test("a pair stored without a weight is weighed by its probability's log-odds")
    func storedWithoutWeight() {
        let candidate = MatchCandidate(id: 1, sought: 1, held: 2, probability: 0.75, weight: nil, explanation: [])
        #expect(abs(MatchWeight(candidate).bits - 1.585) < 0.001)
        let certain = MatchCandidate(id: 2, sought: 1, held: 2, probability: 1, weight: nil, explanation: [])
        #expect(MatchWeight(certain).wording == "over +1,000 bits")
        #expect(MatchWeight(certain).probabilityWording == "1, as stored (rounded)")
    }
}
