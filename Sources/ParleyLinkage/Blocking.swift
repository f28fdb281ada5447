/// Candidate pairs by several blocking keys, so that one wrong field does not hide a true pair.
///
/// A pair is compared when the two records share at least one key:
/// 1. surname + given name (and the same with surname and given name swapped, on the querying side);
/// 2. given name + full date of birth (survives a misspelt surname);
/// 3. surname + year and month of birth (survives a different given-name form); a record whose month is
///    unknown meets every month of its year, and a full date also meets its day read as the month;
/// 4. given name + patronymic + year of birth;
/// 5. the legible digits of the service number;
/// 6. surname + patronymic (survives a wrong or missing date);
/// 7. given name + the full date of birth a year earlier or later (survives a misspelt surname and a year
///    off);
/// 8. patronymic + full date of birth (survives a misspelt surname and an initial for the given name);
/// 9. the surname's consonants + given name (survives a wrong vowel in the surname and a wrong date);
/// 10. surname + day and month of birth (survives another given-name form and a year off);
/// 11. given name + patronymic + the first letter of the surname's cross-script key (survives a misspelt
///     surname and a missing date);
/// 12. given name + patronymic + place of birth (survives a misspelt surname and a missing date, where the
///     first letter differs across forms).
/// Names are keyed by their equivalence cluster or cross-script key, so scripts and Ukrainian/Russian
/// forms meet. A key shared by more than `maximumBlockSize` indexed records is skipped (its pairs are
/// left to the other keys) and counted in the statistics.
struct Blocking: Sendable {
    private let keys: [UInt64]
    private let members: [Int32]
    /// For each bucket (key kind and the top 16 bits of its hash), the first position of its keys, so that a
    /// look-up searches a few keys instead of all of them.
    private let directory: [Int32]
    let maximumBlockSize: Int

    /// The kinds of key, numbered as in the list above.
    enum Kind {
        static let surnameAndGivenName: UInt64 = 1
        static let givenNameAndFullDate: UInt64 = 2
        static let surnameYearAndMonth: UInt64 = 3
        static let givenNamePatronymicAndYear: UInt64 = 4
        static let serviceNumber: UInt64 = 5
        static let surnameAndPatronymic: UInt64 = 6
        static let givenNameAndDateAYearOff: UInt64 = 7
        static let patronymicAndFullDate: UInt64 = 8
        static let surnameConsonantsAndGivenName: UInt64 = 9
        static let surnameAndDayMonth: UInt64 = 10
        static let givenNamePatronymicAndSurnameInitial: UInt64 = 11
        static let givenNamePatronymicAndPlace: UInt64 = 12
    }

    static func kind(of key: UInt64) -> UInt64 { key >> 58 }

    private static let bucketCount = 16 << 16

    private static func bucket(_ key: UInt64) -> Int {
        Int((key >> 58) << 16 | (key >> 42) & 0xFFFF)
    }

    /// Indexes the records of `list` by their keys.
    init(indexing list: PreparedList, comparator: FieldComparator, maximumBlockSize: Int) {
        var pairs: [(UInt64, Int32)] = []
        pairs.reserveCapacity(list.count * 5)
        var buffer: [UInt64] = []
        for record in 0..<list.count {
            Self.keys(of: record, in: list, comparator: comparator, querying: false, into: &buffer)
            for key in buffer { pairs.append((key, Int32(record))) }
        }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        keys = pairs.map(\.0)
        members = pairs.map(\.1)
        var directory = [Int32](repeating: 0, count: Self.bucketCount + 1)
        var position = 0
        for bucket in 0...Self.bucketCount {
            while position < keys.count && Self.bucket(keys[position]) < bucket { position += 1 }
            directory[bucket] = Int32(position)
        }
        self.directory = directory
        self.maximumBlockSize = maximumBlockSize
    }

