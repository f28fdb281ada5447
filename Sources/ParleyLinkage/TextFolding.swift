import Foundation

/// The writing system a folded word or value is in.
enum Script: UInt8, Sendable {
    case none, cyrillic, latin, mixed
}

/// A field value folded for comparison: one form for the many ways the same name gets typed.
///
/// Folding applies NFKC, drops every apostrophe form (ʼ ' ’ ` ʻ), turns hyphens, dots and spaces
/// into single spaces between words, puts Latin look-alike letters typed inside a Cyrillic word into
/// Cyrillic and the reverse (`ОЛIЙНИК` with a Latin I), lowercases, and writes ё as е. It never
/// strips diacritics from Cyrillic: й and ї are letters of their own.
struct FoldedText: Sendable, Hashable {
    /// Lowercase scalars; words separated by one space.
    var scalars: [Unicode.Scalar]
    /// The script of the value's letters.
    var script: Script
    /// Whether the value is one letter, with or without a dot: an initial such as `А.`.
    var isInitial: Bool

    var string: String {
        var text = String()
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// The words of the value.
    var words: [ArraySlice<Unicode.Scalar>] {
        scalars.split(separator: " ")
    }
}

enum TextFolding {
    /// Folds a raw field value; returns nil when it holds no letter or digit.
    static func fold(_ raw: String) -> FoldedText? {
        let composed = raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.precomposedStringWithCompatibilityMapping
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in composed.unicodeScalars {
            if isApostrophe(scalar) { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return nil }
        var scalars: [Unicode.Scalar] = []
        var cyrillic = 0
        var latin = 0
        for (index, word) in words.enumerated() {
            if index > 0 { scalars.append(" ") }
            for scalar in Homoglyphs.intoOneScript(word) {
                let lower = lowercase(scalar)
                if isCyrillic(lower) { cyrillic += 1 } else if isLatinLetter(lower) { latin += 1 }
                scalars.append(lower == "ё" ? "е" : lower)
            }
        }
        let script: Script =
            cyrillic > 0 && latin > 0 ? .mixed : cyrillic > 0 ? .cyrillic : latin > 0 ? .latin : .none
        let letters = scalars.filter { $0 != " " }
        return FoldedText(scalars: scalars, script: script, isInitial: letters.count == 1 && cyrillic + latin == 1)
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x60, 0xB4, 0x2B9, 0x2BB, 0x2BC, 0x2BD, 0x2018, 0x2019, 0x201B, 0x2032: true
        default: false
        }
    }

    static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x400...0x4FF).contains(scalar.value)
    }

    static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || ((0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7)
    }

    /// Lowercase without building a String for the scripts names are written in.
    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return Unicode.Scalar(value + 0x20) ?? scalar
        case 0x410...0x42F: return Unicode.Scalar(value + 0x20) ?? scalar
        case 0x400...0x40F: return Unicode.Scalar(value + 0x50) ?? scalar
        case 0x460...0x4FF where value % 2 == 0 && value != 0x4C0:
            return Unicode.Scalar(value + 1) ?? scalar
        case 0x61...0x7A, 0x430...0x45F, 0x30...0x39: return scalar
        default:
            let lowered = String(scalar).lowercased().unicodeScalars
            return lowered.count == 1 ? lowered[lowered.startIndex] : scalar
        }
    }
}
