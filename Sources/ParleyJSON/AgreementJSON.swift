import ParleyCore
import ParleyStore

/// An agreement with its round, both readings of an unspecified number, and the time since the exchange before it.
public struct AgreementJSON: Representation {
    public static let name = "Agreement"
    public static let shape = JSONShape.object([
        "id": .integer, "round": .integer, "venue": .string, "agreedOn": .string, "subject": .string, "wording": .string,
        "quantity": .nullable(.integer), "basis": .nullable(.string), "readings": .array(of: .string),
        "categories": .array(of: .string), "unequalCounts": .nullable(.string), "justification": .nullable(.string),
        "blocksFreezing": .boolean, "previousExchange": .nullable(.string), "sincePreviousExchange": .nullable(.string),
        "daysSincePreviousExchange": .nullable(.integer),
    ])

    public let id: Int64
    public let round: Int64
    public let venue: String
    public let agreedOn: String
    public let subject: String
    public let wording: String
    public let quantity: Int?
    public let basis: String?
    public let readings: [String]
    public let categories: [String]
    public let unequalCounts: String?
    public let justification: String?
    public let blocksFreezing: Bool
    public let previousExchange: String?
    public let sincePreviousExchange: String?
    public let daysSincePreviousExchange: Int?

    public init(_ summary: AgreementSummary) {
        id = summary.agreement.id.rawValue
        round = summary.round.id.rawValue
        venue = summary.round.venueCity
        agreedOn = summary.round.endsOn.description
        subject = summary.agreement.subject.rawValue
        wording = summary.agreement.wording
        quantity = summary.agreement.quantity?.count
        basis = summary.agreement.quantity?.basis.rawValue
        readings = summary.readings.map(\.sentence)
        categories = summary.agreement.categories.map(\.name)
        unequalCounts = summary.agreement.unequalCounts?.wording
        justification = summary.agreement.unequalCounts?.justification
        blocksFreezing = summary.agreement.blocksFreezing
        previousExchange = summary.previousExchange?.date.description
        sincePreviousExchange = summary.sincePreviousExchange?.wording
        daysSincePreviousExchange = summary.sincePreviousExchange?.totalDays
    }
}
