import Foundation
import LinkageSynthetic
import ParleyCore
import ParleyLinkage
import Synchronization

/// Generates a synthetic cross-script list pair, writes it as CSV, links it and prints quality and cost.
///
/// Usage: `linkage-bench [--size N] [--seed S] [--out DIR] [--threshold P] [--one-to-one]`
@main
struct BenchMain {
    static func main() async {
        do {
            let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            try await run(options)
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
        }
        let linker = try Linker(
            configuration: LinkageConfiguration(
                threshold: options.threshold, oneToOne: options.oneToOne, explain: false,
                vetoFields: options.vetoes ? [.givenName, .patronymic] : [], maximumBlockSize: options.maximumBlockSize,
                concurrency: options.workers))
        let clock = ContinuousClock()
        var result: LinkageResult?
        let start = clock.now
        let cpuBefore = ProcessTimes.cpuSeconds()
        let stages = StageLog()
        let elapsed = await clock.measure {
            result = await linker.link(held: lists.held, sought: lists.sought) { progress in
                stages.note(progress.stage, at: clock.now - start)
            }
        }
        let cpuSeconds = ProcessTimes.cpuSeconds() - cpuBefore
        guard let result else { return }
        let truth = Set(lists.truth.map { "\($0.held)|\($0.sought)" })
        let found = Set(result.pairs.map { "\($0.heldID)|\($0.soughtID)" })
        let truePositives = found.intersection(truth).count
        let precision = found.isEmpty ? 0 : Double(truePositives) / Double(found.count)
        let recall = truth.isEmpty ? 0 : Double(truePositives) / Double(truth.count)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
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
        print(
            "EM              \(result.parameters.iterations) iterations, converged: \(result.parameters.converged), λ = \(String(format: "%.3e", result.parameters.matchProportion))"
        )
        print("stages          " + stages.summary())
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

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--size": size = try Self.value(&rest, flag, Int.init)
            case "--seed": seed = try Self.value(&rest, flag, UInt64.init)
            case "--threshold": threshold = try Self.value(&rest, flag, Double.init)
            case "--out": outputDirectory = URL(fileURLWithPath: try Self.value(&rest, flag, { $0 }))
            case "--one-to-one": oneToOne = true
            case "--verbose": verbose = true
            case "--no-veto": vetoes = false
            case "--workers": workers = try Self.value(&rest, flag, Int.init)
            case "--max-block": maximumBlockSize = try Self.value(&rest, flag, Int.init)
            default:
                throw Invalid(
                    description:
                        "unknown option \(flag); use --size N --seed S --out DIR --threshold P --one-to-one --verbose --no-veto --workers N --max-block N"
                )
            }
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

/// The CSV files of a list pair: held.csv, sought.csv, truth.csv.
enum CSVFiles {
    static let header = "id,surname,given_name,patronymic,date_of_birth,place_of_birth,service_number"

    static func write(_ lists: SyntheticListPair, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try file(lists.held).write(to: directory.appendingPathComponent("held.csv"), atomically: true, encoding: .utf8)
        try file(lists.sought).write(
            to: directory.appendingPathComponent("sought.csv"), atomically: true, encoding: .utf8)
        let truth = "held_id,sought_id\n" + lists.truth.map { "\($0.held),\($0.sought)\n" }.joined()
        try truth.write(to: directory.appendingPathComponent("truth.csv"), atomically: true, encoding: .utf8)
    }

    static func file(_ records: [LinkageRecord]) -> String {
        var text = header + "\n"
        for record in records { text += row(record) + "\n" }
        return text
    }

    static func row(_ record: LinkageRecord?) -> String {
        guard let record else { return "" }
        return [
            record.id, record.surname, record.givenName, record.patronymic, record.dateOfBirth?.description,
            record.placeOfBirth, record.serviceNumber,
        ].map { quoted($0 ?? "") }.joined(separator: ",")
    }

    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
