/// A system for writing Cyrillic names in Latin letters, as found on real documents.
public enum RomanizationSystem: String, CaseIterable, Sendable, Codable {
    /// Ukrainian national system, Cabinet of Ministers Resolution No. 55 of 27 January 2010.
    case ukrainianNational2010 = "kmu2010"
    /// ICAO Doc 9303 (Russian passports since 2013).
    case icao = "icao"
    /// BGN/PCGN 1947 for Russian.
    case bgnPcgn = "bgn"
    /// GOST 7.79-2000 System B.
    case gostB = "gostB"
    /// Russian foreign passports 1997-2010.
    case russianPassport1997 = "mvd1997"
    /// Soviet foreign passports before 1997 (French-based).
    case sovietPassport = "soviet"

    /// Whether the system writes Ukrainian (the others write Russian).
    var isUkrainian: Bool { self == .ukrainianNational2010 }
}

/// The romanisation tables of `romanization.tsv` and the contextual rules that go with them.
struct RomanizationTable: Sendable {
    /// Per system, per lowercase Cyrillic letter: the form at a word start and the form elsewhere;
    /// nil when the letter is not in that system's alphabet.
    private var forms: [RomanizationSystem: [Unicode.Scalar: (start: String, other: String)]]

    static let ukrainianOnly: Set<Unicode.Scalar> = ["ґ", "є", "і", "ї"]
    static let russianOnly: Set<Unicode.Scalar> = ["ы", "э", "ъ", "ё"]
    private static let vowels: Set<Unicode.Scalar> = ["а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "є", "і", "ї"]

    init(table: DataTable) throws(DataTableError) {
        let systems = RomanizationSystem.allCases
        var forms: [RomanizationSystem: [Unicode.Scalar: (start: String, other: String)]] = [:]
        for (line, cells) in table.rows {
            guard cells.count == systems.count + 1, cells[0].unicodeScalars.count == 1,
                let letter = cells[0].unicodeScalars.first
            else {
                throw table.malformed(line, "expected a letter and \(systems.count) romanisations separated by tabs")
            }
            for (system, cell) in zip(systems, cells.dropFirst()) where cell != "-" {
                let parts = cell.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0 == "_" ? "" : String($0)
                }
                guard parts.count == 1 || parts.count == 2 else {
                    throw table.malformed(line, "a cell holds one form or two separated by |, found \(cell)")
                }
                forms[system, default: [:]][letter] = (parts[0], parts.count == 2 ? parts[1] : parts[0])
            }
        }
        self.forms = forms
    }

    /// The systems that can have written a folded Cyrillic value, by the letters it holds.
    func systems(for text: [Unicode.Scalar]) -> [RomanizationSystem] {
        let ukrainian = text.contains { Self.ukrainianOnly.contains($0) }
        let russian = text.contains { Self.russianOnly.contains($0) }
        return RomanizationSystem.allCases.filter { system in
            system.isUkrainian ? !russian : !ukrainian
        }
    }

    /// A folded (lowercase) Cyrillic value in Latin letters by one system; nil if it holds a letter
    /// that system does not write. Characters other than Cyrillic letters are kept.
    func romanize(_ text: [Unicode.Scalar], system: RomanizationSystem) -> String? {
        guard let table = forms[system] else { return nil }
        var result = ""
        var previous: Unicode.Scalar = " "
        for (index, scalar) in text.enumerated() {
            defer { previous = scalar }
            guard TextFolding.isCyrillic(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            guard let form = table[scalar] else { return nil }
            let wordStart = previous == " " || !TextFolding.isCyrillic(previous)
            let next: Unicode.Scalar? = index + 1 < text.count ? text[index + 1] : nil
            switch system {
            case .ukrainianNational2010 where scalar == "г" && previous == "з":
                result += "gh"
            case .ukrainianNational2010:
                result += wordStart ? form.start : form.other
            case .bgnPcgn:
                let iotated = wordStart || Self.vowels.contains(previous) || ["й", "ъ", "ь"].contains(previous)
                result += iotated ? form.start : form.other
            case .gostB where scalar == "ц":
                result += next.map { ["е", "и", "ы", "й"].contains($0) } == true ? "c" : form.other
            default:
                result += wordStart ? form.start : form.other
            }
        }
        return result
    }
}
