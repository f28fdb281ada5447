/// What a linkage or deduplication run found.
public struct LinkageResult: Sendable {
    /// Candidate pairs at or above the threshold, most probable first.
    public var pairs: [CandidatePair]
    /// The model the pairs were scored with.
    public var parameters: ModelParameters
    /// How many pairs blocking let through to comparison.
    public var blocking: BlockingStatistics
}

/// Two records that may be one person.
public struct CandidatePair: Sendable, Hashable {
    /// The record of the first list (the held list, or the earlier record when deduplicating).
    public var heldID: String
    /// The record of the second list (the sought list, or the later record when deduplicating).
    public var soughtID: String
    /// Posterior probability that both records are one person.
    public var probability: Double
    /// The total match weight in bits, the log2 odds of `probability`: prior plus every field's
    /// contribution plus `exclusivity`.
    public var weight: Double
    /// One to one, the bits the other candidates of both records add or take: a pair whose records have
    /// no other candidate gains (neither could be someone else's partner), a pair with strong rivals
    /// loses; 0 when pairs are not one to one. See `LinkageConfiguration.oneToOne`.
    public var exclusivity: Double
    /// Whether surname and given name agreed only crosswise (one side has them swapped).
    public var namesSwapped: Bool
    /// Per field, the level reached and its weight; empty when explanations are off.
    public var explanation: [FieldExplanation]
}

/// How one field contributed to a pair's probability.
public struct FieldExplanation: Sendable, Hashable {
    /// The field compared.
    public var field: LinkageField
    /// The level its two values reached.
    public var level: ComparisonLevel
    /// log2(m / u) of the level, with the term-frequency adjustment where it applies; 0 when missing.
    public var weight: Double
    /// The part of `weight` that comes from the term-frequency adjustment (a common surname agreeing
    /// counts less than a rare one).
    public var termFrequencyAdjustment: Double
}

/// The Fellegi-Sunter model of a run.
public struct ModelParameters: Sendable, Hashable {
    /// Estimated share of all possible pairs that are matches: the prior of every pair's score.
    public var matchProportion: Double
    /// Per field, the m and u probability of each level.
    public var fields: [FieldParameters]
    /// EM iterations run (over all training rules), and whether every run settled.
    public var iterations: Int
    /// Whether every EM run settled before its iteration limit.
    public var converged: Bool
}

/// m and u probabilities of one field's levels.
public struct FieldParameters: Sendable, Hashable {
    /// The field.
    public var field: LinkageField
    /// Its levels; `m` and `u` are indexed like them (index 0, `missing`, is 0 in both).
    public var levels: [ComparisonLevel]
    /// P(level | the records are one person), estimated by EM.
    public var m: [Double]
    /// P(level | the records are different people), from random pairs.
    public var u: [Double]
}

/// What blocking let through.
public struct BlockingStatistics: Sendable, Hashable {
    /// Distinct record pairs compared.
    public var comparedPairs: Int
    /// All pairs that a full comparison would have had to look at.
    public var possiblePairs: Int
    /// Blocking keys skipped because too many records shared them.
    public var oversizedBlocksSkipped: Int
}

/// Where a long run is; reported to the caller's progress handler.
public struct LinkageProgress: Sendable, Hashable {
    /// The stages of a run, in order.
    public enum Stage: String, Sendable {
        case preparing, blocking, estimating, scoring, assigning, done
    }

    /// The stage the run is in.
    public var stage: Stage
    /// Units of the stage done, out of `total` (records of the first list while scoring).
    public var completed: Int
    /// The units of the stage in all.
    public var total: Int
}
