/// Service numbers (military identity numbers) folded for comparison.
///
/// Letters become Latin capitals, Cyrillic look-alikes included (`ВК` and `BK` are one prefix); in the
/// digit part `О` and `O` read as 0 and `I` as 1; `*`, `?`, `#`, `_`, `•` and `x`/`х` stand for a
/// masked digit (`?`). Separators are dropped.
enum ServiceNumber {
    static let mask = UInt8(ascii: "?")

    static func fold(_ raw: String) -> [UInt8]? {
        var result: [UInt8] = []
        var inDigits = false
        for scalar in raw.unicodeScalars {
            let lower = TextFolding.lowercase(scalar)
            if let digit = lower.properties.numericType != nil ? Int(String(lower)) : nil, (0...9).contains(digit) {
                result.append(UInt8(48 + digit))
                inDigits = true
                continue
            }
            if ["*", "?", "#", "_", "•", "…"].contains(scalar) || (inDigits && ["x", "х"].contains(lower)) {
                result.append(mask)
                inDigits = true
                continue
            }
            if inDigits, ["o", "о"].contains(lower) {
                result.append(UInt8(ascii: "0"))
                continue
            }
            if inDigits, ["i", "і", "l"].contains(lower) {
                result.append(UInt8(ascii: "1"))
                continue
            }
            if TextFolding.isCyrillic(lower) {
                let capital = Unicode.Scalar(lower.value - ((0x430...0x44F).contains(lower.value) ? 0x20 : 0)) ?? lower
                let latin =
                    Homoglyphs.cyrillicToLatin[capital].map { [UInt8($0.value)] } ?? CrossScriptKey.pivot(of: lower)
                result += (latin ?? []).map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
            } else if lower.isASCII, (97...122).contains(lower.value) {
                result.append(UInt8(lower.value) - 32)
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The letter prefix and the rest (digits and masks) of a folded number.
    static func split(_ folded: ArraySlice<UInt8>) -> (letters: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) {
        let firstDigit = folded.firstIndex { ($0 >= 48 && $0 <= 57) || $0 == mask } ?? folded.endIndex
        return (folded[folded.startIndex..<firstDigit], folded[firstDigit...])
    }

    /// The digits to block on: the digit part when it has at least five digits and no mask.
    static func blockingDigits(_ folded: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let rest = split(folded).rest
        return rest.count >= 5 && !rest.contains(mask) ? rest : nil
    }

    static func compare(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> ComparisonLevel {
        if a.elementsEqual(b) { return .exact }
        let (lettersA, restA) = split(a)
        let (lettersB, restB) = split(b)
        let prefixesAgree = lettersA.isEmpty || lettersB.isEmpty || lettersA.elementsEqual(lettersB)
        guard !restA.isEmpty, !restB.isEmpty else { return .different }
        if prefixesAgree {
            if restA.count == restB.count
                && zip(restA, restB).allSatisfy({ $0 == $1 || $0 == mask || $1 == mask })
            {
                return .compatible
            }
            let (short, long) = restA.count < restB.count ? (restA, restB) : (restB, restA)
            if short.count >= 5, !short.contains(mask), !long.contains(mask), contains(long, short) {
                return .compatible
            }
            if StringSimilarity.withinOneEdit(restA, restB) { return .close }
        } else if restA.elementsEqual(restB) {
            return .close
        }
        return .different
    }

    private static func contains(_ long: ArraySlice<UInt8>, _ short: ArraySlice<UInt8>) -> Bool {
        guard short.count <= long.count else { return false }
        var start = long.startIndex
        while start + short.count <= long.endIndex {
            if long[start..<start + short.count].elementsEqual(short) { return true }
            start += 1
        }
        return false
    }
}
