import Tagged

/// One meeting of the talks: where, when, who hosted, who mediated, who took part.
public struct Round: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Round, Int64>

    public var venueCity: String
    /// The country of the venue, as a party code or an ISO 3166 code.
    public var venueCountry: String
    public var host: Party.Code
    public var mediators: [Party.Code]
    public var parties: [Party.Code]
    public var startsOn: PartialDate
    public var endsOn: PartialDate

    public init(
        venueCity: String, venueCountry: String, host: Party.Code, mediators: [Party.Code],
        parties: [Party.Code], startsOn: PartialDate, endsOn: PartialDate
    ) throws(InvalidRound) {
        guard startsOn.precision == .day, endsOn.precision == .day else { throw .datesNotFull }
        guard startsOn <= endsOn else { throw .endsBeforeItStarts(startsOn, endsOn) }
        guard parties.count >= 2 else { throw .tooFewParties(parties.count) }
        self.venueCity = venueCity
        self.venueCountry = venueCountry
        self.host = host
        self.mediators = mediators
        self.parties = parties
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// Why a round could not be recorded.
public enum InvalidRound: ParleyError, Hashable {
    case datesNotFull
    case endsBeforeItStarts(PartialDate, PartialDate)
    case tooFewParties(Int)

    public var code: String { "round.invalid" }
    public var message: String {
        switch self {
        case .datesNotFull: "a round's dates must be full dates"
        case .endsBeforeItStarts(let start, let end): "the round ends on \(end), before it starts on \(start)"
        case .tooFewParties(let count): "a round needs at least two parties; \(count) given"
        }
    }
    public var remedy: String {
        switch self {
        case .datesNotFull: "Give the first and last day as YYYY-MM-DD"
        case .endsBeforeItStarts: "Check the order of --from and --to"
        case .tooFewParties: "Name both parties with --parties, such as --parties UA,RU"
        }
    }
}

/// What an agreement exchanges; each is counted on its own.
public enum ExchangeSubject: String, Hashable, Sendable, Codable, CaseIterable {
    case prisonersOfWar = "prisoners_of_war"
    case civilians
    case remains
}

/// How a quantity agreed at talks is to be read.
public enum QuantityBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// Each side releases the number.
    case perSide = "per_side"
    /// The number is the sum over both sides.
    case total
    /// Nobody said; the number is shown under both readings and lists cannot be frozen.
    case unspecified
}

/// The number agreed and how it is to be read.
public struct Quantity: Hashable, Sendable, Codable {
    public var count: Int
    public var basis: QuantityBasis

    public init(count: Int, basis: QuantityBasis) throws(InvalidQuantity) {
        guard count > 0 else { throw InvalidQuantity(count: count) }
        self.count = count
        self.basis = basis
    }

    /// One way of reading the number, with its consequences for two sides.
    public struct Reading: Hashable, Sendable {
        public let basis: QuantityBasis
        /// How many each side releases; `nil` when a total does not split evenly.
        public let perSide: Int?
        public let total: Int

        /// "314 in all = 157 per side", "314 per side = 628 in all".
        public var sentence: String {
            switch basis {
            case .perSide: "\(perSide ?? 0) per side = \(total) in all"
            default:
                if let perSide { "\(total) in all = \(perSide) per side" } else { "\(total) in all, which does not split evenly" }
            }
        }
    }

    /// The reading under the settled basis, or both readings while it is unspecified.
    public var readings: [Reading] {
        let asTotal = Reading(basis: .total, perSide: count.isMultiple(of: 2) ? count / 2 : nil, total: count)
        let asPerSide = Reading(basis: .perSide, perSide: count, total: count * 2)
        switch basis {
        case .total: return [asTotal]
        case .perSide: return [asPerSide]
        case .unspecified: return [asTotal, asPerSide]
        }
    }

    /// The quantity once its basis is settled.
    public func settled(as basis: QuantityBasis) throws(AgreementSettlementError) -> Quantity {
        guard self.basis == .unspecified else { throw .alreadySettled(self.basis) }
        guard basis != .unspecified else { throw .settlingAsUnspecified }
        var settled = self
        settled.basis = basis
        return settled
    }
}

public struct InvalidQuantity: ParleyError, Hashable {
    public let count: Int
    public var code: String { "agreement.quantity.invalid" }
    public var message: String { "\(count) is not a quantity that can be exchanged" }
    public var remedy: String { "Give a positive number, or --all-for-all with categories when no number was agreed" }
}

