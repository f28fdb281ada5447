/// How a linkage run decides and how much it reports.
public struct LinkageConfiguration: Sendable, Hashable {
    /// Pairs with a match probability at or above this are candidates.
    public var threshold: Double
    /// Keep each record in at most one pair, choosing the pairs with the largest total match weight.
    ///
    /// A pair's probability is then its one-to-one posterior: the Fellegi-Sunter odds weighed against
    /// the other candidates of both records and the chance that each has no partner (`Exclusivity`), so
    /// a pair without rivals can reach the threshold on less evidence and a pair with a strong rival
    /// needs more; the change is reported as `CandidatePair.exclusivity`.
    ///
    /// Exact maximum-weight bipartite matching: the candidate graph is cut into connected components,
    /// and each component is solved by successive shortest augmenting paths (min-cost flow with
    /// Dijkstra and potentials), stopping when no augmenting path adds weight. The weight of a pair is
    /// its log2 odds above the threshold's log2 odds, plus one, so every candidate is worth keeping and
    /// a better-supported pair is worth more.
    public var oneToOne: Bool
    /// Report per field the level reached and the weight it contributed for every candidate pair.
    public var explain: Bool
    /// Fields whose disagreement rules a pair out, whatever the other fields say.
    ///
    /// Twins and brothers share surname, patronymic, birth place and sometimes birth date; only the
    /// given name tells them apart, and father and son are told apart by the patronymic. Fellegi-Sunter
    /// assumes fields are independent, which these families are not, so a given name or patronymic at
    /// level `conflicting` (both sides are names the tables know, and different names) vetoes the pair.
    /// A misspelt name that the tables do not know is only `different` and is left to the weights. For a
    /// field without a `conflicting` level, `different` vetoes.
    public var vetoFields: Set<LinkageField>
    /// A blocking key shared by more indexed records than this is skipped; other keys still apply.
    public var maximumBlockSize: Int
    /// At most this many records of the first list are compared to estimate the model.
    public var estimationSampleSize: Int
    /// The number of random pairs whose patterns give the non-match (u) probabilities.
    public var randomPairSampleSize: Int
    /// The most EM iterations.
    public var maximumIterations: Int
    /// Seed of the random pair sample, so a run is reproducible.
    public var seed: UInt64
    /// Tasks comparing pairs at once; 0 means one per active processor.
    public var concurrency: Int

    /// The defaults: threshold 0.9, pairs not one-to-one, explanations on, vetoes on given name and
    /// patronymic.
    public init(
        threshold: Double = 0.9,
        oneToOne: Bool = false,
        explain: Bool = true,
        vetoFields: Set<LinkageField> = [.givenName, .patronymic],
        maximumBlockSize: Int = 1_000,
        estimationSampleSize: Int = 20_000,
        randomPairSampleSize: Int = 50_000,
        maximumIterations: Int = 200,
        seed: UInt64 = 0x5EED_0000_0003,
        concurrency: Int = 0
    ) {
        self.threshold = threshold
        self.oneToOne = oneToOne
        self.explain = explain
        self.vetoFields = vetoFields
        self.maximumBlockSize = maximumBlockSize
        self.estimationSampleSize = estimationSampleSize
        self.randomPairSampleSize = randomPairSampleSize
        self.maximumIterations = maximumIterations
        self.seed = seed
        self.concurrency = concurrency
    }
}
