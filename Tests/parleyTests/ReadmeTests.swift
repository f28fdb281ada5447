import Foundation
import GRDB
import ParleyCore
import Testing

@Suite("The README describes what the code does")
struct ReadmeTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test("every CSV column is documented, with the words the importer uses")
    func columns() {
        for column in RegistryColumn.allCases {
            #expect(Self.readme.contains("| `\(column.rawValue)` | \(column.documentation) |"), "\(column.rawValue)")
        }
    }

    @Test("the README's test command is the one CI runs")
    func testCommand() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let ci = try String(contentsOf: root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(Self.readme.contains("bash scripts/test"))
        #expect(ci.contains("bash scripts/test"))
    }
}
