import Foundation

/// The one-to-one posterior of a candidate pair: how the other candidates of both records, and the
/// chance that a record has no partner at all, move a pair's Fellegi-Sunter odds.
///
/// When each person is in each list at most once, the hypotheses for a held record i are "i is one
/// person with sought record k", for each k, or "i has no partner". With M matches among N_h × N_s pairs
/// (λ = M / (N_h N_s)), a held record has a partner with probability π_h = λ N_s, a sought record with
/// π_s = λ N_h, and "i is one person with k" has prior λ and Bayes factor BF_ik. Writing A_ik = λ BF_ik,
/// summing over the configurations of i and j that do not pair them (i unpaired or paired with another
/// k; j unpaired or paired with another l) gives the posterior odds of the pair
///
///     A_ij / ((1 − π_h + S_i) (1 − π_s + S_j)),   S_i = Σ_{k ≠ j} A_ik,   S_j = Σ_{l ≠ i} A_lj,
///
/// where the sums run over the compared candidates (pairs blocking never compares have a negligible A).
/// Fellegi-Sunter alone uses odds A_ij / (1 − λ), as if "i or j pairs with someone else" kept its prior
/// weight; once the candidates are known that hypothesis is measured instead. So a pair whose records
/// have no other candidate gains up to −log2((1 − π_h)(1 − π_s)) bits, and a pair with strong rivals loses.
struct Exclusivity: Sendable {
    /// Candidates weaker than this many bits of odds are left out of the sums; below it a rival adds less
    /// than 1/64 of a record's chance of having no partner.
    static let rivalFloorWeight = -6.0
    /// The most a held or a sought record's chance of having a partner is taken to be, so that the gain
    /// stays bounded when λ is overestimated.
    static let maximumPartnerShare = 0.9

    let matchProportion: Double
    /// π_h: the chance that a held record has a partner in the sought list.
    let heldPartnerShare: Double
    /// π_s: the chance that a sought record has a partner in the held list.
    let soughtPartnerShare: Double

    init(matchProportion: Double, heldCount: Int, soughtCount: Int) {
        self.matchProportion = matchProportion
        heldPartnerShare = min(Self.maximumPartnerShare, matchProportion * Double(soughtCount))
        soughtPartnerShare = min(Self.maximumPartnerShare, matchProportion * Double(heldCount))
    }

    /// The most bits a pair can gain: when neither record has another candidate.
    var maximumGain: Double {
        log2((1 - matchProportion) / ((1 - heldPartnerShare) * (1 - soughtPartnerShare)))
    }

    /// Per candidate, the bits to add to its Fellegi-Sunter weight to get its one-to-one posterior log2
    /// odds; `weights` are the Fellegi-Sunter weights (prior included) of every candidate at or above
    /// `rivalFloorWeight`.
    func gains(left: [Int32], right: [Int32], weights: [Double], leftCount: Int, rightCount: Int) -> [Double] {
        // A_ij = λ BF_ij = 2^w (1 − λ), since w = log2(λ / (1 − λ)) + log2 BF.
        let share = weights.map { exp2($0) * (1 - matchProportion) }
        let ofLeft = Rivals(records: left, shares: share, count: leftCount)
        let ofRight = Rivals(records: right, shares: share, count: rightCount)
        return weights.indices.map { index in
            let against =
                (1 - heldPartnerShare + ofLeft.sum(besides: index, record: left[index], shares: share))
                * (1 - soughtPartnerShare + ofRight.sum(besides: index, record: right[index], shares: share))
            return log2((1 - matchProportion) / against)
        }
    }

    /// Per record, the sum of its candidates' shares, kept as the largest share and the sum of the rest so
    /// that leaving one candidate out does not subtract a huge share from a sum and lose the small ones.
    private struct Rivals {
        var largest: [Int]
        var rest: [Double]

        init(records: [Int32], shares: [Double], count: Int) {
            largest = [Int](repeating: -1, count: count)
            rest = [Double](repeating: 0, count: count)
            for (index, record) in records.enumerated() {
                let record = Int(record)
                if largest[record] < 0 || shares[index] > shares[largest[record]] { largest[record] = index }
            }
            for (index, record) in records.enumerated() where largest[Int(record)] != index {
                rest[Int(record)] += shares[index]
            }
        }

        /// The shares of a record's candidates other than the one at `index`.
        func sum(besides index: Int, record: Int32, shares: [Double]) -> Double {
            let record = Int(record)
            return largest[record] == index ? rest[record] : max(0, rest[record] - shares[index]) + shares[largest[record]]
        }
    }
}
