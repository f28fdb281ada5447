import Foundation
import LinkageSynthetic
import ParleyCore
import ParleyLinkage
import Synchronization

/// Generates a synthetic cross-script list pair, writes it as CSV, links it and prints quality and cost;
/// or links two given list files and writes the pairs, for `bench/peers.sh` to score beside other tools.
///
/// Usage: `linkage-bench [--size N] [--seed S] [--out DIR [--write-only]] [--threshold P] [--one-to-one]`
/// or `linkage-bench --held H.csv --sought S.csv --pairs PAIRS.csv [--threshold P] [--one-to-one]`
@main
struct BenchMain {
    static func main() async {
        do {
            let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            if let files = options.files {
                try await link(files, options)
            } else {
                try await run(options)
            }
        } catch {
            FileHandle.standardError.write(Data("linkage-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: BenchOptions) async throws {
        let generationStart = Date()
        let lists = try SyntheticListPair.generate(size: options.size, seed: options.seed)
        let generationTime = Date().timeIntervalSince(generationStart)
        if let directory = options.outputDirectory {
            try CSVFiles.write(lists, to: directory)
            if options.writeOnly {
                print("wrote \(options.size) x \(options.size) (seed \(options.seed)) to \(directory.path)")
                return
            }
        }
        let (result, seconds, cpuSeconds, stages) = try await measuredLink(lists.held, lists.sought, options)
        let truth = Set(lists.truth.map { "\($0.held)|\($0.sought)" })
        let found = Set(result.pairs.map { "\($0.heldID)|\($0.soughtID)" })
        let truePositives = found.intersection(truth).count
        let precision = found.isEmpty ? 0 : Double(truePositives) / Double(found.count)
        let recall = truth.isEmpty ? 0 : Double(truePositives) / Double(truth.count)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        print("size            \(options.size) x \(options.size) (seed \(options.seed), \(lists.relatives) relatives)")
        print("generation      \(String(format: "%.2f", generationTime)) s")
        print("true pairs      \(truth.count)")
        print("found pairs     \(found.count)")
        print(
            "compared pairs  \(result.blocking.comparedPairs) (skipped oversized blocks: \(result.blocking.oversizedBlocksSkipped))"
        )
        print("precision       \(String(format: "%.4f", precision))")
        print("recall          \(String(format: "%.4f", recall))")
        print("F1              \(String(format: "%.4f", f1))")
        print("link wall time  \(String(format: "%.3f", seconds)) s")
        print("link CPU time   \(String(format: "%.3f", cpuSeconds)) s (user + system, all threads)")
        print("peak memory     \(String(format: "%.1f", PeakMemory.megabytes())) MiB (whole process, incl. generation)")
        printModel(result, stages)
        if options.verbose {
            for field in result.parameters.fields {
                let cells = zip(field.levels, zip(field.m, field.u)).dropFirst().map {
                    "\($0.0.rawValue) m=\(String(format: "%.3f", $0.1.0)) u=\(String(format: "%.4f", $0.1.1))"
                }
                print("  \(field.field.rawValue): " + cells.joined(separator: ", "))
            }
            let missed = truth.subtracting(found).prefix(15)
            let wrong = found.subtracting(truth).prefix(15)
            let heldByID = Dictionary(uniqueKeysWithValues: lists.held.map { ($0.id, $0) })
            let soughtByID = Dictionary(uniqueKeysWithValues: lists.sought.map { ($0.id, $0) })
            func show(_ key: String) -> String {
                let parts = key.split(separator: "|").map(String.init)
                return "\(CSVFiles.row(heldByID[parts[0]]))\n      \(CSVFiles.row(soughtByID[parts[1]]))"
            }
            print("missed:")
            for key in missed { print("  - " + show(key)) }
            print("wrong:")
            for key in wrong { print("  - " + show(key)) }
        }
    }
}

extension BenchMain {
    /// Links two list files and writes the pairs; quality is scored outside, against the truth file.
    static func link(_ files: BenchOptions.Files, _ options: BenchOptions) async throws {
        let held = try CSVFiles.read(files.held)
        let sought = try CSVFiles.read(files.sought)
        let (result, seconds, cpuSeconds, stages) = try await measuredLink(held, sought, options)
        try CSVFiles.writePairs(result.pairs, to: files.pairs)
        print("lists           \(held.count) held x \(sought.count) sought")
        print("found pairs     \(result.pairs.count), written to \(files.pairs.path)")
        print(
            "compared pairs  \(result.blocking.comparedPairs) (skipped oversized blocks: \(result.blocking.oversizedBlocksSkipped))"
        )
        print("link wall time  \(String(format: "%.3f", seconds)) s")
        print("link CPU time   \(String(format: "%.3f", cpuSeconds)) s (user + system, all threads)")
        printModel(result, stages)
    }

    /// One run of the linker on two lists, with its wall time, CPU time and the start of each stage.
    static func measuredLink(
        _ held: [LinkageRecord], _ sought: [LinkageRecord], _ options: BenchOptions
    ) async throws -> (LinkageResult, seconds: Double, cpuSeconds: Double, StageLog) {
        let linker = try Linker(configuration: options.configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuBefore = ProcessTimes.cpuSeconds()
        let stages = StageLog()
        let result = await linker.link(held: held, sought: sought) { progress in
            stages.note(progress.stage, at: clock.now - start)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (result, seconds, ProcessTimes.cpuSeconds() - cpuBefore, stages)
    }

    static func printModel(_ result: LinkageResult, _ stages: StageLog) {
        print(
            "EM              \(result.parameters.iterations) iterations, converged: \(result.parameters.converged), λ = \(String(format: "%.3e", result.parameters.matchProportion))"
        )
        print("stages          " + stages.summary())
    }
}

/// Command-line options of the benchmark.
struct BenchOptions {
    var size = 2_000
    var seed: UInt64 = 2026
    var outputDirectory: URL?
    var threshold = 0.9
    var oneToOne = false
    var verbose = false
    var vetoes = true
    var workers = 0
    var maximumBlockSize = LinkageConfiguration().maximumBlockSize
    var writeOnly = false
    /// The list files to link instead of a synthetic pair, and where to write the pairs.
    var files: Files?

    struct Files {
        var held: URL
        var sought: URL
        var pairs: URL
    }

    /// The engine's configuration for these options.
    var configuration: LinkageConfiguration {
        LinkageConfiguration(
            threshold: threshold, oneToOne: oneToOne, explain: false, vetoFields: vetoes ? [.givenName, .patronymic] : [],
            maximumBlockSize: maximumBlockSize, concurrency: workers)
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws {
        var rest = arguments[...]
        var held: URL?
        var sought: URL?
        var pairs: URL?
        func path(_ flag: String) throws -> URL { URL(fileURLWithPath: try Self.value(&rest, flag, { $0 })) }
        while let flag = rest.popFirst() {
            switch flag {
            case "--size": size = try Self.value(&rest, flag, Int.init)
            case "--seed": seed = try Self.value(&rest, flag, UInt64.init)
            case "--threshold": threshold = try Self.value(&rest, flag, Double.init)
            case "--out": outputDirectory = try path(flag)
            case "--write-only": writeOnly = true
            case "--held": held = try path(flag)
            case "--sought": sought = try path(flag)
            case "--pairs": pairs = try path(flag)
            case "--one-to-one": oneToOne = true
            case "--verbose": verbose = true
            case "--no-veto": vetoes = false
            case "--workers": workers = try Self.value(&rest, flag, Int.init)
            case "--max-block": maximumBlockSize = try Self.value(&rest, flag, Int.init)
            default:
                throw Invalid(
                    description:
                        "unknown option \(flag); use --size N --seed S --out DIR --write-only --held FILE --sought FILE --pairs FILE "
                        + "--threshold P --one-to-one --verbose --no-veto --workers N --max-block N"
                )
            }
        }
        switch (held, sought, pairs) {
        case (nil, nil, nil):
            guard !writeOnly || outputDirectory != nil else { throw Invalid(description: "--write-only needs --out DIR") }
        case (let held?, let sought?, let pairs?):
            files = Files(held: held, sought: sought, pairs: pairs)
        default:
            throw Invalid(description: "give --held, --sought and --pairs together")
        }
    }

    private static func value<T>(_ rest: inout ArraySlice<String>, _ flag: String, _ parse: (String) -> T?) throws -> T {
        guard let text = rest.popFirst(), let value = parse(text) else {
            throw Invalid(description: "\(flag) needs a valid value")
        }
        return value
    }
}

/// When each stage of a run began.
final class StageLog: Sendable {
    private let starts = Mutex<[(LinkageProgress.Stage, Duration)]>([])

    func note(_ stage: LinkageProgress.Stage, at time: Duration) {
        starts.withLock { starts in
            if starts.last?.0 != stage { starts.append((stage, time)) }
        }
    }

    func summary() -> String {
        starts.withLock { starts in
            starts.map {
                "\($0.0.rawValue)@\(String(format: "%.2f", Double($0.1.components.attoseconds) / 1e18 + Double($0.1.components.seconds)))s"
            }
            .joined(separator: " ")
        }
    }
}

/// Peak resident memory and CPU time of this process, from getrusage.
enum PeakMemory {
    static func megabytes() -> Double {
        Double(ProcessTimes.usage().ru_maxrss) / 1024
    }
}

enum ProcessTimes {
    static func usage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }

    /// User plus system CPU seconds used so far by all threads.
    static func cpuSeconds() -> Double {
        let usage = usage()
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
