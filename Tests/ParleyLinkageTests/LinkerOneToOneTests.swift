import Foundation
import Testing

@testable import ParleyLinkage

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
