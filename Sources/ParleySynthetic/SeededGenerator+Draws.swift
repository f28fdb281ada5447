import ParleyCore

/// The draws the registry generator makes, on the project's one seeded generator.
extension SeededGenerator {
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    /// An index drawn with a Zipf-like skew, so that some names are much more common
    /// than others, as in real registries.
    mutating func skewedIndex(_ count: Int) -> Int {
        let u = Double(next() >> 11) / Double(1 << 53)
        return min(count - 1, Int(Double(count) * u * u))
    }
}
