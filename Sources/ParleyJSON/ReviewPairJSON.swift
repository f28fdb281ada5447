import ParleyCore
import ParleyLinkage
import ParleyStore

/// A candidate pair of the review queue: both records, the weight of evidence that they are one
/// person with its probability in words that strong pairs still tell apart, and each field's part.
public struct ReviewPairJSON: Representation {
    public static let name = "ReviewPair"
    public static let shape = JSONShape.object([
        "pair": .integer, "run": .integer, "weight": .nullable(.number), "weightWording": .string,
        "probability": .number, "probabilityWording": .string,
        "fields": .array(of: .object(["field": .string, "level": .string, "weight": .number])),
        "sought": RegistryRecord.shape, "held": RegistryRecord.shape,
    ])

    public let pair: Int64
    public let run: Int64
    /// The match weight in bits (log2 of the odds), which ranks the queue; `nil` for a pair stored before weights
    /// were kept.
    public let weight: Double?
    /// "+23.4 bits".
    public let weightWording: String
    /// The probability as stored, which rounds to 1 for strong pairs; `probabilityWording` does not.
    public let probability: Double
    /// "0.9731", or "1 − 9.0e-8" for a pair whose probability would round to 1.
    public let probabilityWording: String
    public let fields: [MatchCandidate.FieldWeight]
    public let sought: RegistryRecord
    public let held: RegistryRecord

    public init(_ item: ReviewItem) {
        let weight = MatchWeight(item.candidate)
        pair = item.candidate.id.rawValue
        run = item.run.rawValue
        self.weight = item.candidate.weight
        weightWording = weight.wording
        probability = item.candidate.probability
        probabilityWording = weight.probabilityWording
        fields = item.candidate.explanation
        sought = item.sought
        held = item.held
    }
}
