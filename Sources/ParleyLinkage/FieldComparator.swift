/// Compares two prepared records field by field and gives their comparison pattern.
///
/// All work is on ids and byte keys derived once per distinct value; nothing here allocates for a
/// name comparison.
struct FieldComparator: Sendable {
    let records: PreparedRecords
    let names: NameVocabulary
    let places: PlaceVocabulary
    let services: ServiceNumberVocabulary
    let givenClusterCount: Int
    let placeClusterCount: Int

    init(records: PreparedRecords, givenClusterCount: Int, placeClusterCount: Int) {
        self.records = records
        names = records.names
        places = records.places
        services = records.services
        self.givenClusterCount = givenClusterCount
        self.placeClusterCount = placeClusterCount
    }

    /// Jaro-Winkler on cross-script keys from which two names count as a close spelling.
    static let closeNameSimilarity = 0.9
    /// The lower bar for a given name or patronymic when only one side is a name the tables know.
    static let closeKnownNameSimilarity = 0.85
    static let closePlaceSimilarity = 0.9

    /// What lets a comparison stop before every field is compared, for a caller that keeps only the
    /// pairs that pass: a vetoed given name or patronymic at `conflicting`, or a total weight that can no
    /// longer reach the threshold.
    struct EarlyStops: Sendable {
        var givenName: Bool
        var patronymic: Bool
        var floor: ScoreFloor?

        /// Comparisons that always compare every field.
        static let none = EarlyStops(givenName: false, patronymic: false, floor: nil)
    }

    /// The result of comparing two records.
    struct Outcome: Sendable {
        var pattern: ComparisonPattern
        /// Whether surname and given name were compared crosswise (one side has them swapped).
        var swapped: Bool
        /// Whether the comparison stopped early (see `EarlyStops`); the fields not compared are then left
        /// at `missing`, and the pair is not to be kept.
        var stoppedEarly = false
    }

    /// Compares record `a` of `left` with record `b` of `right`.
    func compare(_ a: Int, in left: PreparedList, _ b: Int, in right: PreparedList) -> Outcome {
        var cache = ComparisonCache(capacityBits: 0)
        return compare(a, in: left, b, in: right, cache: &cache)
    }

    /// Compares two records, remembering name and place comparisons in `cache`.
    ///
    /// With `stops`, a pair whose given name (compared first, when neither record had its names swapped)
    /// or patronymic is `conflicting`, where the caller vetoes such a field, is not compared further:
    /// most pairs that blocking lets through are such pairs. With a score floor, the surname (the
    /// costliest field to compare) is compared last, and not at all when the other fields leave the pair
    /// short of the floor even with the best surname and given-name weights.
    func compare(
        _ a: Int, in left: PreparedList, _ b: Int, in right: PreparedList, cache: inout ComparisonCache,
        stops: EarlyStops = .none
    ) -> Outcome {
        let leftRow = left.rows[a]
        let rightRow = right.rows[b]
        func compareName(_ x: Int32, _ y: Int32, field: LinkageField) -> ComparisonLevel {
            guard x >= 0, y >= 0 else { return .missing }
            if x == y { return .exact }
            return cache.level(field: field, x, y) { self.compareName(x, y, field: field) }
        }
        var pattern = ComparisonPattern(bits: 0)
        var given = compareName(leftRow.givenName, rightRow.givenName, field: .givenName)
        var swapped = leftRow.namesSwapped != rightRow.namesSwapped
        if stops.givenName && given == .conflicting && !swapped {
            pattern.set(.givenName, LinkageField.givenName.index(of: given))
            return Outcome(pattern: pattern, swapped: false, stoppedEarly: true)
        }
        let patronymic = compareName(leftRow.patronymic, rightRow.patronymic, field: .patronymic)
        pattern.set(.patronymic, LinkageField.patronymic.index(of: patronymic))
        if stops.patronymic && patronymic == .conflicting {
            return Outcome(pattern: pattern, swapped: swapped, stoppedEarly: true)
        }
        pattern.set(
            .dateOfBirth, LinkageField.dateOfBirth.index(of: BirthDate.compare(leftRow.birth, rightRow.birth)))
        let place =
            leftRow.place >= 0 && rightRow.place >= 0 && leftRow.place != rightRow.place
            ? cache.level(field: .placeOfBirth, leftRow.place, rightRow.place) {
                comparePlace(leftRow.place, rightRow.place)
            }
            : comparePlace(leftRow.place, rightRow.place)
        pattern.set(.placeOfBirth, LinkageField.placeOfBirth.index(of: place))
        pattern.set(
            .serviceNumber, LinkageField.serviceNumber.index(of: compareService(leftRow.service, rightRow.service)))
        if let floor = stops.floor, !floor.canReach(pattern, record: a) {
            return Outcome(pattern: pattern, swapped: swapped, stoppedEarly: true)
        }
        var surname = compareName(leftRow.surname, rightRow.surname, field: .surname)
        if surname != .exact && surname != .equivalent && leftRow.givenName >= 0 && rightRow.givenName >= 0 {
            let crossSurname = compareName(leftRow.givenName, rightRow.surname, field: .surname)
            let crossGiven = compareName(leftRow.surname, rightRow.givenName, field: .givenName)
            if Self.rank(crossSurname) <= 2, Self.rank(crossGiven) <= 2,
                Self.rank(crossSurname) + Self.rank(crossGiven) < Self.rank(surname) + Self.rank(given)
            {
                (surname, given, swapped) = (crossSurname, crossGiven, true)
            }
        }
        pattern.set(.surname, LinkageField.surname.index(of: surname))
        pattern.set(.givenName, LinkageField.givenName.index(of: given))
        if stops.givenName && given == .conflicting {
            return Outcome(pattern: pattern, swapped: swapped, stoppedEarly: true)
        }
        return Outcome(pattern: pattern, swapped: swapped)
    }

