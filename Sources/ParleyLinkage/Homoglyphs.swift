/// Letters that look the same in Latin and Cyrillic, and how a mixed word is put into one script.
///
/// People type `ОЛIЙНИК` with a Latin I, or `Shevchеnko` with a Cyrillic е, and service numbers as
/// `BK` for `ВК`. A word takes the script most of its distinctive letters are in; its look-alike letters
/// from the other script are replaced.
enum Homoglyphs {
    /// Latin letter → Cyrillic look-alike, upper and lower case.
    static let latinToCyrillic: [Unicode.Scalar: Unicode.Scalar] = [
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "i": "і", "o": "о",
        "p": "р", "x": "х", "y": "у", "Ï": "Ї", "ï": "ї",
    ]

    /// Cyrillic letter → Latin look-alike.
    static let cyrillicToLatin: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (latin, cyrillic) in latinToCyrillic { map[cyrillic] = latin }
        return map
    }()

    /// The word with its look-alike letters put into the word's dominant script.
    static func intoOneScript(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var strongCyrillic = 0
        var strongLatin = 0
        var anyCyrillic = 0
        var anyLatin = 0
        for scalar in word {
            if TextFolding.isCyrillic(scalar) {
                anyCyrillic += 1
                if cyrillicToLatin[scalar] == nil { strongCyrillic += 1 }
            } else if TextFolding.isLatinLetter(scalar) {
                anyLatin += 1
                if latinToCyrillic[scalar] == nil { strongLatin += 1 }
            }
        }
        guard anyCyrillic > 0, anyLatin > 0 else { return word }
        let cyrillicWins =
            strongCyrillic != strongLatin ? strongCyrillic > strongLatin : anyCyrillic >= anyLatin
        let map = cyrillicWins ? latinToCyrillic : cyrillicToLatin
        return word.map { map[$0] ?? $0 }
    }
}
