import Foundation
import ParleyCore
import Synchronization

/// Links the records of one list to those of another (or finds duplicates within one list) across
/// scripts, languages and typing errors, with Fellegi-Sunter probabilities.
///
/// A run folds every distinct value once, compares the pairs that blocking lets through, estimates the
/// model by EM on a sample of them (no labels needed), scores every compared pair, and keeps those at or
/// above the threshold, optionally one-to-one.
public struct Linker: Sendable {
    /// The options of every run of this linker.
    public let configuration: LinkageConfiguration
    private let data: LinkageData

    /// Makes a linker; reads the shipped data tables on first use.
    public init(configuration: LinkageConfiguration = LinkageConfiguration()) throws(DataTableError) {
        self.configuration = configuration
        data = try LinkageData.shipped.get()
    }

    /// Candidate pairs between a held list and a sought list.
    ///
    /// - Parameter progress: called now and then from worker tasks while the run goes on.
    public func link(
        held: [LinkageRecord],
        sought: [LinkageRecord],
        progress: (@Sendable (LinkageProgress) -> Void)? = nil
    ) async -> LinkageResult {
        await run(left: held, right: sought, deduplicating: false, progress: progress)
    }

    /// Pairs of records within one list that may be one person; each pair once, earlier record first.
    ///
    /// One-to-one mode does not apply: a person recorded three times gives three pairs.
    public func deduplicate(
        _ records: [LinkageRecord],
        progress: (@Sendable (LinkageProgress) -> Void)? = nil
    ) async -> LinkageResult {
        await run(left: records, right: records, deduplicating: true, progress: progress)
    }

    // MARK: - The run

    private func run(
        left leftRecords: [LinkageRecord],
        right rightRecords: [LinkageRecord],
        deduplicating: Bool,
        progress: (@Sendable (LinkageProgress) -> Void)?
    ) async -> LinkageResult {
        progress?(LinkageProgress(stage: .preparing, completed: 0, total: leftRecords.count + rightRecords.count))
        let lists = deduplicating ? [leftRecords] : [leftRecords, rightRecords]
        let prepared = PreparedRecords(
            lists: lists, data: data,
            derived: await DerivedValues(records: lists, data: data, workers: workerCount))
        let comparator = FieldComparator(
            records: prepared,
            givenClusterCount: data.equivalence.givenNameForms.count,
            placeClusterCount: data.equivalence.placeCount
        )
        let left = prepared.lists[0]
        let right = deduplicating ? left : prepared.lists[1]

        progress?(LinkageProgress(stage: .blocking, completed: 0, total: right.count))
        let blocking = Blocking(
            indexing: right, comparator: comparator, maximumBlockSize: configuration.maximumBlockSize)

        progress?(LinkageProgress(stage: .estimating, completed: 0, total: TrainingRule.all.count))
        let scoring = await estimateModel(
            left: left, right: right, blocking: blocking, comparator: comparator, deduplicating: deduplicating)
        let model = FellegiSunterModel(
            parameters: scoring.parameters,
            frequencyCounts: frequencyCounts(prepared: prepared, comparator: comparator)
        )

        let thresholdWeight = FellegiSunterModel.weight(probability: min(max(configuration.threshold, 1e-9), 1 - 1e-9))
        let vetoed = FellegiSunterModel.fields.filter { configuration.vetoFields.contains($0) }.map {
            (field: $0, level: Int($0.index(of: $0.levels.contains(.conflicting) ? .conflicting : .different)))
        }
        let adjustments = model.recordAdjustments(of: left, comparator: comparator)
        // One to one, a pair's records' other candidates move its probability (see `Exclusivity`): pairs
        // down to the weakest that could still reach the threshold, and rivals worth counting, are kept.
        let exclusivity =
            configuration.oneToOne && !deduplicating
            ? Exclusivity(
                matchProportion: scoring.parameters.matchProportion, heldCount: left.count, soughtCount: right.count)
            : nil
        let keptWeight =
            exclusivity.map { min(thresholdWeight - $0.maximumGain, Exclusivity.rivalFloorWeight) } ?? thresholdWeight
        let stops = FieldComparator.EarlyStops(
            givenName: configuration.vetoFields.contains(.givenName),
            patronymic: configuration.vetoFields.contains(.patronymic),
            floor: ScoreFloor(model: model, threshold: keptWeight, adjustments: adjustments))
        let scored = await scan(
            Array(0..<left.count), left: left, right: right, blocking: blocking, comparator: comparator,
            deduplicating: deduplicating, stage: .scoring, progress: progress, stops: stops,
            start: [ScoredPair]()
        ) { kept, i, j, outcome in
            if outcome.stoppedEarly { return }
            for veto in vetoed where outcome.pattern.level(veto.field) == veto.level { return }
            let total = model.score(outcome.pattern, record: i, adjustments: adjustments)
            if total >= keptWeight {
                kept.append(ScoredPair(left: Int32(i), right: Int32(j), weight: total, outcome: outcome))
            }
        }
        var kept = scored.partials.flatMap { $0 }
        if let exclusivity {
            progress?(LinkageProgress(stage: .assigning, completed: 0, total: kept.count))
            let gains = exclusivity.gains(
                left: kept.map(\.left), right: kept.map(\.right), weights: kept.map(\.weight), leftCount: left.count,
                rightCount: right.count)
            for index in kept.indices { kept[index].exclusivity = gains[index] }
            kept.removeAll { $0.posterior < thresholdWeight }
            let edges = kept.map {
                OneToOneAssignment.Edge(left: $0.left, right: $0.right, benefit: $0.posterior - thresholdWeight + 1)
            }
            kept = OneToOneAssignment.select(edges).map { kept[$0] }
        }
        kept.sort { ($0.posterior, $1.left, $1.right) > ($1.posterior, $0.left, $0.right) }
        let pairs = kept.map { pair in
            CandidatePair(
                heldID: leftRecords[Int(pair.left)].id,
                soughtID: rightRecords[Int(pair.right)].id,
                probability: FellegiSunterModel.probability(weight: pair.posterior),
                weight: pair.posterior,
                exclusivity: pair.exclusivity,
                namesSwapped: pair.outcome.swapped,
                explanation: configuration.explain
                    ? explanation(of: pair, model: model, comparator: comparator, left: left) : []
            )
        }
        progress?(LinkageProgress(stage: .done, completed: pairs.count, total: pairs.count))
        let possible = deduplicating ? left.count * (left.count - 1) / 2 : left.count * right.count
        return LinkageResult(
            pairs: pairs,
            parameters: ModelParameters(
                matchProportion: scoring.parameters.matchProportion,
                fields: FellegiSunterModel.fields.map { field in
                    FieldParameters(
                        field: field, levels: field.levels,
                        m: scoring.parameters.m[field.position], u: scoring.parameters.u[field.position])
                },
                iterations: scoring.iterations,
                converged: scoring.converged
            ),
            blocking: BlockingStatistics(
                comparedPairs: scored.compared, possiblePairs: possible, oversizedBlocksSkipped: scored.oversized)
        )
    }

