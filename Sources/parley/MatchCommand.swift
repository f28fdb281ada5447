import ArgumentParser
import Foundation
import ParleyCore
import ParleyLinkage

struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Find the persons one list seeks among those another holds, across scripts and spellings.",
        discussion: """
            Reads two CSV files whose header names at least id, surname, given_name, patronymic, date_of_birth, \
            place_of_birth and service_number (other columns are ignored; an empty value is unknown), and writes \
            held_id,sought_id,probability for every pair at or above the threshold, most probable first. \
            --explain adds each field's comparison level and weight. With --one-to-one a pair's probability also \
            weighs the other candidates of both records, and --explain adds that term as exclusivity_weight. \
            With --dedupe FILE it finds the pairs \
            within one list that are the same person. A malformed file is refused with every problem listed.
            """)

    @Option(help: "The list of persons held.") var held: String?
    @Option(help: "The list of persons sought.") var sought: String?
    @Option(help: "One list in which to find duplicates, instead of --held and --sought.") var dedupe: String?
    @Option(help: "The CSV file to write the pairs to.") var out: String
    @Option(help: "The lowest probability of a pair to write, from 0 to 1.") var threshold = 0.9
    @Flag(help: "Keep at most one pair per person, maximising the total weight.") var oneToOne = false
    @Flag(help: "Add each field's comparison level and weight to every pair.") var explain = false

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1.") }
        switch (held, sought, dedupe) {
        case (.some, .some, nil), (nil, nil, .some): break
        default: throw ValidationError("Give --held and --sought, or --dedupe alone.")
        }
    }

    func run() async throws {
        let linker = try Linker(
            configuration: LinkageConfiguration(threshold: threshold, oneToOne: oneToOne, explain: explain))
        let progress: @Sendable (LinkageProgress) -> Void = { step in
            if step.total > 0, step.completed == step.total || step.completed % 100_000 == 0 {
                Terminal.error("… \(step.stage.rawValue): \(step.completed) of \(step.total)")
            }
        }
        let result: LinkageResult
        let header: [String]
        if let dedupe {
            result = await linker.deduplicate(try Self.read(dedupe), progress: progress)
            header = ["id", "duplicate_id", "probability"]
        } else if let held, let sought {
            result = await linker.link(held: try Self.read(held), sought: try Self.read(sought), progress: progress)
            header = ["held_id", "sought_id", "probability"]
        } else {
            throw ValidationError("Give --held and --sought, or --dedupe alone.")
        }
        let exclusive = explain && oneToOne && dedupe == nil
        let explained =
            (explain ? LinkageField.allCases.flatMap { ["\($0.rawValue)_level", "\($0.rawValue)_weight"] } : [])
            + (exclusive ? ["exclusivity_weight"] : [])
        var text = CSVWriter.line(header + explained)
        for pair in result.pairs.sorted(by: {
            ($1.probability, $0.heldID, $0.soughtID) < ($0.probability, $1.heldID, $1.soughtID)
        }) {
            var fields = [pair.heldID, pair.soughtID, String(format: "%.6f", pair.probability)]
            if explain {
                for field in LinkageField.allCases {
                    let explanation = pair.explanation.first { $0.field == field }
                    fields += [explanation?.level.rawValue ?? "", explanation.map { String(format: "%.3f", $0.weight) } ?? ""]
                }
                if exclusive { fields.append(String(format: "%.3f", pair.exclusivity)) }
            }
            text += CSVWriter.line(fields)
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw FileError(.unwritable, path: out, reason: error.localizedDescription)
        }
        Terminal.print(
            "\(result.pairs.count) pairs written to \(out) (\(result.blocking.comparedPairs) of \(result.blocking.possiblePairs) possible pairs compared)"
        )
    }

    /// The records of a list file, or every problem in it.
    static func read(_ path: String) throws -> [LinkageRecord] {
        let bytes = try FileBytes(mapping: path)
        let today = try PartialDate(
            parsing: ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate]))
        let file = (path as NSString).lastPathComponent
        var reader = try RegistryFileReader(bytes: bytes, file: file, encoding: nil, today: today, purpose: .matching)
        var records: [LinkageRecord] = []
        var problems: [RowProblem] = []
        var total = 0
        while let result = reader.next() {
            switch result {
            case .success(let row): records.append(LinkageRecord(row))
            case .failure(let failure):
                total += failure.problems.count
                problems += failure.problems.prefix(100 - problems.count)
            }
        }
        guard total == 0 else { throw InputRejected(file: file, problems: problems, total: total) }
        return records
    }
}

/// A list whose rows could not all be read; nothing was matched.
struct InputRejected: ParleyError, ListsRowProblems {
    let file: String
    let problems: [RowProblem]
    let total: Int
    var code: String { "match.input.rejected" }
    var message: String { "\(file) was not read: \(total) problem\(total == 1 ? "" : "s") found; nothing was matched" }
    var remedy: String { "Correct the rows listed and run the match again" }
}
