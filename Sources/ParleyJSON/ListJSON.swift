import ParleyCore
import ParleyStore

/// A list's state, not its entries: whose it is, its latest version, how far it has come, what it still lacks.
public struct ListSummaryJSON: Representation {
    public static let name = "ListSummary"
    public static let shape = JSONShape.object([
        "list": .integer, "agreement": .integer, "releasing": .string, "receiving": .string, "version": .integer,
        "state": .string, "entries": .integer, "quota": .string, "digest": .nullable(.string),
        "missingSigners": .array(of: .string),
    ])

    public let list: Int64
    public let agreement: Int64
    public let releasing: String
    public let receiving: String
    public let version: Int
    public let state: String
    public let entries: Int
    public let quota: String
    /// The digest the signers approve, once the version is frozen.
    public let digest: String?
    public let missingSigners: [String]

    public init(_ state: ListState) {
        list = state.list.id.rawValue
        agreement = state.agreement.id.rawValue
        releasing = state.list.releasing.rawValue
        receiving = state.list.receiving.rawValue
        version = state.latest.number
        self.state = state.phase
        entries = state.entries.count
        quota = state.quota.wording
        digest = state.latest.freezing?.digest
        missingSigners = state.missingSigners.map(\.description)
    }
}

/// A list with its entries and approvals.
public struct ListDetailJSON: Representation {
    public static let name = "ListDetail"
    public static let shape = JSONShape.object([
        "summary": ListSummaryJSON.shape, "entries": .array(of: RegistryRecord.shape),
        "approvals": .array(
            of: .object(
                [
                    "id": .integer, "version": .integer, "signer": PrincipalJSON.shape, "publicKey": .string,
                    "signature": .string, "at": .string,
                ],
                required: ["version", "signer", "publicKey", "signature", "at"])),
    ])

    public let summary: ListSummaryJSON
    public let entries: [RegistryRecord]
    public let approvals: [Approval]

    public init(_ state: ListState) {
        summary = ListSummaryJSON(state)
        entries = state.entries
        approvals = state.approvals
    }
}

/// A list with the findings of its check: on a draft, as they stand now; on a frozen version, as they
/// stood when it was frozen.
public struct ListReportJSON: Representation {
    public static let name = "ListReport"
    public static let shape = JSONShape.object([
        "list": ListDetailJSON.shape,
        "findings": .array(
            of: .object([
                "severity": .string, "rule": .string, "record": .nullable(.integer), "reference": .nullable(.string),
                "reason": .string,
            ])),
    ])

    public let list: ListDetailJSON
    public let findings: [ListFinding]

    public init(_ report: ListCheckReport) {
        list = ListDetailJSON(report.state)
        findings = report.findings
    }
}