    /// A compared pair kept for the result.
    private struct ScoredPair: Sendable {
        var left: Int32
        var right: Int32
        /// The Fellegi-Sunter weight, prior included.
        var weight: Double
        var outcome: FieldComparator.Outcome
        /// Bits the records' other candidates add or take, one to one; 0 otherwise.
        var exclusivity = 0.0

        /// The log2 odds the pair is reported with.
        var posterior: Double { weight + exclusivity }
    }

    private func explanation(
        of pair: ScoredPair, model: FellegiSunterModel, comparator: FieldComparator, left: PreparedList
    ) -> [FieldExplanation] {
        FellegiSunterModel.fields.map { field in
            let level = pair.outcome.pattern.level(field)
            let key = comparator.frequencyKey(field, record: Int(pair.left), in: left)
            let (weight, adjustment) = model.weight(field, level: level, key: key)
            return FieldExplanation(
                field: field, level: field.levels[level], weight: weight, termFrequencyAdjustment: adjustment)
        }
    }

    // MARK: - Estimation

    /// A blocking key used to train m: within its blocks the fields it keys on agree by construction, so
    /// they are left out, and the other fields of the different people in a block agree about as often
    /// as random pairs do (u known), which is what EM with fixed u needs.
    struct TrainingRule: Sendable {
        var kind: UInt64
        var excluded: Set<LinkageField>
        /// The share of true matches the rule's blocks hold, from m of the excluded fields.
        var recall: @Sendable (_ m: [[Double]]) -> Double

