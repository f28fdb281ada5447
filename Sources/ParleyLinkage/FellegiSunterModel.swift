import Foundation

/// Match weights of a Fellegi-Sunter model, with term-frequency adjustment.
///
/// A field at level l adds log2(m_l / u_l) bits; the prior adds log2(λ / (1 - λ)); the probability is
/// 1 / (1 + 2^-total). For surname, given name, patronymic and place agreeing exactly or equivalently,
/// u is scaled by how common the agreeing value is: u_v = u · p_v / p̄, where p_v is the value's share of
/// the records and p̄ = Σp³ / Σp² is the share of a value that random agreeing pairs hold on average.
/// So a Шевченко agreeing counts less than a rare surname, and the average stays the model's.
struct FellegiSunterModel: Sendable {
    static let fields = LinkageField.allCases
    static let adjustedFields: Set<LinkageField> = [.surname, .givenName, .patronymic, .placeOfBirth]
    /// The most a term-frequency adjustment may move a weight, in bits.
    static let adjustmentLimit = 8.0

    let parameters: ExpectationMaximization.Parameters
    let weights: [[Double]]
    let priorWeight: Double
    /// Per field position, per frequency key: the adjustment in bits (empty for unadjusted fields).
    let adjustments: [[Double]]
    /// Per field, per level: whether the term-frequency adjustment applies.
    let adjustable: [[Bool]] = Self.fields.map { field in field.levels.indices.map { isAdjusted(field, level: $0) } }

    init(parameters: ExpectationMaximization.Parameters, frequencyCounts: [[Int]]) {
        self.parameters = parameters
        weights = zip(parameters.m, parameters.u).map { m, u in
            zip(m, u).enumerated().map { index, pair in index == 0 ? 0 : log2(pair.0 / pair.1) }
        }
        priorWeight = log2(parameters.matchProportion / (1 - parameters.matchProportion))
        adjustments = frequencyCounts.map { counts in
            let total = Double(counts.reduce(0, +))
            guard total > 0 else { return [] }
            var squares = 0.0
            var cubes = 0.0
            for count in counts where count > 0 {
                let share = Double(count) / total
                squares += share * share
                cubes += share * share * share
            }
            let average = cubes / squares
            return counts.map { count in
                guard count > 0 else { return 0 }
                let bits = -log2(Double(count) / total / average)
                return min(max(bits, -Self.adjustmentLimit), Self.adjustmentLimit)
            }
        }
    }

    /// Whether the term-frequency adjustment applies to a field at a level.
    static func isAdjusted(_ field: LinkageField, level: Int) -> Bool {
        guard adjustedFields.contains(field) else { return false }
        let meaning = field.levels[level]
        return meaning == .exact || meaning == .equivalent
    }

    /// The weight of one field at one level for a value with frequency key `key`, and its adjustment.
    func weight(_ field: LinkageField, level: Int, key: Int32) -> (weight: Double, adjustment: Double) {
        let base = weights[field.position][level]
        guard Self.isAdjusted(field, level: level), key >= 0, Int(key) < adjustments[field.position].count else {
            return (base, 0)
        }
        let adjustment = adjustments[field.position][Int(key)]
        return (base + adjustment, adjustment)
    }

    /// Per record of a list, per field: the term-frequency adjustment its value gets when it agrees.
    func recordAdjustments(of list: PreparedList, comparator: FieldComparator) -> [[Float]] {
        Self.fields.map { field in
            guard Self.adjustedFields.contains(field) else { return [] }
            return (0..<list.count).map { record in
                let key = comparator.frequencyKey(field, record: record, in: list)
                guard key >= 0, Int(key) < adjustments[field.position].count else { return 0 }
                return Float(adjustments[field.position][Int(key)])
            }
        }
    }

    /// The total weight of a pattern: prior, level weights, and the adjustments of the first record's values.
    func score(_ pattern: ComparisonPattern, record: Int, adjustments recordAdjustments: [[Float]]) -> Double {
        var total = priorWeight
        for field in Self.fields {
            let level = pattern.level(field)
            total += weights[field.position][level]
            if adjustable[field.position][level] { total += Double(recordAdjustments[field.position][record]) }
        }
        return total
    }

    static func probability(weight: Double) -> Double {
        1 / (1 + exp2(-weight))
    }

    static func weight(probability: Double) -> Double {
        log2(probability / (1 - probability))
    }
}

/// The least total weight a pair needs to be kept, and what the surname and given name of each record
/// of the first list could add at best, so that a comparison can stop once a pair cannot get there.
struct ScoreFloor: Sendable {
    private let model: FellegiSunterModel
    private let adjustments: [[Float]]
    /// The threshold weight less the prior, less a margin for rounding, since the sums are taken in
    /// another order than `FellegiSunterModel.score` takes them.
    private let needed: Double
    /// Per record of the first list: the most its surname and given name can add.
    private let bestNames: [Double]

    private static let boundFields: [LinkageField] = [.patronymic, .dateOfBirth, .placeOfBirth, .serviceNumber]

    init(model: FellegiSunterModel, threshold: Double, adjustments: [[Float]]) {
        self.model = model
        self.adjustments = adjustments
        needed = threshold - model.priorWeight - 1e-6
        let count = adjustments[LinkageField.surname.position].count
        bestNames = (0..<count).map { record in
            [LinkageField.surname, .givenName].reduce(0) { total, field in
                let position = field.position
                let best = field.levels.indices.dropFirst().map { level in
                    model.weights[position][level]
                        + (model.adjustable[position][level] ? Double(adjustments[position][record]) : 0)
                }
                return total + max(0, best.max() ?? 0)
            }
        }
    }

    /// Whether a pattern whose surname and given name are not yet set can still reach the threshold.
    func canReach(_ pattern: ComparisonPattern, record: Int) -> Bool {
        var total = bestNames[record]
        for field in Self.boundFields {
            let position = field.position
            let level = pattern.level(field)
            total += model.weights[position][level]
            if model.adjustable[position][level] { total += Double(adjustments[position][record]) }
        }
        return total >= needed
    }
}