/// A category of persons that an agreement makes eligible.
public enum EligibilityCategory: Hashable, Sendable, Codable {
    /// Seriously wounded or sick (Art. 110, Annex I).
    case seriouslyWoundedOrSick
    /// Aged within the range, inclusive, on the agreement's reference date (the 2025 "18 to 25").
    case aged(ClosedRange<Int>)
    case civilians
    /// Those held longest.
    case heldLongest

    /// A stable name such as `aged:18-25`, used in files, commands and canonical forms.
    public var name: String {
        switch self {
        case .seriouslyWoundedOrSick: "seriously_wounded_or_sick"
        case .aged(let range): "aged:\(range.lowerBound)-\(range.upperBound)"
        case .civilians: "civilians"
        case .heldLongest: "held_longest"
        }
    }

    public init(name: String) throws(UnknownCategory) {
        switch name {
        case "seriously_wounded_or_sick": self = .seriouslyWoundedOrSick
        case "civilians": self = .civilians
        case "held_longest": self = .heldLongest
        default:
            let bounds = name.hasPrefix("aged:") ? name.dropFirst(5).split(separator: "-").compactMap { Int($0) } : []
            guard bounds.count == 2, bounds[0] >= 0, bounds[0] <= bounds[1] else { throw UnknownCategory(name: name) }
            self = .aged(bounds[0]...bounds[1])
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try EligibilityCategory(name: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

public struct UnknownCategory: ParleyError, Hashable {
    public let name: String
    public var code: String { "agreement.category.unknown" }
    public var message: String { "'\(name)' is not an eligibility category" }
    public var remedy: String { "Use seriously_wounded_or_sick, civilians, held_longest or aged:MIN-MAX (such as aged:18-25)" }
}

/// Counts the sides agreed to on purpose, such as 230 for 248 on 3 January 2024, and why.
///
/// Without them an agreement's counts are equal: each side releases the same number.
public struct UnequalCounts: Hashable, Sendable, Codable {
    /// How many one party releases.
    public struct Share: Hashable, Sendable, Codable {
        public var party: Party.Code
        public var count: Int

        public init(party: Party.Code, count: Int) {
            self.party = party
            self.count = count
        }
    }

    public var shares: [Share]
    /// Why the counts differ, as the parties gave it.
    public var justification: String

    public init(shares: [Share], justification: String) {
        self.shares = shares
        self.justification = justification
    }

    /// "UA 230, RU 248".
    public var wording: String { shares.map { "\($0.party.rawValue) \($0.count)" }.joined(separator: ", ") }
}

/// How many persons one party is to release under an agreement.
public enum Quota: Hashable, Sendable {
    /// Exactly this many.
    case count(Int)
    /// "All for all": everyone eligible under the categories, with no number.
    case allEligible
    /// No number can be known yet, and why.
    case blocked(String)

    /// As lists and figures print it: `157`, `all eligible`, or `blocked: ` and why.
    public var wording: String {
        switch self {
        case .count(let count): "\(count)"
        case .allEligible: "all eligible"
        case .blocked(let reason): "blocked: \(reason)"
        }
    }
}

/// Terms fixed at a round of talks.
public struct Agreement: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Agreement, Int64>

    public var round: Round.ID
    public var subject: ExchangeSubject
    /// The number and its basis; `nil` for "all for all" within the categories.
    public var quantity: Quantity?
    /// Counts that differ by side on purpose; `nil` when the sides release equal numbers.
    public var unequalCounts: UnequalCounts?
    public var categories: [EligibilityCategory]
    public var deadline: PartialDate?
    /// The words of the announcement, as reported.
    public var wording: String

    public init(
        round: Round.ID, subject: ExchangeSubject, quantity: Quantity?, unequalCounts: UnequalCounts? = nil,
        categories: [EligibilityCategory] = [], deadline: PartialDate? = nil, wording: String
    ) throws(InvalidAgreement) {
        if quantity == nil && categories.isEmpty { throw .allForAllWithoutCategories }
        if let unequalCounts {
            try Self.validate(unequalCounts, against: quantity)
        }
        self.round = round
        self.subject = subject
        self.quantity = quantity
        self.unequalCounts = unequalCounts
        self.categories = categories
        self.deadline = deadline
        self.wording = wording
    }

    private static func validate(_ unequal: UnequalCounts, against quantity: Quantity?) throws(InvalidAgreement) {
        guard !unequal.justification.allSatisfy(\.isWhitespace) else { throw .unequalWithoutJustification }
        guard unequal.shares.count >= 2, Set(unequal.shares.map(\.party)).count == unequal.shares.count,
            unequal.shares.allSatisfy({ $0.count > 0 })
        else { throw .unequalSharesInvalid(unequal.wording) }
        guard let quantity else { throw .unequalWithoutNumber }
        guard quantity.basis == .total else { throw .unequalNeedsTotal(quantity.basis) }
        let sum = unequal.shares.reduce(0) { $0 + $1.count }
        guard sum == quantity.count else { throw .unequalSumDiffers(sum: sum, quantity: quantity.count) }
    }

    /// True for "all for all" within categories, with no number at all.
    public var isAllForAll: Bool { quantity == nil }

    /// Whether lists under this agreement may be frozen: not while the basis is unspecified.
    public var blocksFreezing: Bool { quantity?.basis == .unspecified }

    /// How many `party` is to release: the one definition of parity with the terms.
    public func quota(for party: Party.Code) -> Quota {
        guard let quantity else { return .allEligible }
        if let unequalCounts {
            guard let share = unequalCounts.shares.first(where: { $0.party == party }) else {
                return .blocked("the unequal counts (\(unequalCounts.wording)) give no number for \(party.rawValue)")
            }
            return .count(share.count)
        }
        switch quantity.basis {
        case .perSide:
            return .count(quantity.count)
        case .total:
            guard quantity.count.isMultiple(of: 2) else {
                return .blocked(
                    "\(quantity.count) in all does not split evenly between two sides; record the unequal counts agreed")
            }
            return .count(quantity.count / 2)
        case .unspecified:
            let readings = quantity.readings.map(\.sentence).joined(separator: ", or ")
            return .blocked("nobody has said how \(quantity.count) is to be read (\(readings)); settle the basis first")
        }
    }
}

public enum InvalidAgreement: ParleyError, Hashable {
    case allForAllWithoutCategories
    case unequalWithoutJustification
    case unequalSharesInvalid(String)
    case unequalWithoutNumber
    case unequalNeedsTotal(QuantityBasis)
    case unequalSumDiffers(sum: Int, quantity: Int)

    public var code: String { "agreement.invalid" }
    public var message: String {
        switch self {
        case .allForAllWithoutCategories: "an agreement with no number must name the categories it covers"
        case .unequalWithoutJustification: "unequal counts need the justification the parties gave"
        case .unequalSharesInvalid(let wording):
            "unequal counts '\(wording)' must give a positive number for each of two or more parties, once each"
        case .unequalWithoutNumber: "an all-for-all agreement has no number to split unequally"
        case .unequalNeedsTotal(let basis): "unequal counts split a total, but the basis is '\(basis.rawValue)'"
        case .unequalSumDiffers(let sum, let quantity): "the unequal counts add up to \(sum), not the \(quantity) agreed"
        }
    }
    public var remedy: String {
        switch self {
        case .allForAllWithoutCategories:
            "Give --quantity and --basis, or --all-for-all with --category (such as aged:18-25)"
        case .unequalWithoutJustification: "Add --justification with the reason the parties recorded"
        case .unequalSharesInvalid: "Write --unequal UA:230,RU:248"
        case .unequalWithoutNumber: "Give --quantity with --basis total and the unequal counts"
        case .unequalNeedsTotal: "Record the quantity as the total with --basis total, such as 478 for UA:230,RU:248"
        case .unequalSumDiffers: "Make the counts add up to --quantity"
        }
    }
}

/// Why an agreement's basis could not be settled.
public enum AgreementSettlementError: ParleyError, Hashable {
    case alreadySettled(QuantityBasis)
    case settlingAsUnspecified
    case noQuantity

    public var code: String { "agreement.settle.refused" }
    public var message: String {
        switch self {
        case .alreadySettled(let basis): "the agreement's basis is already settled as '\(basis.rawValue)'"
        case .settlingAsUnspecified: "'unspecified' does not settle a basis"
        case .noQuantity: "an all-for-all agreement has no number to settle"
        }
    }
    public var remedy: String {
        switch self {
        case .alreadySettled: "A settled basis is final; record a new agreement if the parties changed the terms"
        case .settlingAsUnspecified: "Settle as per_side or total"
        case .noQuantity: "Nothing to do"
        }
    }
}