        static let all = [
            TrainingRule(kind: Blocking.Kind.givenNameAndFullDate, excluded: [.givenName, .dateOfBirth]) { m in
                (m[LinkageField.givenName.position][1] + m[LinkageField.givenName.position][2])
                    * m[LinkageField.dateOfBirth.position][1]
            },
            TrainingRule(kind: Blocking.Kind.surnameAndPatronymic, excluded: [.surname, .patronymic]) { m in
                (m[LinkageField.surname.position][1] + m[LinkageField.surname.position][2])
                    * (m[LinkageField.patronymic.position][1] + m[LinkageField.patronymic.position][2])
            },
        ]
    }

    /// The scoring model: u from random pairs; m by EM (u fixed) on the blocks of each training rule, each
    /// field's m averaged over the rules that do not key on it; the match proportion from the matches
    /// each rule's blocks hold, divided by that rule's recall.
    private func estimateModel(
        left: PreparedList, right: PreparedList, blocking: Blocking, comparator: FieldComparator,
        deduplicating: Bool
    ) async -> ExpectationMaximization.Estimate {
        let fields = FellegiSunterModel.fields
        let u = randomPairLevels(left: left, right: right, comparator: comparator)
        let prior = fields.map { field in
            ExpectationMaximization.normalized(field.levels.map(Self.priorAgreement), fallback: [])
        }
        let stride = max(1, left.count / max(1, configuration.estimationSampleSize))
        let sample = Array(Swift.stride(from: 0, to: left.count, by: stride))
        var mSums = fields.map { [Double](repeating: 0, count: $0.levels.count) }
        var mRuns = [Int](repeating: 0, count: fields.count)
        var ruleMatches: [(matches: Double, rule: TrainingRule)] = []
        var iterations = 0
        var converged = true
        for rule in TrainingRule.all {
            let scanned = await scan(
                sample, left: left, right: right, blocking: blocking, comparator: comparator,
                deduplicating: deduplicating, stage: nil, progress: nil, kinds: [rule.kind],
                start: [UInt32: Double]()
            ) { histogram, _, _, outcome in
                histogram[outcome.pattern.bits, default: 0] += 1
            }
            var histogram: [UInt32: Double] = [:]
            for partial in scanned.partials { histogram.merge(partial) { $0 + $1 } }
            let pairs = histogram.values.reduce(0, +)
            guard pairs >= 20 else { continue }
            let trained = fields.filter { !rule.excluded.contains($0) }
            let estimate = ExpectationMaximization.estimate(
                // Sorted, since a dictionary's order changes from process to process and EM's sums would too.
                patterns: histogram.sorted { $0.key < $1.key }.map { (ComparisonPattern(bits: $0.key), $0.value) },
                fields: trained,
                initial: ExpectationMaximization.Parameters(
                    m: trained.map { prior[$0.position] }, u: trained.map { u[$0.position] },
                    matchProportion: min(0.5, max(1e-6, 0.5 * Double(sample.count) / pairs))),
                fixedU: true,
                maximumIterations: configuration.maximumIterations
            )
            iterations += estimate.iterations
            converged = converged && estimate.converged
            for (index, field) in trained.enumerated() {
                mRuns[field.position] += 1
                for level in field.levels.indices {
                    mSums[field.position][level] += estimate.parameters.m[index][level]
                }
            }
            ruleMatches.append((estimate.parameters.matchProportion * pairs, rule))
        }
        let m = fields.map { field in
            mRuns[field.position] == 0
                ? prior[field.position] : mSums[field.position].map { $0 / Double(mRuns[field.position]) }
        }
        let matchEstimates = ruleMatches.map { $0.matches / max(0.05, $0.rule.recall(m)) }
        let matches =
            matchEstimates.isEmpty
            ? 0.5 * Double(sample.count) : matchEstimates.reduce(0, +) / Double(matchEstimates.count)
        let partners = deduplicating ? Double(max(1, right.count - 1)) / 2 : Double(max(1, right.count))
        let proportion = min(max(matches / (Double(max(1, sample.count)) * partners), 1e-12), 0.5)
        return ExpectationMaximization.Estimate(
            parameters: ExpectationMaximization.Parameters(m: m, u: u, matchProportion: proportion),
            iterations: iterations, converged: converged)
    }

    /// u: the share of each level among random pairs, which are nearly all different people.
    private func randomPairLevels(left: PreparedList, right: PreparedList, comparator: FieldComparator) -> [[Double]] {
        let fields = FellegiSunterModel.fields
        var counts = fields.map { [Double](repeating: 0.5, count: $0.levels.count) }
        var generator = SeededGenerator(seed: configuration.seed)
        if left.count > 0 && right.count > 0 {
            for _ in 0..<configuration.randomPairSampleSize {
                let i = Int.random(in: 0..<left.count, using: &generator)
                let j = Int.random(in: 0..<right.count, using: &generator)
                let pattern = comparator.compare(i, in: left, j, in: right).pattern
                for field in fields { counts[field.position][pattern.level(field)] += 1 }
            }
        }
        return counts.map { ExpectationMaximization.normalized($0, fallback: $0) }
    }

