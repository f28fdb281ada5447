import ParleyCore

/// An agreement's figures beside what happened: per direction, agreed, listed, signed and delivered,
/// the outcomes behind them and the reasons they differ; the time since the exchange before; the statement.
public struct ReconciliationJSON: Representation {
    public static let name = "Reconciliation"
    public static let shape = JSONShape.object([
        "agreement": .integer,
        "sides": .array(
            of: .object([
                "releasing": .string, "receiving": .string, "agreed": .nullable(.integer), "quota": .string,
                "listed": .integer, "signed": .integer, "delivered": .integer, "outcomes": .map(of: .integer),
                "differences": .array(of: .string),
            ])),
        "previousExchange": .nullable(.string), "sincePreviousExchange": .nullable(.string),
        "monthsSincePreviousExchange": .nullable(.integer), "daysSincePreviousExchange": .nullable(.integer),
        "daysPastDeadline": .nullable(.integer), "statement": .string,
    ])

    public struct Side: Encodable, Sendable {
        public let releasing: String
        public let receiving: String
        /// The number this direction owes under the settled basis; `nil` for all for all, or while unsettled.
        public let agreed: Int?
        public let quota: String
        public let listed: Int
        public let signed: Int
        public let delivered: Int
        /// The handover outcomes recorded, by kind.
        public let outcomes: [String: Int]
        public let differences: [String]
    }

    public let agreement: Int64
    public let sides: [Side]
    public let previousExchange: String?
    public let sincePreviousExchange: String?
    public let monthsSincePreviousExchange: Int?
    public let daysSincePreviousExchange: Int?
    public let daysPastDeadline: Int?
    /// The public statement of the agreement: figures only, never a name.
    public let statement: String

    public init(_ reconciliation: Reconciliation, statement: String) {
        agreement = reconciliation.agreement.id.rawValue
        sides = reconciliation.sides.map { side in
            Side(
                releasing: side.releasing.rawValue, receiving: side.receiving.rawValue, agreed: side.agreed,
                quota: side.quota.wording, listed: side.listed, signed: side.signed, delivered: side.delivered,
                outcomes: Dictionary(uniqueKeysWithValues: side.outcomes.map { ($0.key.rawValue, $0.value) }),
                differences: side.differences)
        }
        previousExchange = reconciliation.previousExchange?.date.description
        sincePreviousExchange = reconciliation.sincePreviousExchange?.wording
        monthsSincePreviousExchange = reconciliation.sincePreviousExchange?.months
        daysSincePreviousExchange = reconciliation.sincePreviousExchange?.totalDays
        daysPastDeadline = reconciliation.daysPastDeadline
        self.statement = statement
    }
}
