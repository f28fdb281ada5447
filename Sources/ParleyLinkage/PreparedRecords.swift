/// One record reduced to value ids (-1 for unknown; a packed date, 0 for unknown).
///
/// Kept together in 28 bytes so that comparing a pair touches one cache line per record.
struct PreparedRow: Sendable {
    var surname: Int32
    var givenName: Int32
    var patronymic: Int32
    /// Packed date, see `BirthDate`.
    var birth: Int32
    var place: Int32
    var service: Int32
    /// Whether the record had a given name in its surname field and a surname in its given-name field,
    /// and the two were put back in place.
    var namesSwapped: Bool
}

/// One list of prepared records.
struct PreparedList: Sendable {
    var rows: [PreparedRow] = []

    var count: Int { rows.count }
}

/// The lists of a run with the vocabularies their ids point into.
struct PreparedRecords: Sendable {
    var names = NameVocabulary()
    var places = PlaceVocabulary()
    var services = ServiceNumberVocabulary()
    var lists: [PreparedList] = []

    /// Prepares lists of records, folding each distinct raw value once (in `derived`, made here when not
    /// given).
    ///
    /// A given-name field that holds a given name and a patronymic (`Олександр Іванович`) is split
    /// when the patronymic field is empty; surname and given name typed into each other's field are put
    /// back.
    init(lists records: [[LinkageRecord]], data: LinkageData, derived: DerivedValues? = nil) {
        let derived = derived ?? DerivedValues(records: records, data: data)
        var nameIDs = [Int32](repeating: .min, count: derived.names.count)
        var splitIDs = [(given: Int32, patronymic: Int32)?](repeating: nil, count: derived.names.count)
        var placeIDs = [Int32](repeating: .min, count: derived.places.count)
        var serviceIDs = [Int32](repeating: .min, count: derived.services.count)

        func nameID(_ position: Int32) -> Int32 {
            guard position >= 0 else { return -1 }
            let index = Int(position)
            if nameIDs[index] == .min { nameIDs[index] = derived.names[index].name.map { names.insert($0) } ?? -1 }
            return nameIDs[index]
        }
        func givenSplit(_ position: Int32) -> (given: Int32, patronymic: Int32) {
            guard position >= 0 else { return (-1, -1) }
            let index = Int(position)
            if let split = splitIDs[index] { return split }
            var split = (given: nameID(position), patronymic: Int32(-1))
            if let parts = derived.names[index].split {
                split = (names.insert(parts.given), names.insert(parts.patronymic))
            }
            splitIDs[index] = split
            return split
        }
        func placeID(_ position: Int32) -> Int32 {
            guard position >= 0 else { return -1 }
            let index = Int(position)
            if placeIDs[index] == .min {
                placeIDs[index] = derived.places[index].map { places.id(of: $0, data: data) } ?? -1
            }
            return placeIDs[index]
        }
        func serviceID(_ position: Int32) -> Int32 {
            guard position >= 0 else { return -1 }
            let index = Int(position)
            if serviceIDs[index] == .min {
                serviceIDs[index] = derived.services[index].map { services.id(of: $0) } ?? -1
            }
            return serviceIDs[index]
        }

        for (listIndex, list) in records.enumerated() {
            var prepared = PreparedList()
            prepared.rows.reserveCapacity(list.count)
            let positions = derived.positions[listIndex]
            for (recordIndex, record) in list.enumerated() {
                let at = recordIndex * DerivedValues.fieldsPerRecord
                let patronymic = nameID(positions[at + 2])
                let split = givenSplit(positions[at + 1])
                var surname = nameID(positions[at])
                var given = split.given
                let swapped = isSwapped(surname: surname, given: given)
                if swapped { (surname, given) = (given, surname) }
                prepared.rows.append(
                    PreparedRow(
                        surname: surname,
                        givenName: given,
                        patronymic: patronymic >= 0 ? patronymic : split.patronymic,
                        birth: BirthDate.pack(record.dateOfBirth),
                        place: placeID(positions[at + 3]),
                        service: serviceID(positions[at + 4]),
                        namesSwapped: swapped
                    ))
            }
            lists.append(prepared)
        }
    }

    /// Whether a record's surname field holds a given name the tables know while its given-name field
    /// holds something that is not a given name: surname and given name were typed into each other's field.
    func isSwapped(surname: Int32, given: Int32) -> Bool {
        guard surname >= 0, given >= 0 else { return false }
        return !names.givenClusters[surname].isEmpty && names.givenClusters[given].isEmpty
            && !names.isInitial[Int(given)] && !names.looksLikePatronymic[Int(given)]
    }

    /// A name's key for blocking and term frequencies: its cluster when the table knows it, else its
    /// cross-script key (offset past the clusters).
    func canonicalName(_ id: Int32, clusters: FlatKeys<Int32>, clusterCount: Int) -> Int32 {
        guard id >= 0 else { return -1 }
        if let first = clusters[id].first { return first }
        return Int32(clusterCount) + names.skeletonID[Int(id)]
    }

