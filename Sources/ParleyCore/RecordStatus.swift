/// Where a held person stands, from registration to the end of captivity.
public enum HeldStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case registered
    /// On an exchange list.
    case listed
    /// Handed over at an exchange; the receiving side has not yet confirmed arrival.
    case handedOver = "handed_over"
    /// Reached their own side: the exchange is complete for them.
    case repatriated
    /// Released other than by exchange.
    case released
    /// Transferred to another Power (Art. 12).
    case transferred
    case escaped
    case deceased
    /// Declined to be repatriated (Art. 109: nobody is repatriated against their will
    /// during hostilities).
    case refusedRepatriation = "refused_repatriation"

    /// The statuses a held record may move to from this one.
    public var successors: Set<HeldStatus> {
        switch self {
        case .registered: [.listed, .released, .transferred, .escaped, .deceased, .refusedRepatriation]
        case .listed: [.registered, .handedOver, .escaped, .deceased, .refusedRepatriation]
        case .handedOver: [.repatriated]
        case .escaped: [.registered]
        case .refusedRepatriation: [.registered, .released, .transferred, .deceased]
        case .repatriated, .released, .transferred, .deceased: []
        }
    }
}

/// Where the search for a sought person stands.
public enum SoughtStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case open
    /// Linked to a record the other side holds.
    case located
    /// Back home.
    case returned
    /// Closed without return: found dead, withdrawn, or entered in error.
    case closed

    /// The statuses a sought record may move to from this one.
    public var successors: Set<SoughtStatus> {
        switch self {
        case .open: [.located, .returned, .closed]
        case .located: [.open, .returned, .closed]
        case .closed: [.open]
        case .returned: []
        }
    }
}

/// A record's status; the case says whether the record is held or sought.
public enum RecordStatus: Hashable, Sendable {
    case held(HeldStatus)
    case sought(SoughtStatus)

    public var kind: RecordKind {
        switch self {
        case .held: .held
        case .sought: .sought
        }
    }

    /// The status's name as stored and printed, such as `refused_repatriation`.
    public var name: String {
        switch self {
        case .held(let status): status.rawValue
        case .sought(let status): status.rawValue
        }
    }

    /// Reads a status name for a record of the given kind.
    public init(kind: RecordKind, name: String) throws(UnknownStatus) {
        switch kind {
        case .held:
            guard let status = HeldStatus(rawValue: name) else { throw UnknownStatus(kind: kind, name: name) }
            self = .held(status)
        case .sought:
            guard let status = SoughtStatus(rawValue: name) else { throw UnknownStatus(kind: kind, name: name) }
            self = .sought(status)
        }
    }

    /// The status after a legal move to `next`, or a typed error naming both ends.
    public func moving(to next: RecordStatus) throws(IllegalStatusTransition) -> RecordStatus {
        let legal =
            switch (self, next) {
            case (.held(let from), .held(let to)): from.successors.contains(to)
            case (.sought(let from), .sought(let to)): from.successors.contains(to)
            default: false
            }
        guard legal else { throw IllegalStatusTransition(from: self, to: next) }
        return next
    }

    /// Every status a record of this kind may be in.
    public static func all(of kind: RecordKind) -> [RecordStatus] {
        switch kind {
        case .held: HeldStatus.allCases.map(RecordStatus.held)
        case .sought: SoughtStatus.allCases.map(RecordStatus.sought)
        }
    }
}

extension RecordStatus: Codable {
    private enum CodingKeys: String, CodingKey { case kind, status }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(RecordKind.self, forKey: .kind)
        self = try RecordStatus(kind: kind, name: container.decode(String.self, forKey: .status))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .status)
    }
}

/// A status change the rules do not allow, such as `repatriated` back to `listed`.
public struct IllegalStatusTransition: ParleyError, Hashable {
    public let from: RecordStatus
    public let to: RecordStatus

    public var code: String { "record.status.illegal-transition" }
    public var message: String {
        guard from.kind == to.kind else {
            return "a \(from.kind.rawValue) record cannot take the \(to.kind.rawValue) status '\(to.name)'"
        }
        return "a \(from.kind.rawValue) record cannot move from '\(from.name)' to '\(to.name)'"
    }
    public var remedy: String {
        let allowed: [String] =
            switch from {
            case .held(let status): status.successors.map(\.rawValue)
            case .sought(let status): status.successors.map(\.rawValue)
            }
        return allowed.isEmpty
            ? "'\(from.name)' is final; no further status applies"
            : "From '\(from.name)' it may move to: \(allowed.sorted().joined(separator: ", "))"
    }
}

/// A status name that does not exist for that kind of record.
public struct UnknownStatus: ParleyError, Hashable {
    public let kind: RecordKind
    public let name: String

    public init(kind: RecordKind, name: String) {
        self.kind = kind
        self.name = name
    }

    public var code: String { "record.status.unknown" }
    public var message: String { "'\(name)' is not a status of a \(kind.rawValue) record" }
    public var remedy: String {
        "Use one of: " + RecordStatus.all(of: kind).map(\.name).joined(separator: ", ")
    }
}
