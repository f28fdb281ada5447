/// The engine's name and place tables, read-only, for generators of synthetic test data.
public enum ReferenceNames {
    /// One given name in its Ukrainian and Russian forms.
    public struct GivenName: Sendable, Hashable {
        /// The Ukrainian form (Олександр).
        public var ukrainian: String
        /// The Russian form (Александр).
        public var russian: String
        /// Whether it is a man's name.
        public var isMale: Bool
    }

    /// The given names of `given-names.tsv`.
    public static func givenNames() throws(DataTableError) -> [GivenName] {
        let equivalence = try LinkageData.shipped.get().equivalence
        return zip(equivalence.givenNameForms, equivalence.givenNameIsMale).map {
            GivenName(ukrainian: $0.0[0], russian: $0.0[1], isMale: $0.1)
        }
    }

    /// The patronymics formed from one father's given name.
    public struct Patronymics: Sendable, Hashable {
        /// A son's patronymic in Ukrainian (Іванович).
        public var ukrainianMale: String
        /// A daughter's patronymic in Ukrainian (Іванівна).
        public var ukrainianFemale: String
        /// A son's patronymic in Russian (Иванович).
        public var russianMale: String
        /// A daughter's patronymic in Russian (Ивановна).
        public var russianFemale: String
    }

    /// Regular patronymics of a father's given name: Ukrainian and Russian, male and female forms.
    public static func patronymics(of father: GivenName) -> Patronymics {
        let ukrainian = PatronymicForms.derived(from: father.ukrainian)
        let russian = PatronymicForms.derived(from: father.russian)
        func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
        func pick(_ forms: [String], _ endings: [String]) -> String {
            let preferred = endings.lazy.compactMap { ending in forms.first { $0.hasSuffix(ending) } }.first
            return capitalized(preferred ?? forms.first ?? "")
        }
        return Patronymics(
            ukrainianMale: pick(ukrainian, ["ович"]), ukrainianFemale: pick(ukrainian, ["івна", "ївна"]),
            russianMale: pick(russian, ["евич", "ович", "ич"]), russianFemale: pick(russian, ["евна", "овна", "ична"])
        )
    }

    /// The places of `places.tsv`: per place, its names (current Ukrainian first, then Russian, then former).
    public static func places() throws(DataTableError) -> [[String]] {
        try DataTable.load("places.tsv").rows.map(\.cells)
    }
}
