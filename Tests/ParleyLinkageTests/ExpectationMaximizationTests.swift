import ParleyCore
import Testing

@testable import ParleyLinkage

@Suite("Expectation-maximisation")
struct ExpectationMaximizationTests {
    /// Draws comparison patterns from a known model and checks that EM, started far from it, recovers it.
    @Test("EM recovers known m, u and match proportion from unlabelled simulated patterns")
    func recoversKnownParameters() {
        let fields: [LinkageField] = [.surname, .serviceNumber, .dateOfBirth]
        // Level 0 (missing) never drawn here; each row sums to 1 over the other levels.
        let trueM: [[Double]] = [
            [0, 0.80, 0.10, 0.06, 0.01, 0.03],
            [0, 0.70, 0.20, 0.05, 0.05],
            [0, 0.75, 0.10, 0.05, 0.03, 0.04, 0.03],
        ]
        let trueU: [[Double]] = [
            [0, 0.02, 0.01, 0.05, 0.02, 0.90],
            [0, 0.05, 0.03, 0.02, 0.90],
            [0, 0.01, 0.04, 0.02, 0.01, 0.02, 0.90],
        ]
        let trueProportion = 0.2
        var random = SeededGenerator(seed: 42)
        func draw(_ probabilities: [Double]) -> Int {
            var roll = Double.random(in: 0..<1, using: &random)
            for (level, probability) in probabilities.enumerated() where level > 0 {
                roll -= probability
                if roll < 0 { return level }
            }
            return probabilities.count - 1
        }
        var counts: [UInt32: Double] = [:]
        for _ in 0..<200_000 {
            let isMatch = Double.random(in: 0..<1, using: &random) < trueProportion
            var pattern = ComparisonPattern(bits: 0)
            for (index, field) in fields.enumerated() {
                pattern.set(field, UInt32(draw(isMatch ? trueM[index] : trueU[index])))
            }
            counts[pattern.bits, default: 0] += 1
        }
        let flat: (Int) -> [Double] = { count in [0] + Array(repeating: 1 / Double(count - 1), count: count - 1) }
        let initial = ExpectationMaximization.Parameters(
            m: fields.map { field in
                [0, 0.5] + Array(repeating: 0.5 / Double(field.levels.count - 2), count: field.levels.count - 2)
            },
            u: fields.map { flat($0.levels.count) },
            matchProportion: 0.5
        )
        let estimate = ExpectationMaximization.estimate(
            patterns: counts.map { (ComparisonPattern(bits: $0.key), $0.value) },
            fields: fields, initial: initial, maximumIterations: 500, tolerance: 1e-9)

        #expect(estimate.converged)
        #expect(abs(estimate.parameters.matchProportion - trueProportion) < 0.01)
        for index in fields.indices {
            for level in 1..<trueM[index].count {
                #expect(abs(estimate.parameters.m[index][level] - trueM[index][level]) < 0.02, "m \(index) \(level)")
                #expect(abs(estimate.parameters.u[index][level] - trueU[index][level]) < 0.02, "u \(index) \(level)")
            }
        }
    }

    @Test("Missing levels carry no evidence")
    func missingIgnored() {
        let fields: [LinkageField] = [.surname]
        var pattern = ComparisonPattern(bits: 0)
        pattern.set(.surname, 0)
        let initial = ExpectationMaximization.Parameters(
            m: [[0, 0.8, 0.1, 0.05, 0.03, 0.02]], u: [[0, 0.1, 0.1, 0.1, 0.1, 0.6]], matchProportion: 0.3)
        let estimate = ExpectationMaximization.estimate(patterns: [(pattern, 100)], fields: fields, initial: initial)
        #expect(estimate.parameters.m == initial.m)
        #expect(estimate.parameters.u == initial.u)
    }
}