    /// The keys a record is indexed under or, with `querying`, the keys it looks up: then also key 1 with
    /// surname and given name crossed, key 3 at the months it may meet, and key 7 a year either side.
    static func keys(
        of record: Int, in list: PreparedList, comparator: FieldComparator, querying: Bool, into keys: inout [UInt64]
    ) {
        keys.removeAll(keepingCapacity: true)
        let names = comparator.records.names
        let surnameID = list.rows[record].surname
        let surname = surnameID >= 0 ? names.skeletonID[Int(surnameID)] : -1
        let given = comparator.frequencyKey(.givenName, record: record, in: list)
        let patronymic = comparator.frequencyKey(.patronymic, record: record, in: list)
        let birth = list.rows[record].birth
        let year = BirthDate.year(birth)
        if surname >= 0 && given >= 0 { keys.append(key(Kind.surnameAndGivenName, surname, given)) }
        if querying, list.rows[record].givenName >= 0, surnameID >= 0 {
            let givenAsSurname = names.skeletonID[Int(list.rows[record].givenName)]
            let surnameAsGiven = comparator.records.canonicalName(
                surnameID, clusters: names.givenClusters, clusterCount: comparator.givenClusterCount)
            keys.append(key(Kind.surnameAndGivenName, givenAsSurname, surnameAsGiven))
        }
        if given >= 0 && BirthDate.isFull(birth) { keys.append(key(Kind.givenNameAndFullDate, given, birth)) }
        if surname >= 0 && birth != 0 {
            let month = birth / 100 % 100
            // Month 0 is unknown; a record whose month is known is also indexed under `anyMonth`.
            let anyMonth: Int32 = 13
            if !querying {
                keys.append(key(Kind.surnameYearAndMonth, surname, year, month))
                if month != 0 { keys.append(key(Kind.surnameYearAndMonth, surname, year, anyMonth)) }
            } else if month == 0 {
                keys.append(key(Kind.surnameYearAndMonth, surname, year, anyMonth))
                keys.append(key(Kind.surnameYearAndMonth, surname, year, 0))
            } else {
                keys.append(key(Kind.surnameYearAndMonth, surname, year, month))
                keys.append(key(Kind.surnameYearAndMonth, surname, year, 0))
                let day = birth % 100
                if day >= 1 && day <= 12 && day != month { keys.append(key(Kind.surnameYearAndMonth, surname, year, day)) }
            }
        }
        if given >= 0 && patronymic >= 0 && birth != 0 {
            keys.append(key(Kind.givenNamePatronymicAndYear, given, patronymic, year))
        }
        let service = list.rows[record].service
        if service >= 0 {
            let digits = comparator.records.services.blockingHash[Int(service)]
            if digits != 0 {
                keys.append(
                    key(Kind.serviceNumber, Int32(truncatingIfNeeded: digits), Int32(truncatingIfNeeded: digits >> 32)))
            }
        }
        if surname >= 0 && patronymic >= 0 { keys.append(key(Kind.surnameAndPatronymic, surname, patronymic)) }
        let dayAndMonth = birth % 10_000
        if given >= 0 && BirthDate.isFull(birth) {
            if querying {
                keys.append(key(Kind.givenNameAndDateAYearOff, given, birth - 10_000))
                keys.append(key(Kind.givenNameAndDateAYearOff, given, birth + 10_000))
            } else {
                keys.append(key(Kind.givenNameAndDateAYearOff, given, birth))
            }
        }
        if patronymic >= 0 && BirthDate.isFull(birth) {
            keys.append(key(Kind.patronymicAndFullDate, patronymic, birth))
        }
        if surnameID >= 0 && given >= 0 {
            let consonants = names.consonantHash[Int(surnameID)]
            keys.append(
                key(
                    Kind.surnameConsonantsAndGivenName, Int32(truncatingIfNeeded: consonants), given,
                    Int32(truncatingIfNeeded: consonants >> 32)))
        }
        if surname >= 0 && BirthDate.isFull(birth) { keys.append(key(Kind.surnameAndDayMonth, surname, dayAndMonth)) }
        if given >= 0 && patronymic >= 0 {
            if surnameID >= 0, let initial = names.skeletons[surnameID].first {
                keys.append(key(Kind.givenNamePatronymicAndSurnameInitial, given, patronymic, Int32(initial)))
            }
            let place = comparator.frequencyKey(.placeOfBirth, record: record, in: list)
            if place >= 0 { keys.append(key(Kind.givenNamePatronymicAndPlace, given, patronymic, place)) }
        }
    }

    private static func key(_ kind: UInt64, _ a: Int32, _ b: Int32, _ c: Int32 = 0) -> UInt64 {
        var mixed = UInt64(UInt32(bitPattern: a)) | UInt64(UInt32(bitPattern: b)) << 32
        mixed = (mixed ^ (mixed >> 31)) &* 0x7FB5_D329_728E_A185
        mixed ^= UInt64(UInt32(bitPattern: c)) &* 0x81DA_DEF4_BC2D_D44D
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return kind << 58 | (mixed & ((1 << 58) - 1))
    }

    /// Calls `visit` once for every indexed record sharing a key with `keys`.
    ///
    /// `stamp` must hold one entry per indexed record; `query` must differ between calls that share it.
    func forEachCandidate(
        sharing queryKeys: [UInt64], query: Int32, stamp: inout [Int32], oversized: inout Int, visit: (Int) -> Void
    ) {
        for key in queryKeys {
            let bucket = Self.bucket(key)
            var low = Int(directory[bucket])
            var high = Int(directory[bucket + 1])
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            var end = low
            while end < keys.count && keys[end] == key { end += 1 }
            if end - low > maximumBlockSize {
                oversized += 1
                continue
            }
            for position in low..<end {
                let member = members[position]
                if stamp[Int(member)] != query {
                    stamp[Int(member)] = query
                    visit(Int(member))
                }
            }
        }
    }
}
