import ParleyStore

/// What `journal verify` found: whether the journal is intact, its size, head and root, and the first problem.
public struct JournalReportJSON: Representation {
    public static let name = "JournalReport"
    public static let shape = JSONShape.object([
        "intact": .boolean, "entries": .integer, "head": .string, "root": .string, "checkpoints": .integer,
        "subjectsChecked": .integer, "problem": .nullable(.string), "problemCode": .nullable(.string),
        "firstBadEntry": .nullable(.integer),
    ])

    public let intact: Bool
    public let entries: Int64
    public let head: String
    public let root: String
    public let checkpoints: Int
    public let subjectsChecked: Int
    public let problem: String?
    public let problemCode: String?
    public let firstBadEntry: Int64?

    public init(_ report: JournalReport) {
        intact = report.isIntact
        entries = report.entries
        head = report.head.hex
        root = report.root.hex
        checkpoints = report.checkpoints
        subjectsChecked = report.subjectsChecked
        problem = report.problem?.description
        problemCode = report.problem?.code
        firstBadEntry = report.problem?.firstBadEntry
    }

}
