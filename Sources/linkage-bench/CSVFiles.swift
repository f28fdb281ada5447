import Foundation
import LinkageSynthetic
import ParleyCore
import ParleyLinkage

/// The CSV files of a list pair, in `parley match`'s columns: held.csv, sought.csv and truth.csv.
enum CSVFiles {
    /// The columns matching compares, in the order the benchmark writes them.
    static let columns: [RegistryColumn] = [
        .id, .surname, .givenName, .patronymic, .dateOfBirth, .placeOfBirth, .serviceNumber,
    ]

    static func write(_ lists: SyntheticListPair, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try file(lists.held).write(to: directory.appendingPathComponent("held.csv"), atomically: true, encoding: .utf8)
        try file(lists.sought).write(
            to: directory.appendingPathComponent("sought.csv"), atomically: true, encoding: .utf8)
        let truth = CSVWriter.line(["held_id", "sought_id"]) + lists.truth.map { CSVWriter.line([$0.held, $0.sought]) }.joined()
        try truth.write(to: directory.appendingPathComponent("truth.csv"), atomically: true, encoding: .utf8)
    }

    static func file(_ records: [LinkageRecord]) -> String {
        var text = CSVWriter.line(columns.map(\.rawValue))
        for record in records { text += row(record) + "\n" }
        return text
    }

    static func row(_ record: LinkageRecord?) -> String {
        guard let record else { return "" }
        return [
            record.id, record.surname, record.givenName, record.patronymic, record.dateOfBirth?.description,
            record.placeOfBirth, record.serviceNumber,
        ].map { CSVWriter.field($0 ?? "") }.joined(separator: ",")
    }

    /// The records of a list file whose header names the columns matching compares (others are ignored).
    ///
    /// Unlike `parley match`, which reads registry rows and so refuses a row without a surname, this keeps
    /// every row as the engine takes it, each field optional: public data sets such as FEBRL4 have gaps
    /// in any field, and the benchmark links them as they are.
    static func read(_ url: URL) throws -> [LinkageRecord] {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw UnreadableList(file: file, line: 0, column: "-", value: "-", reason: "the file cannot be read")
        }
        var reader = CSVReader(utf8: Array(data))
        guard let header = try reader.next() else {
            throw UnreadableList(file: file, line: 1, column: "-", value: "", reason: "the file is empty")
        }
        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        let positions = try columns.map { column in
            guard let position = names.firstIndex(of: column.rawValue) else {
                throw UnreadableList(
                    file: file, line: header.line, column: "header", value: header.fields.joined(separator: ","),
                    reason: "the column '\(column.rawValue)' is missing")
            }
            return position
        }
        var records: [LinkageRecord] = []
        while let row = try reader.next() {
            guard row.fields.count == names.count else {
                throw UnreadableList(
                    file: file, line: row.line, column: "-", value: row.fields.joined(separator: ","),
                    reason: "the row has \(row.fields.count) fields where the header has \(names.count)")
            }
            let values = positions.map { position -> String? in
                let value = row.fields[position]
                return value.trimmingWhitespace().isEmpty ? nil : value
            }
            guard let id = values[0] else {
                throw UnreadableList(file: file, line: row.line, column: "id", value: "", reason: "the id is empty")
            }
            var dateOfBirth: PartialDate?
            if let text = values[4] {
                do {
                    dateOfBirth = try PartialDate(parsing: text)
                } catch {
                    throw UnreadableList(
                        file: file, line: row.line, column: "date_of_birth", value: text, reason: error.description)
                }
            }
            records.append(
                LinkageRecord(
                    id: id, surname: values[1], givenName: values[2], patronymic: values[3], dateOfBirth: dateOfBirth,
                    placeOfBirth: values[5], serviceNumber: values[6]))
        }
        return records
    }

    /// Writes `held_id,sought_id,probability` for each pair, in the columns `parley match` writes.
    static func writePairs(_ pairs: [CandidatePair], to url: URL) throws {
        var text = CSVWriter.line(["held_id", "sought_id", "probability"])
        for pair in pairs {
            text += CSVWriter.line([pair.heldID, pair.soughtID, String(format: "%.6f", pair.probability)])
        }
        try Data(text.utf8).write(to: url)
    }
}

/// A list file the benchmark cannot read, with where and why.
struct UnreadableList: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let column: String
    let value: String
    let reason: String

    var description: String { "\(file):\(line): \(column): \(value): \(reason)" }
}
