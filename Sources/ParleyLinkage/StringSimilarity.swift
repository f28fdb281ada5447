/// String similarity on byte keys, for the engine's hot loops.
enum StringSimilarity {
    /// Jaro-Winkler similarity (prefix scale 0.1, up to 4 prefix bytes) of two keys; only the first 64
    /// bytes of each count.
    static func jaroWinkler(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Double {
        let n = min(a.count, 64)
        let m = min(b.count, 64)
        guard n > 0, m > 0 else { return 0 }
        let a0 = a.startIndex
        let b0 = b.startIndex
        let window = max(0, max(n, m) / 2 - 1)
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var matches = 0
        for i in 0..<n {
            let low = max(0, i - window)
            let high = min(m - 1, i + window)
            guard low <= high else { continue }
            let byte = a[a0 + i]
            for j in low...high where matchedB & (1 << UInt64(j)) == 0 && b[b0 + j] == byte {
                matchedA |= 1 << UInt64(i)
                matchedB |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var halfTranspositions = 0
        var j = 0
        for i in 0..<n where matchedA & (1 << UInt64(i)) != 0 {
            while matchedB & (1 << UInt64(j)) == 0 { j += 1 }
            if a[a0 + i] != b[b0 + j] { halfTranspositions += 1 }
            j += 1
        }
        let count = Double(matches)
        let jaro = (count / Double(n) + count / Double(m) + (count - Double(halfTranspositions / 2)) / count) / 3
        var prefix = 0
        while prefix < min(4, n, m), a[a0 + prefix] == b[b0 + prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// Whether two keys are at most one edit apart: one substitution, insertion, deletion or
    /// transposition of neighbours.
    static func withinOneEdit(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        let x = Array(a)
        let y = Array(b)
        if x == y { return true }
        if abs(x.count - y.count) > 1 { return false }
        var prefix = 0
        while prefix < min(x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(x.count, y.count) - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] {
            suffix += 1
        }
        let restX = x.count - prefix - suffix
        let restY = y.count - prefix - suffix
        if restX <= 1 && restY <= 1 { return true }
        return restX == 2 && restY == 2 && x[prefix] == y[prefix + 1] && x[prefix + 1] == y[prefix]
    }
}
