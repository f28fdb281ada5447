/// Estimates Fellegi-Sunter m and u probabilities and the match proportion from unlabelled comparison
/// patterns by expectation-maximisation.
///
/// The model is a mixture of two classes (match, non-match) in which the fields agree independently
/// given the class. Level 0 of every field (`missing`) carries no evidence and is left out of both the
/// likelihood and the estimates.
enum ExpectationMaximization {
    /// Parameters of the two-class model: per field, per level.
    struct Parameters: Sendable, Equatable {
        var m: [[Double]]
        var u: [[Double]]
        var matchProportion: Double
    }

    struct Estimate: Sendable {
        var parameters: Parameters
        var iterations: Int
        var converged: Bool
    }

    static let floor = 1e-6

    /// Runs EM from `initial` on patterns with their counts until no parameter moves more than
    /// `tolerance`, or `maximumIterations`. With `fixedU`, u stays as given and only m and the match
    /// proportion are estimated (u known from random pairs). `m` and `u` are indexed like `fields`.
    static func estimate(
        patterns: [(pattern: ComparisonPattern, count: Double)],
        fields: [LinkageField],
        initial: Parameters,
        fixedU: Bool = false,
        maximumIterations: Int = 200,
        tolerance: Double = 1e-7
    ) -> Estimate {
        var current = initial
        let levels = fields.map { $0.levels.count }
        for iteration in 1...max(1, maximumIterations) {
            var mCounts = levels.map { [Double](repeating: 0, count: $0) }
            var uCounts = levels.map { [Double](repeating: 0, count: $0) }
            var matches = 0.0
            var total = 0.0
            for (pattern, count) in patterns {
                var matchLikelihood = current.matchProportion
                var nonMatchLikelihood = 1 - current.matchProportion
                for (index, field) in fields.enumerated() {
                    let level = pattern.level(field)
                    guard level > 0 else { continue }
                    matchLikelihood *= current.m[index][level]
                    nonMatchLikelihood *= current.u[index][level]
                }
                let sum = matchLikelihood + nonMatchLikelihood
                let responsibility = sum > 0 ? matchLikelihood / sum : 0
                matches += count * responsibility
                total += count
                for (index, field) in fields.enumerated() {
                    let level = pattern.level(field)
                    guard level > 0 else { continue }
                    mCounts[index][level] += count * responsibility
                    uCounts[index][level] += count * (1 - responsibility)
                }
            }
            guard total > 0 else { return Estimate(parameters: current, iterations: iteration, converged: true) }
            var next = current
            next.matchProportion = min(max(matches / total, floor), 1 - floor)
            for index in fields.indices {
                next.m[index] = normalized(mCounts[index], fallback: current.m[index])
                if !fixedU { next.u[index] = normalized(uCounts[index], fallback: current.u[index]) }
            }
            let change = distance(current, next)
            current = next
            if change < tolerance { return Estimate(parameters: current, iterations: iteration, converged: true) }
        }
        return Estimate(parameters: current, iterations: maximumIterations, converged: false)
    }

    /// Probabilities over the non-missing levels (index 0 stays 0), each at least `floor`.
    static func normalized(_ counts: [Double], fallback: [Double]) -> [Double] {
        let sum = counts.dropFirst().reduce(0, +)
        guard sum > 0 else { return fallback }
        var probabilities = counts.map { max($0 / sum, floor) }
        probabilities[0] = 0
        let total = probabilities.reduce(0, +)
        return probabilities.map { $0 / total }
    }

    private static func distance(_ a: Parameters, _ b: Parameters) -> Double {
        var largest = abs(a.matchProportion - b.matchProportion)
        for (x, y) in zip(a.m + a.u, b.m + b.u) {
            for (p, q) in zip(x, y) { largest = max(largest, abs(p - q)) }
        }
        return largest
    }
}
