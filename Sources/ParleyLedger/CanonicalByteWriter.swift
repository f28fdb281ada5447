import ParleyCore

/// Writes canonical JSON bytes through a pointer into memory reserved for them beforehand.
///
/// The canonical forms of a million journal entries and records are written and hashed in
/// a few seconds; appending to an array byte by byte checks its capacity and uniqueness at
/// every step, which costs more than the hashing. The caller reserves room from the bounds
/// below, and every write checks that it stays inside it.
struct CanonicalByteWriter {
    private let limit: UnsafeMutablePointer<UInt8>
    private var position: UnsafeMutablePointer<UInt8>
    private let start: UnsafeMutablePointer<UInt8>

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress else { preconditionFailure("a canonical form is written into reserved memory") }
        self.start = start
        position = start
        limit = start + buffer.count
    }

    /// The bytes written so far.
    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: position - start) }

    /// The most bytes ``string(utf8:)`` writes for text of `count` bytes: each may become `\u00xx`.
    static func stringBound(_ count: Int) -> Int { 6 * count + 2 }
    /// The most bytes ``integer(_:)`` writes.
    static let integerBound = 20
    /// The bytes ``hex(_:)`` writes for `count` bytes.
    static func hexBound(_ count: Int) -> Int { 2 * count }

    /// Calls `body` with a writer over `bound` bytes of temporary memory, then with what it wrote.
    static func withWriter<Result>(
        bound: Int, _ write: (inout CanonicalByteWriter) -> Void, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var writer = CanonicalByteWriter(buffer)
            write(&writer)
            return body(writer.written)
        }
    }

    private mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(limit - position >= count, "a canonical form outgrew the room reserved for it")
        defer { position += count }
        return position
    }

    mutating func byte(_ byte: UInt8) {
        reserve(1).pointee = byte
    }

    mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard let source = bytes.baseAddress, count > 0 else { return }
        let output = UnsafeMutableRawPointer(reserve(count))
        // Most columns and keys are a few bytes long, shorter than the call to memmove is worth: from 8 to 16
        // bytes, two words that overlap in the middle; fewer, byte by byte.
        switch count {
        case 8...16:
            output.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            output.storeBytes(
                of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
        case ..<8:
            for offset in 0..<count { output.storeBytes(of: bytes[offset], toByteOffset: offset, as: UInt8.self) }
        default:
            output.copyMemory(from: source, byteCount: count)
        }
    }

    mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// Text, given as its UTF-8 bytes, as a JSON string literal with JCS escaping (RFC 8785 §3.2.2.2).
    ///
    /// Only `"` and `\` and the controls below U+0020 are escaped: `\b \t \n \f \r` by name, the
    /// others as `\u00xx` in lowercase hexadecimal. Everything else, U+2028, U+2029 and U+007F
    /// included, is written as its bytes. Bytes that are not UTF-8 (which Parley never writes) are
    /// written as they are, so that they cannot pass for the string they would be repaired to.
    mutating func string(utf8 text: UnsafeRawBufferPointer) {
        string(utf8: text, isPlain: Self.isPlain(text))
    }

    /// The same, told whether the text needs no escaping, as ``isPlain(_:)`` found when the room was reckoned.
    mutating func string(utf8 text: UnsafeRawBufferPointer, isPlain: Bool) {
        byte(UInt8(ascii: "\""))
        if isPlain {
            bytes(text)
        } else {
            escaped(text)
        }
        byte(UInt8(ascii: "\""))
    }

    /// Writes text as a JSON string literal if no byte of it needs escaping, copying and checking it eight
    /// bytes at a time; `false`, having written part of it, if one does.
    mutating func plainString(utf8 text: UnsafeRawBufferPointer) -> Bool {
        guard text.count >= 8 else {
            guard Self.isPlain(text) else { return false }
            string(utf8: text, isPlain: true)
            return true
        }
        byte(UInt8(ascii: "\""))
        let output = UnsafeMutableRawPointer(reserve(text.count))
        var index = 0
        while text.count - index > 8 {
            let word = text.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if Self.needsEscaping(word) { return false }
            output.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        // The last eight bytes, overlapping the word before if need be.
        let last = text.loadUnaligned(fromByteOffset: text.count - 8, as: UInt64.self)
        if Self.needsEscaping(last) { return false }
        output.storeBytes(of: last, toByteOffset: text.count - 8, as: UInt64.self)
        byte(UInt8(ascii: "\""))
        return true
    }

    /// The most bytes ``string(utf8:isPlain:)`` writes for text of `count` bytes.
    static func stringBound(_ count: Int, isPlain: Bool) -> Int { isPlain ? count + 2 : stringBound(count) }

    /// Text with at least one byte to escape, written byte by byte.
    private mutating func escaped(_ text: UnsafeRawBufferPointer) {
        var runStart = 0
        for index in text.indices {
            let character = text[index]
            if character >= 0x20, character != UInt8(ascii: "\""), character != UInt8(ascii: "\\") { continue }
            bytes(UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
            byte(UInt8(ascii: "\\"))
            switch character {
            case UInt8(ascii: "\""): byte(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): byte(UInt8(ascii: "\\"))
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x09: byte(UInt8(ascii: "t"))
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0C: byte(UInt8(ascii: "f"))
            case 0x0D: byte(UInt8(ascii: "r"))
            default:
                literal("u00")
                withUnsafeBytes(of: character) { hex($0) }
            }
            runStart = index + 1
        }
        bytes(UnsafeRawBufferPointer(rebasing: text[runStart...]))
    }

    /// Whether no byte of `text` is one JSON escapes, looked for eight bytes at a time: most text has none.
    static func isPlain(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count >= 8 else {
            return text.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        var index = 0
        while text.count - index > 8 {
            if needsEscaping(text.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return false }
            index += 8
        }
        // The last eight bytes, overlapping the word before if need be.
        return !needsEscaping(text.loadUnaligned(fromByteOffset: text.count - 8, as: UInt64.self))
    }

    /// Whether any of the eight bytes of `word` is a control below U+0020, `"` or `\`: the bytes JSON
    /// escapes. Bytes of multibyte UTF-8 sequences, 0x80 and above, are none of these.
    private static func needsEscaping(_ word: UInt64) -> Bool {
        ByteWords.hasByte(below: 0x20, in: word) || ByteWords.hasByte(UInt8(ascii: "\""), in: word)
            || ByteWords.hasByte(UInt8(ascii: "\\"), in: word)
    }

    /// An integer as plain decimal digits.
    mutating func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        let output = reserve(digits)
        for offset in 0..<digits {
            output[digits - 1 - offset] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
    }

    /// Bytes as lowercase hexadecimal, two characters a byte: how digests are written.
    mutating func hex(_ value: UnsafeRawBufferPointer) {
        let output = UnsafeMutableRawPointer(reserve(2 * value.count))
        Self.hexPairs.withUnsafeBufferPointer { pairs in
            for (offset, byte) in value.enumerated() {
                output.storeBytes(of: pairs[Int(byte)], toByteOffset: 2 * offset, as: UInt16.self)
            }
        }
    }

    /// The two hexadecimal characters of each byte, as they lie in memory.
    private static let hexPairs: [UInt16] = (0...255).map { byte in
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: (digits[byte >> 4], digits[byte & 0x0f])) { $0.load(as: UInt16.self) }
    }
}

extension [UInt8] {
    /// Appends what `write` writes into at most `bound` bytes.
    mutating func append(bound: Int, _ write: (inout CanonicalByteWriter) -> Void) {
        CanonicalByteWriter.withWriter(bound: bound, write) { append(contentsOf: $0) }
    }
}
