/// Which written names are the same name: given names and patronymics across Ukrainian and Russian, and
/// places across their current and former names.
///
/// Built from `given-names.tsv`, `patronymic-forms.tsv` and `places.tsv`. Lookups go through the
/// cross-script key, so `Oleksandr`, `Олександр`, `Aleksandr` and `Александр` all find one cluster.
struct NameEquivalence: Sendable {
    /// A cluster of equivalent forms; given-name clusters also identify their patronymics.
    typealias Cluster = Int32

    private(set) var givenNames: [[UInt8]: [Cluster]] = [:]
    private(set) var patronymics: [[UInt8]: [Cluster]] = [:]
    private(set) var places: [[UInt8]: [Cluster]] = [:]
    /// Per given-name cluster, its forms (Ukrainian first, then Russian, then others).
    private(set) var givenNameForms: [[String]] = []
    /// Per given-name cluster: true for a male name.
    private(set) var givenNameIsMale: [Bool] = []
    /// Per given-name cluster: a bit for the first letter (of the cross-script key) of each of its forms,
    /// so that `О.` agrees with Александр as well as with Олександр.
    private(set) var givenNameInitials: [UInt32] = []
    /// The number of place clusters (lines of places.tsv).
    private(set) var placeCount = 0

    init(givenNames: DataTable, patronymicForms: DataTable, places: DataTable) throws(DataTableError) {
        for (line, cells) in givenNames.rows {
            guard cells.count == 4, cells[0] == "m" || cells[0] == "f", !cells[1].isEmpty, !cells[2].isEmpty else {
                throw givenNames.malformed(line, "expected sex (m/f), Ukrainian form, Russian form, other forms or -")
            }
            let cluster = Cluster(givenNameForms.count)
            let others = cells[3] == "-" ? [] : cells[3].split(separator: ",").map(String.init)
            let forms = [cells[1], cells[2]] + others
            givenNameForms.append(forms)
            givenNameIsMale.append(cells[0] == "m")
            givenNameInitials.append(
                forms.reduce(UInt32(0)) { mask, form in
                    mask | (TextFolding.fold(form).map { Self.initialBit(CrossScriptKey.of($0.scalars)) } ?? 0)
                })
            for form in forms {
                Self.add(form, cluster, to: &self.givenNames)
                if cells[0] == "m" {
                    for patronymic in PatronymicForms.derived(from: form) {
                        Self.add(patronymic, cluster, to: &self.patronymics)
                    }
                }
            }
        }
        for (line, cells) in patronymicForms.rows {
            guard cells.count == 2, let cluster = lookUp(givenName: cells[0]).first else {
                throw patronymicForms.malformed(
                    line, "expected a given name listed in given-names.tsv, then patronymics")
            }
            for patronymic in cells[1].split(separator: ",") {
                Self.add(String(patronymic), cluster, to: &self.patronymics)
            }
        }
        for (index, (line, cells)) in places.rows.enumerated() {
            guard !cells.isEmpty, cells.allSatisfy({ !$0.isEmpty }) else {
                throw places.malformed(line, "expected the names of one place separated by single tabs")
            }
            for form in cells { Self.add(form, Cluster(index), to: &self.places) }
        }
        placeCount = places.rows.count
    }

    /// The bit of a cross-script key's first letter; 0 for an empty key.
    static func initialBit(_ key: some Collection<UInt8>) -> UInt32 {
        guard let first = key.first else { return 0 }
        return 1 << (UInt32(first) & 31)
    }

    private static func add(_ form: String, _ cluster: Cluster, to map: inout [[UInt8]: [Cluster]]) {
        guard let folded = TextFolding.fold(form) else { return }
        let key = CrossScriptKey.of(folded.scalars)
        if !(map[key]?.contains(cluster) ?? false) { map[key, default: []].append(cluster) }
    }

    private func lookUp(givenName: String) -> [Cluster] {
        guard let folded = TextFolding.fold(givenName) else { return [] }
        return givenNames[CrossScriptKey.of(folded.scalars)] ?? []
    }
}
