import PropertyBased
import Testing

@testable import ParleyLinkage

@Suite("One-to-one assignment")
struct OneToOneAssignmentTests {
    /// The best total by trying every subset of edges (small graphs only).
    static func bruteForceBest(_ edges: [OneToOneAssignment.Edge]) -> Double {
        var best = 0.0
        for mask in 0..<(1 << edges.count) {
            var lefts = Set<Int32>()
            var rights = Set<Int32>()
            var total = 0.0
            var valid = true
            for (index, edge) in edges.enumerated() where mask & (1 << index) != 0 {
                if !lefts.insert(edge.left).inserted || !rights.insert(edge.right).inserted {
                    valid = false
                    break
                }
                total += edge.benefit
            }
            if valid { best = max(best, total) }
        }
        return best
    }

    static let edgeLists = Gen.int(in: 0...11).array(of: 1...12).map { seeds in
        seeds.enumerated().map { index, seed in
            OneToOneAssignment.Edge(
                left: Int32(seed % 4), right: Int32((seed / 4 + index) % 4),
                benefit: Double((seed * 37 + index * 11) % 19 + 1))
        }
    }

    @Test("Each record is in at most one chosen pair, and the total weight is the maximum")
    func atMostOnePairAndOptimal() async {
        await propertyCheck(count: 300, input: Self.edgeLists) { edges in
            let chosen = OneToOneAssignment.select(edges).map { edges[$0] }
            #expect(Set(chosen.map(\.left)).count == chosen.count)
            #expect(Set(chosen.map(\.right)).count == chosen.count)
            let total = chosen.reduce(0) { $0 + $1.benefit }
            #expect(abs(total - Self.bruteForceBest(edges)) < 1e-9)
        }
    }

    @Test("Not greedy: a lighter pair is dropped for two that weigh more together")
    func notGreedy() {
        let edges = [
            OneToOneAssignment.Edge(left: 0, right: 0, benefit: 10),
            OneToOneAssignment.Edge(left: 0, right: 1, benefit: 9),
            OneToOneAssignment.Edge(left: 1, right: 0, benefit: 9),
        ]
        let chosen = Set(OneToOneAssignment.select(edges))
        #expect(chosen == [1, 2])
    }
}