    private static func priorAgreement(_ level: ComparisonLevel) -> Double {
        switch level {
        case .missing: 0
        case .exact: 0.8
        case .equivalent: 0.08
        case .close, .partial, .compatible: 0.04
        case .initial: 0.01
        case .dayMonthSwapped, .yearOffByOne: 0.01
        case .different: 0.02
        case .conflicting: 0.005
        }
    }

    private func frequencyCounts(prepared: PreparedRecords, comparator: FieldComparator) -> [[Int]] {
        FellegiSunterModel.fields.map { field in
            var counts = [Int](repeating: 0, count: comparator.frequencyKeyCount(field))
            guard !counts.isEmpty else { return [] }
            for list in prepared.lists {
                for record in 0..<list.count {
                    let key = comparator.frequencyKey(field, record: record, in: list)
                    if key >= 0 { counts[Int(key)] += 1 }
                }
            }
            return counts
        }
    }

    // MARK: - Parallel comparison

    /// The number of tasks that work at once.
    private var workerCount: Int {
        configuration.concurrency > 0 ? configuration.concurrency : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Compares every record at `indices` of `left` with its blocking candidates in `right`, spread over
    /// the configured number of tasks; each task folds its pairs into its own partial result.
    private func scan<Partial: Sendable>(
        _ indices: [Int],
        left: PreparedList,
        right: PreparedList,
        blocking: Blocking,
        comparator: FieldComparator,
        deduplicating: Bool,
        stage: LinkageProgress.Stage?,
        progress: (@Sendable (LinkageProgress) -> Void)?,
        kinds: Set<UInt64>? = nil,
        stops: FieldComparator.EarlyStops = .none,
        start: Partial,
        visit: @escaping @Sendable (inout Partial, Int, Int, FieldComparator.Outcome) -> Void
    ) async -> (partials: [Partial], compared: Int, oversized: Int) {
        let workers = workerCount
        let chunkSize = 2_048
        let done = ProgressCounter()
        let total = indices.count
        return await withTaskGroup(of: (worker: Int, partial: Partial, compared: Int, oversized: Int).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var partial = start
                    var stamp = [Int32](repeating: -1, count: right.count)
                    var cache = ComparisonCache(capacityBits: 16)
                    var keys: [UInt64] = []
                    var compared = 0
                    var oversized = 0
                    var chunk = worker
                    while chunk * chunkSize < total {
                        let range = chunk * chunkSize..<min(total, (chunk + 1) * chunkSize)
                        for position in range {
                            let i = indices[position]
                            Blocking.keys(of: i, in: left, comparator: comparator, querying: true, into: &keys)
                            if let kinds { keys.removeAll { !kinds.contains(Blocking.kind(of: $0)) } }
                            blocking.forEachCandidate(
                                sharing: keys, query: Int32(i), stamp: &stamp, oversized: &oversized
                            ) { j in
                                if deduplicating && j <= i { return }
                                compared += 1
                                visit(
                                    &partial, i, j,
                                    comparator.compare(
                                        i, in: left, j, in: right, cache: &cache, stops: stops))
                            }
                        }
                        if let stage, let progress {
                            let completed = done.add(range.count)
                            progress(LinkageProgress(stage: stage, completed: completed, total: total))
                        }
                        chunk += workers
                    }
                    return (worker, partial, compared, oversized)
                }
            }
            var results: [(worker: Int, partial: Partial, compared: Int, oversized: Int)] = []
            for await result in group { results.append(result) }
            // In worker order, not the order they finished in, so that sums over the partials come
            // out the same to the last bit on every run.
            results.sort { $0.worker < $1.worker }
            return (results.map(\.partial), results.reduce(0) { $0 + $1.compared }, results.reduce(0) { $0 + $1.oversized })
        }
    }
}

/// Records compared so far, shared by the tasks of one scan.
private final class ProgressCounter: Sendable {
    private let count = Mutex(0)

    /// Adds `amount` and returns the new total.
    func add(_ amount: Int) -> Int {
        count.withLock { value in
            value += amount
            return value
        }
    }
}