    func canonicalPlace(_ id: Int32, clusterCount: Int) -> Int32 {
        guard id >= 0 else { return -1 }
        if let first = places.clusters[id].first { return first }
        return Int32(clusterCount) + places.skeletonID[Int(id)]
    }
}

/// The folded forms and name keys of every distinct raw value of a run, worked out before the records
/// are prepared and spread over several tasks: the costly part of preparation (NFKC, romanisations,
/// cross-script keys) is done once per distinct value.
struct DerivedValues: Sendable {
    /// The keys of one raw name: the whole value, and its parts when it is a given name followed by a
    /// patronymic (`Олександр Іванович`).
    struct Name: Sendable {
        var name: NameVocabulary.Derived?
        var split: (given: NameVocabulary.Derived, patronymic: NameVocabulary.Derived)?

        init(_ raw: String, data: LinkageData) {
            let folded = TextFolding.fold(raw)
            name = folded.map { NameVocabulary.Derived($0, data: data) }
            split = nil
            if let folded, folded.words.count >= 2, let last = folded.words.last,
                PatronymicForms.looksLikePatronymic(key: CrossScriptKey.of(Array(last)))
            {
                let head = Array(folded.scalars[..<(last.startIndex - 1)])
                let givenPart = FoldedText(scalars: head, script: folded.script, isInitial: head.count == 1)
                let patronymicPart = FoldedText(scalars: Array(last), script: folded.script, isInitial: false)
                split = (
                    NameVocabulary.Derived(givenPart, data: data), NameVocabulary.Derived(patronymicPart, data: data)
                )
            }
        }
    }

    /// Surname, given name, patronymic, place, service number.
    static let fieldsPerRecord = 5

    var names: [Name]
    var places: [FoldedText?]
    var services: [[UInt8]?]
    /// Per list, per record, per field: the position of the record's raw value in `names`, `places` or
    /// `services`; -1 when the field is empty.
    var positions: [[Int32]]

    /// Works the values out in this task.
    init(records: [[LinkageRecord]], data: LinkageData) {
        let raw = RawValues.merge(Chunk.all(of: records).map { RawValues(records: records, chunk: $0) })
        names = raw.names.map { Name($0, data: data) }
        places = raw.places.map { TextFolding.fold($0) }
        services = raw.services.map { ServiceNumber.fold($0) }
        positions = raw.positions
    }

    /// Works the values out with `workers` tasks.
    init(records: [[LinkageRecord]], data: LinkageData, workers: Int) async {
        let raw = await Self.collect(records, workers: workers)
        async let names = Self.map(raw.names, workers: workers) { Name($0, data: data) }
        async let places = Self.map(raw.places, workers: workers) { TextFolding.fold($0) }
        async let services = Self.map(raw.services, workers: workers) { ServiceNumber.fold($0) }
        self.names = await names
        self.places = await places
        self.services = await services
        positions = raw.positions
    }

    /// A run of records of one list.
    struct Chunk: Sendable {
        var list: Int
        var records: Range<Int>

        static func all(of records: [[LinkageRecord]]) -> [Chunk] {
            records.indices.map { Chunk(list: $0, records: 0..<records[$0].count) }
        }

        /// The lists cut into runs of at most `size` records, in order.
        static func cut(_ records: [[LinkageRecord]], size: Int) -> [Chunk] {
            records.indices.flatMap { list in
                stride(from: 0, to: records[list].count, by: size).map {
                    Chunk(list: list, records: $0..<min(records[list].count, $0 + size))
                }
            }
        }
    }

    /// The distinct raw values of some records, in order of first appearance, and where each record's are.
    struct RawValues: Sendable {
        var names: [String] = []
        var places: [String] = []
        var services: [String] = []
        /// Per record, per field: the position of its value in this chunk's values; -1 when empty.
        var positions: [Int32] = []

        /// The values of the records of `chunk`.
        init(records: [[LinkageRecord]], chunk: Chunk) {
            var nameIndex = RawValueIndex<Int32>()
            var placeIndex = RawValueIndex<Int32>()
            var serviceIndex = RawValueIndex<Int32>()
            func position(_ raw: String?, _ index: inout RawValueIndex<Int32>, _ values: inout [String]) -> Int32 {
                guard let raw, !raw.isEmpty else { return -1 }
                if let known = index[raw] { return known }
                let new = Int32(values.count)
                index[raw] = new
                values.append(raw)
                return new
            }
            positions.reserveCapacity(chunk.records.count * fieldsPerRecord)
            for record in records[chunk.list][chunk.records] {
                positions.append(position(record.surname, &nameIndex, &names))
                positions.append(position(record.givenName, &nameIndex, &names))
                positions.append(position(record.patronymic, &nameIndex, &names))
                positions.append(position(record.placeOfBirth, &placeIndex, &places))
                positions.append(position(record.serviceNumber, &serviceIndex, &services))
            }
        }

        /// One chunk's positions in the merged values, from its own; fields 0-2 are names, 3 places, 4
        /// service numbers.
        func renumbered(names: [Int32], places: [Int32], services: [Int32]) -> [Int32] {
            var result = [Int32](repeating: -1, count: positions.count)
            for (offset, local) in positions.enumerated() where local >= 0 {
                switch offset % fieldsPerRecord {
                case 0, 1, 2: result[offset] = names[Int(local)]
                case 3: result[offset] = places[Int(local)]
                default: result[offset] = services[Int(local)]
                }
            }
            return result
        }

