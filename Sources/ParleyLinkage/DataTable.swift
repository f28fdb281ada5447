import Foundation
import ParleyCore

/// Why one of the engine's data tables could not be read.
///
/// The tables ship inside the module; this error means the package was built or copied without its
/// `ParleyLinkage_ParleyLinkage.resources` folder, or a table was edited into a wrong shape.
public struct DataTableError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable code for what went wrong.
    public enum Code: String, Sendable {
        case missingFile = "linkage.data.missing-file"
        case malformedLine = "linkage.data.malformed-line"
    }

    /// What kind of problem it is.
    public var code: Code
    /// The table's file name.
    public var file: String
    /// The 1-based line, when the problem is on one line.
    public var line: Int?
    /// What was wrong and what to do.
    public var message: String

    /// `file:line: message [code]`.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(message) [\(code.rawValue)]"
    }
}

/// A tab-separated data table: comment lines start with `#`, the first other line is the header.
struct DataTable: Sendable {
    var file: String
    /// The data rows, each with its 1-based line number.
    var rows: [(line: Int, cells: [String])]

    /// Reads a table from the module's resources.
    static func load(_ name: String) throws(DataTableError) -> DataTable {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw DataTableError(
                code: .missingFile, file: name, line: nil,
                message: "data table not found in the module's resources; rebuild the package with its Resources")
        }
        return parse(text, file: name)
    }

    /// Splits text into rows, skipping comments, blank lines and the header.
    static func parse(_ text: String, file: String) -> DataTable {
        var rows: [(Int, [String])] = []
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if !sawHeader {
                sawHeader = true
                continue
            }
            rows.append((index + 1, line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
        }
        return DataTable(file: file, rows: rows)
    }

    func malformed(_ line: Int, _ message: String) -> DataTableError {
        DataTableError(code: .malformedLine, file: file, line: line, message: message)
    }
}
