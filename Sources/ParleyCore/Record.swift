import Tagged

/// One entry in one party's registry, as that party wrote it.
public struct RegistryRecord: Hashable, Sendable, Codable {
    public typealias ID = Tagged<RegistryRecord, Int64>

    /// Assigned by the store; `nil` before the record is saved.
    public var id: ID?
    /// The party that keeps the record.
    public var party: Party.Code
    /// The keeping party's own reference for the record (its `id` column on import).
    public var reference: String
    public var person: PersonDetails
    /// The status, which also says whether the record is held or sought.
    public var status: RecordStatus
    /// True for people made up by Parley's generator; never for a real person.
    public var isSynthetic: Bool

    public init(
        id: ID? = nil, party: Party.Code, reference: String, person: PersonDetails,
        status: RecordStatus, isSynthetic: Bool = false
    ) {
        self.id = id
        self.party = party
        self.reference = reference
        self.person = person
        self.status = status
        self.isSynthetic = isSynthetic
    }

    public var kind: RecordKind { status.kind }
}

/// Whether the keeping party holds the person or seeks them.
public enum RecordKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A person the keeping party holds (its Art. 122 duty to report).
    case held
    /// One of the keeping party's own people whom it seeks.
    case sought

    /// The status a new record of this kind starts in.
    public var initialStatus: RecordStatus {
        switch self {
        case .held: .held(.registered)
        case .sought: .sought(.open)
        }
    }
}
