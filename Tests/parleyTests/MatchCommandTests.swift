import Foundation
import LinkageSynthetic
import ParleyCore
import ParleyLinkage
import Testing

@Suite("parley match, end to end")
struct MatchCommandTests {
    static let columns = ["id", "surname", "given_name", "patronymic", "date_of_birth", "place_of_birth", "service_number"]

    /// A list file as a party would send it, with a column matching ignores.
    static func file(_ records: [LinkageRecord]) -> String {
        records.reduce(into: CSVWriter.line(columns + ["remarks"])) { text, record in
            text += CSVWriter.line([
                record.id, record.surname ?? "", record.givenName ?? "", record.patronymic ?? "",
                record.dateOfBirth?.description ?? "", record.placeOfBirth ?? "", record.serviceNumber ?? "", "synthetic",
            ])
        }
    }

    @Test("a small cross-script list pair with a known truth is matched with F1 of at least 0.95")
    func knownTruth() throws {
        // Given two synthetic lists of 300, written by each side in its own script and forms
        let lists = try SyntheticListPair.generate(size: 300, seed: 7)
        let parley = try ParleyRun()
        try parley.write("held.csv", Self.file(lists.held))
        try parley.write("sought.csv", Self.file(lists.sought))
        // When they are matched one to one
        let run = try parley(
            "match", "--held", "held.csv", "--sought", "sought.csv", "--out", "pairs.csv", "--one-to-one", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        // Then the pairs found agree with the truth, each person is in at most one pair, and each pair is explained
        let text = try String(contentsOfFile: parley.path("pairs.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines.first?.prefix(5) == ["held_id", "sought_id", "probability", "surname_level", "surname_weight"])
        #expect(lines.first?.last == "exclusivity_weight")
        let pairs = lines.dropFirst().map { "\($0[0])|\($0[1])" }
        let truth = Set(lists.truth.map { "\($0.held)|\($0.sought)" })
        let found = Set(pairs)
        let truePositives = Double(found.intersection(truth).count)
        let precision = truePositives / Double(max(found.count, 1))
        let recall = truePositives / Double(truth.count)
        #expect(2 * precision * recall / (precision + recall) >= 0.95, "precision \(precision), recall \(recall)")
        #expect(Set(lines.dropFirst().map { $0[0] }).count == pairs.count)
        #expect(Set(lines.dropFirst().map { $0[1] }).count == pairs.count)
        let probabilities = lines.dropFirst().compactMap { Double($0[2]) }
        #expect(probabilities == probabilities.sorted(by: >))
        #expect(probabilities.allSatisfy { $0 >= 0.9 })
    }

    @Test("a list without a column matching needs, or with a bad date, is refused with the problem named")
    func badInput() throws {
        let parley = try ParleyRun()
        try parley.write("short.csv", "id,surname\nH1,Бойко\n")
        try parley.write("bad.csv", CSVWriter.line(Self.columns) + "H1,Бойко,Іван,,31.02.1990,,\n")
        let missing = try parley("match", "--held", "short.csv", "--sought", "bad.csv", "--out", "p.csv")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("short.csv:1: header: id,surname: the required column 'given_name' is missing"))
        let badDate = try parley("match", "--dedupe", "bad.csv", "--out", "p.csv")
        #expect(badDate.status == 1)
        #expect(badDate.stderr.contains("bad.csv:2: date_of_birth: 31.02.1990: day 31 does not exist in that month"))
        #expect(!FileManager.default.fileExists(atPath: parley.path("p.csv")))
    }
}
