/// The engine's data tables, read once from the module's resources.
struct LinkageData: Sendable {
    var romanization: RomanizationTable
    var surnameShifts: SurnameShifts
    var equivalence: NameEquivalence

    /// The tables shipped with the module, read on first use.
    static let shipped: Result<LinkageData, DataTableError> = Result { () throws(DataTableError) in
        try LinkageData(
            romanization: RomanizationTable(table: DataTable.load("romanization.tsv")),
            surnameShifts: SurnameShifts(table: DataTable.load("surname-shifts.tsv")),
            equivalence: NameEquivalence(
                givenNames: DataTable.load("given-names.tsv"),
                patronymicForms: DataTable.load("patronymic-forms.tsv"),
                places: DataTable.load("places.tsv")
            )
        )
    }
}

/// Romanisation of names by the systems the engine knows, for callers outside the engine.
public enum Romanizer {
    /// The value in Latin letters by `system`; nil when the value holds letters that system does not
    /// write (a Russian ы for the Ukrainian system) or the data tables are missing.
    ///
    /// Apostrophes are dropped, words are separated by one space and each starts with a capital:
    /// `Знам'янка` gives `Znamianka`, `Біла Церква` gives `Bila Tserkva`.
    public static func romanize(_ text: String, system: RomanizationSystem) throws(DataTableError) -> String? {
        let data = try LinkageData.shipped.get()
        guard let folded = TextFolding.fold(text),
            let latin = data.romanization.romanize(folded.scalars, system: system)
        else { return nil }
        return latin.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
