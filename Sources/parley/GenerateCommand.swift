import ArgumentParser
import Foundation
import ParleyCore
import ParleySynthetic

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic registries as CSV files, for trials, tests and benchmarks.",
        discussion: """
            Writes ua-held.csv, ua-sought.csv, ru-held.csv and ru-sought.csv: each side holds --held-per-side of \
            the other side's people and seeks most of its own, names written as that side writes them. \
            Every person is made up from common names and marked synthetic.
            """)

    @Option(help: "The folder to write to; it is created if needed.") var out: String
    @Option(help: "The generator's seed: the same seed gives the same people.") var seed = SyntheticRegistries.defaultSeed
    @Option(help: "How many of the other side's people each side holds.") var heldPerSide = 2_000

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let registries = SyntheticRegistries(seed: seed, heldPerSide: heldPerSide, today: SyntheticRegistries.asOf)
        for (prefix, registry) in [("ua", registries.ukraine), ("ru", registries.russia)] {
            for (kind, rows) in [("held", registry.held), ("sought", registry.sought)] {
                let path = (out as NSString).appendingPathComponent("\(prefix)-\(kind).csv")
                try Data(RegistryFileWriter.file(rows).utf8).write(to: URL(fileURLWithPath: path))
                Terminal.print("Wrote \(path): \(rows.count) synthetic records")
            }
        }
    }
}
