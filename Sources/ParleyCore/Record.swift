import Tagged

/// One entry in one party's registry, as that party wrote it.
public struct RegistryRecord: Hashable, Sendable, Codable {
    public typealias ID = Tagged<RegistryRecord, Int64>

    /// Assigned by the store when the record is imported: every record has one (a row read from a file is a
    /// ``RegistryRow`` until then).
    public var id: ID
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
        id: ID, party: Party.Code, reference: String, person: PersonDetails,
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

/// One file imported into one party's held or sought registry.
public struct RegistryImport: Hashable, Sendable, Codable {
    public typealias ID = Tagged<RegistryImport, Int64>

    public var id: ID
    public var party: Party.Code
    public var kind: RecordKind
    /// The file's name as given, without its folder.
    public var fileName: String
    /// SHA-256 of the file's bytes, in hex: the same file imported again has the same digest.
    public var fileDigest: String
    public var encoding: TextEncoding
    /// Rows read from the file.
    public var rows: Int
    /// Records added; the others were already in the registry, unchanged.
    public var added: Int

    public init(
        id: ID, party: Party.Code, kind: RecordKind, fileName: String, fileDigest: String,
        encoding: TextEncoding, rows: Int, added: Int
    ) {
        self.id = id
        self.party = party
        self.kind = kind
        self.fileName = fileName
        self.fileDigest = fileDigest
        self.encoding = encoding
        self.rows = rows
        self.added = added
    }
}
