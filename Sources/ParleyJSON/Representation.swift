import ParleyCore

/// A resource as JSON: what `parley … --json` prints and what `/api/v1` answers for the same thing,
/// one type per resource, with its shape written once (its OpenAPI component, and the check that
/// holds both outputs to it).
public protocol Representation: Encodable, Sendable {
    /// The name of its component in the OpenAPI document, such as `Reconciliation`.
    static var name: String { get }
    static var shape: JSONShape { get }
}

/// A principal as JSON answers write it: its role, and the party it acts for unless it is the admin.
public enum PrincipalJSON {
    public static let shape = JSONShape.object(["role": .string, "party": .nullable(.string)])
}

/// Every representation, for the OpenAPI document's components.
public enum Representations {
    public static let all: [any Representation.Type] = [
        RegistryRecord.self, AgreementJSON.self, ReconciliationJSON.self, ReviewPairJSON.self, ListSummaryJSON.self,
        ListDetailJSON.self, ListReportJSON.self, JournalReportJSON.self,
    ]
}

/// A registry record as it is stored, every field of the person as written.
extension RegistryRecord: Representation {
    public static let name = "Record"
    public static let shape = JSONShape.object(
        [
            "id": .integer, "party": .string, "reference": .string, "isSynthetic": .boolean,
            "status": .object(["kind": .string, "status": .string]),
            // Each field of the person is there only when the registry has it.
            "person": .object(["surname": .string, "category": .string], required: ["surname", "category"], open: true),
        ], required: ["id", "party", "reference", "status", "isSynthetic", "person"])
}
