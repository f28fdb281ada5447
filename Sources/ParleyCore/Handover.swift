import Tagged

/// What happened to one person on an approved list at the handover.
public struct HandoverOutcome: Hashable, Sendable, Codable {
    public typealias ID = Tagged<HandoverOutcome, Int64>

    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Crossed to the receiving side: the only outcome that completes the exchange for a person.
        case transferred
        /// Kept back by the releasing side.
        case withheld
        /// Refused repatriation at the point of handover (Art. 109).
        case refused
        /// Died before the handover.
        case deceased
        /// Replaced by another person, who was transferred instead and passed the same checks.
        case substituted

        /// The held statuses the listed person moves through, in order.
        public var statusPath: [HeldStatus] {
            switch self {
            case .transferred: [.handedOver, .repatriated]
            case .withheld, .substituted: [.registered]
            case .refused: [.refusedRepatriation]
            case .deceased: [.deceased]
            }
        }

        /// Whether a person was delivered to the receiving side: the listed person, or their substitute.
        public var delivers: Bool { self == .transferred || self == .substituted }
    }

    public var id: ID
    public var version: ListVersion.ID
    public var record: RegistryRecord.ID
    public var kind: Kind
    /// The person transferred instead, for a substitution.
    public var substitute: RegistryRecord.ID?
    public var date: PartialDate

    public init(
        id: ID, version: ListVersion.ID, record: RegistryRecord.ID, kind: Kind, substitute: RegistryRecord.ID? = nil,
        date: PartialDate
    ) throws(InvalidOutcome) {
        guard date.precision == .day else { throw .dateNotFull(date) }
        guard (kind == .substituted) == (substitute != nil) else { throw .substitute(kind) }
        self.id = id
        self.version = version
        self.record = record
        self.kind = kind
        self.substitute = substitute
        self.date = date
    }

    /// The held statuses a substitute moves through, from registered to repatriated.
    public static let substituteStatusPath: [HeldStatus] = [.listed, .handedOver, .repatriated]
}

public enum InvalidOutcome: ParleyError, Hashable {
    case dateNotFull(PartialDate)
    case substitute(HandoverOutcome.Kind)
    case alreadyRecorded(reference: String, HandoverOutcome.Kind)
    case substituteFails(reference: String, reasons: [String])
    case directionsOpen([Exchange.OpenDirection])
    case nothingOpen
    case partialWithoutReason
    case nobodyDelivered
    case alreadyClosed(agreement: Int64, on: PartialDate)

    public var code: String { "handover.invalid" }
    public var message: String {
        switch self {
        case .dateNotFull(let date): "a handover's date must be a full date, not \(date)"
        case .substitute(.substituted): "a substitution must name the person transferred instead"
        case .substitute(let kind): "only a substitution names another person, not '\(kind.rawValue)'"
        case .alreadyRecorded(let reference, let kind): "the outcome for \(reference) is already recorded as \(kind.rawValue)"
        case .substituteFails(let reference, let reasons):
            "the substitute \(reference) fails the checks of the list: \(reasons.joined(separator: "; "))"
        case .directionsOpen(let open):
            "the handover cannot be closed while a direction is open: \(open.map(\.wording).joined(separator: "; "))"
        case .nothingOpen: "every direction has delivered in full, so the handover is not closed in part"
        case .partialWithoutReason: "a handover closed in part needs the reason it is closed with a direction open"
        case .nobodyDelivered: "nobody was delivered in either direction, so there is no exchange to record"
        case .alreadyClosed(let agreement, let date): "the handover of agreement \(agreement) was closed on \(date)"
        }
    }
    public var remedy: String {
        switch self {
        case .dateNotFull: "Give the day as YYYY-MM-DD"
        case .substitute(.substituted): "Add --substitute REFERENCE"
        case .substitute: "Leave out --substitute, or use --outcome substituted"
        case .alreadyRecorded: "An outcome is final; the journal keeps it"
        case .substituteFails: "Choose a substitute who passes the same checks as the list (see parley list check)"
        case .directionsOpen:
            "Record an outcome for every person on both approved lists; or, if one direction will not take place, close the handover in part, giving the reason (--partial-reason), which the statement reports"
        case .nothingOpen: "Close the handover without a reason for a partial close"
        case .partialWithoutReason: "Write the reason, which the journal keeps and the statement reports"
        case .nobodyDelivered: "Record each person's outcome at the handover first; a handover that did not take place stays open"
        case .alreadyClosed: "Nothing to do; parley reconcile shows its figures"
        }
    }
}
