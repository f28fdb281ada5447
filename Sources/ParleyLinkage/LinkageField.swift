/// A field the engine compares.
public enum LinkageField: String, CaseIterable, Sendable, Hashable, Codable {
    case surname
    case givenName = "given_name"
    case patronymic
    case dateOfBirth = "date_of_birth"
    case placeOfBirth = "place_of_birth"
    case serviceNumber = "service_number"

    /// The levels a comparison of this field can reach, most telling agreement first; index 0 is
    /// always `missing`. The model has one m and one u probability per level.
    public var levels: [ComparisonLevel] {
        Self.levelTable[position]
    }

    private static let levelTable: [[ComparisonLevel]] = allCases.map { $0.computedLevels }
    private static let indexTable: [[UInt32]] = allCases.map { field in
        ComparisonLevel.allCases.map { UInt32(field.computedLevels.firstIndex(of: $0) ?? 0) }
    }

    private var computedLevels: [ComparisonLevel] {
        switch self {
        case .surname: [.missing, .exact, .equivalent, .close, .initial, .different]
        case .givenName, .patronymic: [.missing, .exact, .equivalent, .close, .initial, .conflicting, .different]
        case .dateOfBirth: [.missing, .exact, .partial, .close, .dayMonthSwapped, .yearOffByOne, .different]
        case .placeOfBirth: [.missing, .exact, .equivalent, .close, .different]
        case .serviceNumber: [.missing, .exact, .compatible, .close, .different]
        }
    }

    /// The field's position in a comparison pattern.
    var position: Int {
        switch self {
        case .surname: 0
        case .givenName: 1
        case .patronymic: 2
        case .dateOfBirth: 3
        case .placeOfBirth: 4
        case .serviceNumber: 5
        }
    }

    /// The index of `level` in `levels`.
    func index(of level: ComparisonLevel) -> UInt32 {
        Self.indexTable[position][level.ordinal]
    }
}

/// How far two values of one field agree.
public enum ComparisonLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// One side or both have no value: no evidence either way.
    case missing
    /// The same value, or the same name in another script by a standard romanisation.
    case exact
    /// The same name in another form: Ukrainian and Russian forms, a surname spelling shift, a former
    /// place name, or another romanisation.
    case equivalent
    /// A close spelling (Jaro-Winkler on the cross-script key), or a date a typo away.
    case close
    /// One side is only an initial, and it agrees.
    case initial
    /// Dates that agree as far as the less precise one is known.
    case partial
    /// A full date with day and month swapped.
    case dayMonthSwapped
    /// A date whose year is one off, the rest agreeing.
    case yearOffByOne
    /// Service numbers that agree where both are legible (masked or missing digits).
    case compatible
    /// The values disagree.
    case different
    /// Both are names the tables know, and they are different names (Олександр and Олексій): the mark
    /// of twins, brothers, fathers and sons rather than of a typing error.
    case conflicting
}

extension ComparisonLevel {
    /// The level's position in `allCases`.
    var ordinal: Int {
        switch self {
        case .missing: 0
        case .exact: 1
        case .equivalent: 2
        case .close: 3
        case .initial: 4
        case .partial: 5
        case .dayMonthSwapped: 6
        case .yearOffByOne: 7
        case .compatible: 8
        case .different: 9
        case .conflicting: 10
        }
    }
}

/// Levels of all fields of one compared pair, four bits per field.
struct ComparisonPattern: Hashable, Sendable {
    var bits: UInt32

    func level(_ field: LinkageField) -> Int {
        Int((bits >> (4 * UInt32(field.position))) & 0xF)
    }

    mutating func set(_ field: LinkageField, _ level: UInt32) {
        let shift = 4 * UInt32(field.position)
        bits = (bits & ~(0xF << shift)) | (level << shift)
    }
}