    private static func rank(_ level: ComparisonLevel) -> Int {
        switch level {
        case .exact: 0
        case .equivalent: 1
        case .close: 2
        case .initial: 3
        case .missing: 4
        default: 5
        }
    }

    /// Compares two name values as values of `field`.
    func compareName(_ a: Int32, _ b: Int32, field: LinkageField) -> ComparisonLevel {
        guard a >= 0, b >= 0 else { return .missing }
        if a == b { return .exact }
        let (x, y) = (Int(a), Int(b))
        if names.isInitial[x] || names.isInitial[y] {
            return names.initials[x] & names.initials[y] != 0 ? .initial : .different
        }
        if names.script[x] == .cyrillic, names.script[y] == .latin, names.romanizations[a].contains(names.ownHash[y]) {
            return .exact
        }
        if names.script[y] == .cyrillic, names.script[x] == .latin, names.romanizations[b].contains(names.ownHash[x]) {
            return .exact
        }
        if names.skeletonID[x] == names.skeletonID[y] { return .equivalent }
        if names.shiftedHash[x] != 0 && names.shiftedHash[x] == names.shiftedHash[y] { return .equivalent }
        var similarityBar = Self.closeNameSimilarity
        if field != .surname {
            let clusters = field == .givenName ? names.givenClusters : names.patronymicClusters
            let (left, right) = (clusters[a], clusters[b])
            if !left.isEmpty && !right.isEmpty {
                return left.contains(where: { right.contains($0) }) ? .equivalent : .conflicting
            }
            if !left.isEmpty || !right.isEmpty { similarityBar = Self.closeKnownNameSimilarity }
        }
        if names.isPart(a, of: b) { return .close }
        let similarity = StringSimilarity.jaroWinkler(names.skeletons[a], names.skeletons[b])
        return similarity >= similarityBar ? .close : .different
    }

    func comparePlace(_ a: Int32, _ b: Int32) -> ComparisonLevel {
        guard a >= 0, b >= 0 else { return .missing }
        if a == b { return .exact }
        if places.skeletonID[Int(a)] == places.skeletonID[Int(b)] { return .equivalent }
        let (left, right) = (places.clusters[a], places.clusters[b])
        if !left.isEmpty && !right.isEmpty {
            return left.contains(where: { right.contains($0) }) ? .equivalent : .different
        }
        let similarity = StringSimilarity.jaroWinkler(places.skeletons[a], places.skeletons[b])
        return similarity >= Self.closePlaceSimilarity ? .close : .different
    }

    func compareService(_ a: Int32, _ b: Int32) -> ComparisonLevel {
        guard a >= 0, b >= 0 else { return .missing }
        if a == b { return .exact }
        return ServiceNumber.compare(services.folded[a], services.folded[b])
    }

    /// The key a field's value is counted under for term frequencies; -1 when unknown.
    func frequencyKey(_ field: LinkageField, record: Int, in list: PreparedList) -> Int32 {
        switch field {
        case .surname:
            let id = list.rows[record].surname
            return id >= 0 ? names.skeletonID[Int(id)] : -1
        case .givenName:
            return records.canonicalName(
                list.rows[record].givenName, clusters: records.names.givenClusters, clusterCount: givenClusterCount)
        case .patronymic:
            return records.canonicalName(
                list.rows[record].patronymic, clusters: records.names.patronymicClusters,
                clusterCount: givenClusterCount)
        case .placeOfBirth:
            return records.canonicalPlace(list.rows[record].place, clusterCount: placeClusterCount)
        case .dateOfBirth, .serviceNumber:
            return -1
        }
    }

    /// The number of distinct frequency keys a field can have.
    func frequencyKeyCount(_ field: LinkageField) -> Int {
        switch field {
        case .surname: records.names.skeletonCount
        case .givenName, .patronymic: givenClusterCount + records.names.skeletonCount
        case .placeOfBirth: placeClusterCount + records.places.skeletonCount
        case .dateOfBirth, .serviceNumber: 0
        }
    }
}

/// Recent name and place comparisons of one worker: a direct-mapped table, so that the many pairs
/// that repeat the same two given names or places in a block are compared once.
struct ComparisonCache {
    private var keys: [UInt64]
    private var levels: [ComparisonLevel]
    private let mask: Int

    /// A cache of 2^capacityBits entries.
    init(capacityBits: Int) {
        keys = [UInt64](repeating: .max, count: 1 << capacityBits)
        levels = [ComparisonLevel](repeating: .missing, count: 1 << capacityBits)
        mask = (1 << capacityBits) - 1
    }

    /// The level of two value ids of a field, computing it when it is not remembered.
    mutating func level(
        field: LinkageField, _ a: Int32, _ b: Int32, compute: () -> ComparisonLevel
    ) -> ComparisonLevel {
        let key = UInt64(field.position) << 60 | UInt64(UInt32(bitPattern: a)) << 30 ^ UInt64(UInt32(bitPattern: b))
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        if keys[slot] == key { return levels[slot] }
        let level = compute()
        keys[slot] = key
        levels[slot] = level
        return level
    }
}
