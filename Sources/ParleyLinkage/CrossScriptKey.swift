import Foundation

/// A Latin "skeleton" of a name that Cyrillic and Latin spellings, Ukrainian and Russian forms, and the
/// usual romanisations of one name share.
///
/// `Шевченко`, `SHEVCHENKO` and `Ševčenko` give `sevcenko`-like bytes; `Олійник`, `Олейник` and
/// `Oliinyk` meet; `Гончаренко` (Ukrainian г = h) meets `Goncharenko`. The key is for fuzzy comparison
/// and blocking only: it throws information away and is never shown.
enum CrossScriptKey {
    /// The key of a folded value (lowercase scalars). Spaces and digits are dropped.
    static func of(_ folded: [Unicode.Scalar]) -> [UInt8] {
        var latin: [UInt8] = []
        latin.reserveCapacity(folded.count + 4)
        for scalar in folded {
            appendPivot(scalar, to: &latin)
        }
        return reduce(latin)
    }

    /// A plain Latin rendering of one lowercase scalar, before reduction.
    private static func appendPivot(_ scalar: Unicode.Scalar, to latin: inout [UInt8]) {
        let value = scalar.value
        if (0x61...0x7A).contains(value) {
            latin.append(UInt8(value))
            return
        }
        if TextFolding.isCyrillic(scalar) {
            latin.append(contentsOf: cyrillicPivot[scalar] ?? [])
            return
        }
        switch scalar {
        case "š", "ș", "ş", "ś": latin.append(contentsOf: Array("sh".utf8))
        case "č", "ć": latin.append(contentsOf: Array("ch".utf8))
        case "ž", "ź", "ż": latin.append(contentsOf: Array("zh".utf8))
        case "ŝ": latin.append(contentsOf: Array("shch".utf8))
        case "ł": latin.append(UInt8(ascii: "l"))
        default:
            guard TextFolding.isLatinLetter(scalar),
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                (0x61...0x7A).contains(base.value)
            else { return }
            latin.append(UInt8(base.value))
        }
    }

    /// The plain Latin letters of one lowercase Cyrillic letter (х → kh, щ → shch), before reduction.
    static func pivot(of scalar: Unicode.Scalar) -> [UInt8]? {
        cyrillicPivot[scalar]
    }

    private static let cyrillicPivot: [Unicode.Scalar: [UInt8]] = {
        let pairs: [(Unicode.Scalar, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("ґ", "g"), ("д", "d"), ("е", "e"), ("є", "ie"),
            ("ё", "e"), ("ж", "zh"), ("з", "z"), ("и", "i"), ("і", "i"), ("ї", "i"), ("й", "i"), ("к", "k"),
            ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"),
            ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"),
            ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "iu"), ("я", "ia"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, Array($0.1.utf8)) })
    }()

    // Reduced alphabet: a b v g d e z i k l m n o p r s t u f, plus X (х), C (ч), S (ш, щ), Z (ж), c (ц).
    private static let multigraphs: [(String, String)] = [
        ("shch", "S"), ("chtch", "S"), ("shh", "S"), ("sch", "S"), ("tch", "C"), ("sh", "S"), ("zh", "Z"),
        ("kh", "X"), ("ch", "C"), ("ts", "c"), ("tz", "c"), ("cz", "c"), ("ou", "u"), ("x", "ks"), ("w", "v"),
        ("q", "k"), ("h", "g"), ("j", "i"), ("y", "i"),
    ].map { ($0.0, $0.1) }
    private static let multigraphBytes: [([UInt8], [UInt8])] = multigraphs.map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Rewrites multigraphs, merges iotation and the ей/ій shift, and collapses doubled letters.
    private static func reduce(_ latin: [UInt8]) -> [UInt8] {
        var mapped: [UInt8] = []
        mapped.reserveCapacity(latin.count)
        var index = 0
        scan: while index < latin.count {
            let byte = latin[index]
            for (pattern, replacement) in multigraphBytes where pattern[0] == byte {
                if index + pattern.count <= latin.count, latin[index..<index + pattern.count].elementsEqual(pattern) {
                    mapped.append(contentsOf: replacement)
                    index += pattern.count
                    continue scan
                }
            }
            mapped.append(byte)
            index += 1
        }
        let i = UInt8(ascii: "i")
        let e = UInt8(ascii: "e")
        var vowelsMerged: [UInt8] = []
        vowelsMerged.reserveCapacity(mapped.count)
        index = 0
        while index < mapped.count {
            let byte = mapped[index]
            let next = index + 1 < mapped.count ? mapped[index + 1] : 0
            if byte == i && next == e {
                vowelsMerged.append(e)
                index += 2
            } else {
                vowelsMerged.append(byte)
                index += 1
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(vowelsMerged.count)
        for (position, byte) in vowelsMerged.enumerated() {
            let next = position + 1 < vowelsMerged.count ? vowelsMerged[position + 1] : 0
            if byte == e && next == i { continue }
            if result.last == byte { continue }
            result.append(byte)
        }
        return result
    }
}
