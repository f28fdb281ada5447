import Tagged

/// One run of the matching between the records one party seeks and those another holds.
///
/// Its candidate pairs wait in the review queue until a person confirms or rejects each;
/// decisions outlive runs, so running again after new imports keeps them.
public struct MatchRun: Hashable, Sendable, Codable {
    public typealias ID = Tagged<MatchRun, Int64>

    public var id: ID
    /// The party whose sought records were matched.
    public var seeking: Party.Code
    /// The party whose held records they were matched against.
    public var holding: Party.Code
    /// Pairs at or above this probability are candidates.
    public var threshold: Double
    public var at: String
    /// The candidate pairs, in the order the run found them (most probable first).
    public var candidates: [MatchCandidate]

    public init(
        id: ID, seeking: Party.Code, holding: Party.Code, threshold: Double, at: String, candidates: [MatchCandidate]
    ) {
        self.id = id
        self.seeking = seeking
        self.holding = holding
        self.threshold = threshold
        self.at = at
        self.candidates = candidates
    }
}

/// A pair matching proposes: a sought record and a held record that may be one person.
public struct MatchCandidate: Hashable, Sendable, Codable {
    public typealias ID = Tagged<MatchCandidate, Int64>

    /// Assigned by the store when the run is saved; the linker's pairs have none until then.
    public var id: ID
    public var sought: RegistryRecord.ID
    public var held: RegistryRecord.ID
    public var probability: Double
    /// The match weight in bits, log2 of the odds that both records are one person: what ranks the
    /// pairs, since probabilities of strong pairs all round to 1. `nil` for pairs stored before
    /// Parley kept it.
    public var weight: Double?
    /// How each field compared, and what it weighed.
    public var explanation: [FieldWeight]

    public init(
        id: ID, sought: RegistryRecord.ID, held: RegistryRecord.ID, probability: Double, weight: Double?,
        explanation: [FieldWeight]
    ) {
        self.id = id
        self.sought = sought
        self.held = held
        self.probability = probability
        self.weight = weight
        self.explanation = explanation
    }

    /// One field's comparison: its level (such as `equivalent`) and its weight in bits.
    public struct FieldWeight: Hashable, Sendable, Codable {
        public var field: String
        public var level: String
        public var weight: Double

        public init(field: String, level: String, weight: Double) {
            self.field = field
            self.level = level
            self.weight = weight
        }
    }
}

/// A person's decision on a candidate pair; a confirmed pair is a link.
public struct MatchDecision: Hashable, Sendable, Codable {
    public typealias ID = Tagged<MatchDecision, Int64>

    public enum Verdict: String, Hashable, Sendable, Codable, CaseIterable {
        /// One person: the sought record is located in the other side's registry.
        case confirmed
        /// Two people.
        case rejected
    }

    public var id: ID
    public var sought: RegistryRecord.ID
    public var held: RegistryRecord.ID
    public var verdict: Verdict
    public var by: Principal
    public var at: String

    public init(
        id: ID, sought: RegistryRecord.ID, held: RegistryRecord.ID, verdict: Verdict, by: Principal, at: String
    ) {
        self.id = id
        self.sought = sought
        self.held = held
        self.verdict = verdict
        self.by = by
        self.at = at
    }
}

/// Why a decision on a candidate was refused.
public enum ReviewRefusal: ParleyError, Hashable {
    case alreadyDecided(MatchDecision.Verdict)
    case soughtAlreadyLinked(reference: String)

    public var code: String { "review.refused" }
    public var message: String {
        switch self {
        case .alreadyDecided(let verdict): "this pair was already \(verdict.rawValue)"
        case .soughtAlreadyLinked(let reference): "the sought record \(reference) is already linked to another held record"
        }
    }
    public var remedy: String {
        switch self {
        case .alreadyDecided: "A decision is final; the journal keeps it"
        case .soughtAlreadyLinked: "Reject this pair, or look at the existing link with parley review links"
        }
    }
}