        /// Merged values of chunks taken in order, with positions per list; for one chunk per list.
        static func merge(
            _ chunks: [RawValues]
        ) -> (names: [String], places: [String], services: [String], positions: [[Int32]]) {
            var merged = Merged()
            let positions = chunks.map { chunk in
                let maps = merged.add(chunk)
                return chunk.renumbered(names: maps.names, places: maps.places, services: maps.services)
            }
            return (merged.names, merged.places, merged.services, positions)
        }
    }

    /// The distinct values of several chunks, merged in order.
    struct Merged {
        var names: [String] = []
        var places: [String] = []
        var services: [String] = []
        private var nameIndex = RawValueIndex<Int32>()
        private var placeIndex = RawValueIndex<Int32>()
        private var serviceIndex = RawValueIndex<Int32>()

        /// Adds a chunk's values; returns, per kind, the merged position of each of the chunk's values.
        mutating func add(_ chunk: RawValues) -> (names: [Int32], places: [Int32], services: [Int32]) {
            func positions(_ values: [String], _ index: inout RawValueIndex<Int32>, _ all: inout [String]) -> [Int32] {
                values.map { raw in
                    if let known = index[raw] { return known }
                    let new = Int32(all.count)
                    index[raw] = new
                    all.append(raw)
                    return new
                }
            }
            return (
                positions(chunk.names, &nameIndex, &names), positions(chunk.places, &placeIndex, &places),
                positions(chunk.services, &serviceIndex, &services)
            )
        }
    }

    /// The distinct raw values of each kind, in order of first appearance, and where each record's are:
    /// each task collects the values of its own chunks, then the chunks' values are merged in order and
    /// their positions renumbered, again spread over the tasks.
    private static func collect(
        _ records: [[LinkageRecord]], workers: Int
    ) async -> (names: [String], places: [String], services: [String], positions: [[Int32]]) {
        let total = records.reduce(0) { $0 + $1.count }
        let chunks = Chunk.cut(records, size: max(4_096, (total + 4 * workers - 1) / max(1, 4 * workers)))
        let collected = await inOrder(chunks.count, workers: workers) { RawValues(records: records, chunk: chunks[$0]) }
        var merged = Merged()
        let maps = collected.map { merged.add($0) }
        let renumbered = await inOrder(chunks.count, workers: workers) { index in
            collected[index].renumbered(
                names: maps[index].names, places: maps[index].places, services: maps[index].services)
        }
        var positions = records.map { list in
            var positions: [Int32] = []
            positions.reserveCapacity(list.count * fieldsPerRecord)
            return positions
        }
        for (chunk, part) in zip(chunks, renumbered) { positions[chunk.list] += part }
        return (merged.names, merged.places, merged.services, positions)
    }

    /// `work` of each index below `count`, in order, spread over `workers` tasks taking indices in turn.
    private static func inOrder<Result: Sendable>(
        _ count: Int, workers: Int, _ work: @escaping @Sendable (Int) -> Result
    ) async -> [Result] {
        let workers = max(1, min(workers, count))
        return await withTaskGroup(of: [(Int, Result)].self) { group in
            for worker in 0..<workers {
                group.addTask { stride(from: worker, to: count, by: workers).map { ($0, work($0)) } }
            }
            var results: [(Int, Result)] = []
            for await part in group { results += part }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// `transform` of every value, in order, spread over `workers` tasks.
    private static func map<Result: Sendable>(
        _ values: [String], workers: Int, _ transform: @escaping @Sendable (String) -> Result
    ) async -> [Result] {
        let workers = max(1, workers)
        let share = (values.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for worker in 0..<workers {
                let slice = Array(values[min(values.count, worker * share)..<min(values.count, (worker + 1) * share)])
                group.addTask { (worker, slice.map(transform)) }
            }
            var parts: [(Int, [Result])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}

/// Raw field values already seen, keyed by a 64-bit hash of their UTF-8 bytes.
///
/// Swift's `String` hashing normalises to NFC first, which is slow for Cyrillic; raw values only need
/// byte equality here (folding comes after). A hash collision is caught by comparing the bytes.
struct RawValueIndex<Value>: Sendable where Value: Sendable {
    private var byHash: [UInt64: (raw: String, value: Value)] = [:]
    private var collided: [String: Value] = [:]

    subscript(raw: String) -> Value? {
        get {
            guard let entry = byHash[StableHash.of(raw.utf8)] else { return nil }
            return entry.raw.utf8.elementsEqual(raw.utf8) ? entry.value : collided[raw]
        }
        set {
            guard let newValue else { return }
            let hash = StableHash.of(raw.utf8)
            if let entry = byHash[hash], !entry.raw.utf8.elementsEqual(raw.utf8) {
                collided[raw] = newValue
            } else {
                byHash[hash] = (raw, newValue)
            }
        }
    }
}
