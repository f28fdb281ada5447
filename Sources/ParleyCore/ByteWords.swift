/// Tests on eight bytes at once, read as one 64-bit word: how the hot paths that scan text
/// (a registry's cells on import, canonical JSON on hashing) skip the bytes that need nothing.
///
/// Each test is exact for whether any byte of the word matches; it does not say which one.
public enum ByteWords {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` is below `bound`, which must be at most 0x80.
    ///
    /// Subtracting `bound` from every byte borrows into the high bit of a byte below it; a byte
    /// whose own high bit is set is excluded.
    @inlinable
    public static func hasByte(below bound: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highBits != 0
    }

    /// Whether any byte of `word` equals `byte`.
    @inlinable
    public static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        hasByte(below: 1, in: word ^ (ones &* UInt64(byte)))
    }
}
