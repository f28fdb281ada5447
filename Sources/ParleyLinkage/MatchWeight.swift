import Foundation
import ParleyCore

/// A pair's weight of evidence, in bits (log2 of the odds that both records are one person), and
/// its probability written so that strong pairs are still told apart: beyond about 13 bits every
/// probability rounds to 1.0000, while weights of 20 and 40 bits are a millionfold apart.
public struct MatchWeight: Hashable, Sendable, Comparable {
    public let bits: Double

    public init(bits: Double) { self.bits = bits }

    /// A stored candidate's weight; for one stored before weights were kept, the log2 odds of its
    /// probability (infinite when that was stored as exactly 1).
    public init(_ candidate: MatchCandidate) {
        self.init(candidate.weight, probability: candidate.probability)
    }

    /// A weight as stored, or the log2 odds of the probability where none was.
    public init(_ weight: Double?, probability: Double) {
        bits = weight ?? FellegiSunterModel.weight(probability: probability)
    }

    public static func < (left: MatchWeight, right: MatchWeight) -> Bool { left.bits < right.bits }

    /// "+23.4 bits", "−5.2 bits".
    public var wording: String {
        guard bits.isFinite else { return bits > 0 ? "over +1,000 bits" : "under −1,000 bits" }
        return (bits < 0 ? "−" : "+") + String(format: "%.1f", abs(bits)) + " bits"
    }

    /// The probability, never rounded to 0 or 1: four decimals while they tell pairs apart, else
    /// its distance from 1 (or from 0), such as "1 − 9.0e-8", computed from the weight without
    /// the cancellation of 1 − p.
    public var probabilityWording: String {
        guard bits.isFinite else { return bits > 0 ? "1, as stored (rounded)" : "0, as stored (rounded)" }
        let complement = 1 / (1 + exp2(bits))
        let probability = 1 / (1 + exp2(-bits))
        if complement < 0.0001 { return "1 − " + Self.scientific(complement) }
        if probability < 0.0001 { return Self.scientific(probability) }
        return String(format: "%.4f", probability)
    }

    /// "9.0e-8"; "0" below what a Double holds.
    private static func scientific(_ value: Double) -> String {
        guard value > 0 else { return "0" }
        let text = String(format: "%.1e", value)  // "9.0e-08"
        guard let e = text.firstIndex(of: "e") else { return text }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(text[..<e])e\(exponent)"
    }
}
