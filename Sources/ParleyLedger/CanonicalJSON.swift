/// A JSON value and its RFC 8785 canonical form (the JSON Canonicalization Scheme, JCS).
///
/// The ledger signs and chains digests of canonical JSON, so every party's machine must turn the same value
/// into the same bytes: members sorted by the UTF-16 code units of their keys, strings escaped as RFC 8785
/// §3.2.2.2 says, numbers written as ECMAScript's `Number.prototype.toString` writes them, no whitespace.
///
/// Equality is JSON equality as JCS sees it: two values are equal exactly when their canonical serialisations
/// are equal. So `.integer(3) == .number(3.0)`, and strings (and keys) compare by their Unicode scalars, not
/// by Swift's canonical equivalence: `"é"` written as U+00E9 is not equal to `"e"` followed by U+0301.
///
/// Limitation: an object is a Swift dictionary, whose keys do use canonical equivalence, so one object cannot
/// hold two keys that differ only in Unicode normalisation; the parser reports such input as
/// ``ParseError/Reason-swift.enum/canonicallyEquivalentKeys``.
public enum CanonicalJSON: Hashable, Sendable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// An integer, written as plain decimal digits.
    ///
    /// Values outside ±(2^53 − 1) are written exactly, but are not interoperable with I-JSON (RFC 7493
    /// §2.2): a reader that holds numbers as IEEE 754 doubles, as ECMAScript does, would round them and
    /// compute another digest. Keep identifiers and counts inside that range, or carry them as strings.
    case integer(Int64)
    /// An IEEE 754 double, written as ECMAScript writes it (RFC 8785 §3.2.2.3).
    ///
    /// It must be finite: serialising NaN or an infinity is a programming error and stops the program with a
    /// precondition failure, since RFC 8785 forbids them and no substitute would keep digests honest. The
    /// parser never produces them; check `isFinite` before wrapping the result of arithmetic.
    case number(Double)
    /// A string of Unicode scalars.
    case string(String)
    /// An ordered array.
    case array([CanonicalJSON])
    /// An object; its members are written sorted by key, whatever the dictionary's order.
    case object([String: CanonicalJSON])

    /// The RFC 8785 canonical text of the value.
    public var serialized: String {
        String(decoding: utf8, as: UTF8.self)
    }

    /// The RFC 8785 canonical text of the value, as UTF-8 bytes: what digests and signatures cover.
    public var utf8: [UInt8] {
        var output = [UInt8]()
        append(to: &output)
        return output
    }

    /// The SHA-256 digest of ``utf8``.
    public var digest: Digest {
        Digest.sha256(utf8)
    }

    /// Appends the canonical UTF-8 text of the value to `output`.
    public func append(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: Self.nullLiteral)
        case .bool(let value):
            output.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
        case .integer(let value):
            Self.appendInteger(value, to: &output)
        case .number(let value):
            Self.appendNumber(value, to: &output)
        case .string(let value):
            Self.appendString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.append(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            // Keys of ASCII only, as nearly all are, compare as Swift compares strings, byte by byte.
            let sortedKeys =
                members.keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
                ? members.keys.sorted() : members.keys.sorted(by: Self.precedesInCanonicalOrder)
            output.append(UInt8(ascii: "{"))
            for (position, key) in sortedKeys.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key, default: .null].append(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `lhs` sorts before `rhs` as RFC 8785 §3.2.3 orders member keys: by UTF-16 code units.
    ///
    /// UTF-8 bytes sort as code points do, and code points as UTF-16 code units do, except that a character
    /// from U+10000 on (a surrogate pair in UTF-16) sorts before one from U+E000 to U+FFFF. So the bytes are
    /// compared in place, and only where the first that differ lead such characters is UTF-16 asked.
    public static func precedesInCanonicalOrder(_ lhs: String, _ rhs: String) -> Bool {
        var (left, right) = (lhs, rhs)
        let decided: Bool? = left.withUTF8 { a in
            right.withUTF8 { b in
                let shared = min(a.count, b.count)
                var position = 0
                while position < shared && a[position] == b[position] { position += 1 }
                if position == shared { return a.count < b.count }
                if a[position] < 0xEE && b[position] < 0xEE { return a[position] < b[position] }
                return nil
            }
        }
        return decided ?? lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    // MARK: - Hot paths

    /// Hot path: appends `string` as a JSON string literal with JCS escaping to `output`.
    ///
    /// Only `"` and `\` and the controls below U+0020 are escaped: `\b \t \n \f \r` by name, the others as
    /// `\u00xx` in lowercase hexadecimal. Everything else, U+2028, U+2029 and U+007F included, is written as
    /// its UTF-8 bytes.
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            appendString(utf8: UnsafeRawBufferPointer(bytes), to: &output)
        }
        if written == nil {
            Array(string.utf8).withUnsafeBytes { appendString(utf8: $0, to: &output) }
        }
    }

    /// Hot path: appends text given as its UTF-8 bytes, as a database column holds them, as a JSON string
    /// literal with JCS escaping: what ``appendString(_:to:)`` writes for the string of those bytes.
    ///
    /// The bytes are written as they are, so bytes that are not UTF-8 (which Parley never writes) cannot pass
    /// for the string they would be repaired to.
    public static func appendString(utf8 bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        output.append(bound: CanonicalByteWriter.stringBound(bytes.count)) { $0.string(utf8: bytes) }
    }

    /// Hot path: appends a JCS object whose members are given already sorted by key (precondition checked in
    /// debug only) — used by the journal to build an entry without allocating a tree.
    ///
    /// The keys must be strictly increasing in the order of ``precedesInCanonicalOrder(_:_:)``, which also
    /// rules out duplicates; debug builds check it, release builds trust the caller. A `KeyValuePairs`
    /// literal reads well here: `appendObject(sortedMembers: ["at": .integer(t), "kind": .string(k)], ...)`.
    public static func appendObject<Members: Sequence>(
        sortedMembers members: Members,
        to output: inout [UInt8]
    ) where Members.Element == (key: String, value: CanonicalJSON) {
        output.append(UInt8(ascii: "{"))
        var previousKey: String?
        for member in members {
            if let previousKey {
                assert(
                    precedesInCanonicalOrder(previousKey, member.key),
                    "appendObject(sortedMembers:): key \(member.key) must sort after \(previousKey)"
                )
                output.append(UInt8(ascii: ","))
            }
            appendString(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            member.value.append(to: &output)
            previousKey = member.key
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Appends an integer as plain decimal digits, without allocating.
    public static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        output.append(bound: CanonicalByteWriter.integerBound) { $0.integer(value) }
    }

    /// Appends a finite double as ECMAScript's `Number.prototype.toString` writes it (RFC 8785 §3.2.2.3).
    ///
    /// The shortest digits that read back as the same double; plain notation from 1e-6 up to (not including)
    /// 1e21, exponent notation with `e+` or `e-` outside it; `-0` is written `0`.
    /// - Precondition: `value.isFinite`.
    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        precondition(value.isFinite, "RFC 8785 has no form for \(value): a JCS number must be finite")
        if value == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &output)
            return
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let (digits, pointPosition) = shortestDigits(value.magnitude)
        appendECMAScriptNotation(digits: digits, pointPosition: pointPosition, to: &output)
    }

    // MARK: - Parsing

    /// Parses JSON text strictly, as I-JSON (RFC 7493) restricts it.
    ///
    /// Rejects what RFC 8259 does not allow (comments, trailing commas, single quotes, leading zeros, a byte
    /// order mark), and what I-JSON forbids: duplicate keys, lone surrogates in `\u` escapes, invalid UTF-8,
    /// numbers beyond the range of a double. Integers without fraction or exponent that fit in `Int64` become
    /// ``integer(_:)``; every other number becomes ``number(_:)``. Nesting deeper than
    /// ``maximumNestingDepth`` is refused rather than risking the stack.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses UTF-8 JSON text strictly, with the rules of the string parser above.
    public init(parsing bytes: [UInt8]) throws(ParseError) {
        var parser = Parser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// The deepest nesting of arrays and objects the parser accepts.
    public static let maximumNestingDepth = 512

    /// Why JSON text could not be parsed, and where.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What was wrong; its raw value is a stable code.
        public enum Reason: String, Hashable, Sendable {
            /// The text ended inside a value, or held no value at all.
            case unexpectedEndOfInput = "json.unexpected_end"
            /// A byte that cannot start or continue the value at this point.
            case unexpectedCharacter = "json.unexpected_character"
            /// Bytes that are not well-formed UTF-8.
            case invalidUTF8 = "json.invalid_utf8"
            /// A control character below U+0020 written unescaped inside a string.
            case unescapedControlCharacter = "json.unescaped_control_character"
            /// A backslash escape that JSON does not define, or a malformed `\u` escape.
            case invalidEscape = "json.invalid_escape"
            /// A `\u` escape of a surrogate that is not part of a high-low pair (I-JSON §2.1).
            case loneSurrogate = "json.lone_surrogate"
            /// A number that breaks the JSON number grammar.
            case invalidNumber = "json.invalid_number"
            /// A number too large in magnitude for an IEEE 754 double (I-JSON §2.2).
            case numberOutOfRange = "json.number_out_of_range"
            /// An object with the same key twice (I-JSON §2.3).
            case duplicateKey = "json.duplicate_key"
            /// An object with two keys that differ only in Unicode normalisation, which a Swift dictionary
            /// cannot hold apart.
            case canonicallyEquivalentKeys = "json.canonically_equivalent_keys"
            /// Arrays and objects nested deeper than ``CanonicalJSON/maximumNestingDepth``.
            case nestingTooDeep = "json.nesting_too_deep"
            /// Something other than whitespace after the value.
            case trailingContent = "json.trailing_content"
        }

        /// The offset, in bytes of UTF-8 from the start of the text, where the problem was found.
        public let offset: Int
        /// What was wrong.
        public let reason: Reason
        /// A human sentence on what was found and what was expected.
        public let detail: String

        /// Describes a problem at `offset`.
        public init(offset: Int, reason: Reason, detail: String) {
            self.offset = offset
            self.reason = reason
            self.detail = detail
        }

        /// A one-line message: the stable code, the byte offset and the detail.
        public var description: String {
            "\(reason.rawValue) at byte \(offset): \(detail)"
        }
    }

    // MARK: - Equality

    /// Whether the two values have the same canonical serialisation.
    public static func == (lhs: CanonicalJSON, rhs: CanonicalJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let left), .bool(let right)):
            return left == right
        case (.integer(let left), .integer(let right)):
            return left == right
        case (.number(let left), .number(let right)):
            return left == right
        case (.integer(let left), .number(let right)), (.number(let right), .integer(let left)):
            if left.magnitude < Self.exactIntegerLimit {
                return Int64(exactly: right) == left
            }
            return numberText(.integer(left)) == numberText(.number(right))
        case (.string(let left), .string(let right)):
            return left.utf8.elementsEqual(right.utf8)
        case (.array(let left), .array(let right)):
            return left == right
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let index = right.index(forKey: key) else { return false }
                let member = right[index]
                guard member.key.utf8.elementsEqual(key.utf8), member.value == value else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Hashes the value consistently with ``==(_:_:)``: an integral double hashes as the integer it equals.
    ///
    /// From 2^53 up, where a double's text may differ from the integer it holds (2^60 is written
    /// `1152921504606847000`), numbers hash by their canonical text instead.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .integer(let value) where value.magnitude < Self.exactIntegerLimit:
            hasher.combine(2)
            hasher.combine(value)
        case .number(let value) where value.magnitude < Double(Self.exactIntegerLimit):
            if let integer = Int64(exactly: value) {
                hasher.combine(2)
                hasher.combine(integer)
            } else {
                hasher.combine(3)
                hasher.combine(value)
            }
        case .integer, .number:
            hasher.combine(3)
            hasher.combine(Self.numberText(self))
        case .string(let value):
            hasher.combine(4)
            hasher.combine(value)
        case .array(let elements):
            hasher.combine(5)
            hasher.combine(elements)
        case .object(let members):
            hasher.combine(6)
            hasher.combine(members)
        }
    }
}

// MARK: - Serialisation internals

extension CanonicalJSON {
    /// 2^53: below it every integer is exactly a double and a double's text is the integer's own.
    private static let exactIntegerLimit: UInt64 = 1 << 53

    /// The canonical text of a number, for equality and hashing above ``exactIntegerLimit``.
    private static func numberText(_ number: CanonicalJSON) -> [UInt8] {
        var text = [UInt8]()
        number.append(to: &text)
        return text
    }

    private static let nullLiteral: [UInt8] = Array("null".utf8)
    private static let trueLiteral: [UInt8] = Array("true".utf8)
    private static let falseLiteral: [UInt8] = Array("false".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The shortest decimal digits that read back as `magnitude`, and where the decimal point goes:
    /// `magnitude == 0.d₁d₂…dₖ × 10^pointPosition`, with no leading or trailing zero digit.
    ///
    /// Swift's own description already finds the shortest round-trip digits (closest to the exact value,
    /// ties to even); only its notation differs from ECMAScript's, so this keeps the digits and drops the rest.
    private static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        var digits = [UInt8]()
        digits.reserveCapacity(17)
        var integerDigitCount = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for character in magnitude.description.utf8 {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(character - UInt8(ascii: "0"))
                } else {
                    digits.append(character)
                    if !seenPoint { integerDigitCount += 1 }
                }
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentSign = -1
            default:
                break
            }
        }
        var pointPosition = integerDigitCount + exponentSign * exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        pointPosition -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// Writes digits in ECMAScript's Number::toString notation (ECMA-262, steps for n and k).
    private static func appendECMAScriptNotation(digits: [UInt8], pointPosition n: Int, to output: inout [UInt8]) {
        let k = digits.count
        if k <= n, n <= 21 {
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n, n <= 21 {
            output.append(contentsOf: digits[..<n])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[n...])
        } else if -6 < n, n <= 0 {
            output.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            if k > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: digits[1...])
            }
            let exponent = n - 1
            output.append(UInt8(ascii: "e"))
            output.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendInteger(Int64(exponent.magnitude), to: &output)
        }
    }
}

// MARK: - Parser

extension CanonicalJSON {
    /// A recursive-descent parser over UTF-8 bytes; recursion is bounded by ``maximumNestingDepth``.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func parseDocument() throws(ParseError) -> CanonicalJSON {
            skipWhitespace()
            let value = try parseValue()
            skipWhitespace()
            if position < bytes.count {
                throw failure(.trailingContent, "expected the end of the text after the value, found \(found)")
            }
            return value
        }

        // MARK: Values

        private mutating func parseValue() throws(ParseError) -> CanonicalJSON {
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput, "expected a value, found the end of the text")
            }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                return try parseObject()
            case UInt8(ascii: "["):
                return try parseArray()
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral(CanonicalJSON.trueLiteral)
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral(CanonicalJSON.falseLiteral)
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral(CanonicalJSON.nullLiteral)
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber()
            default:
                throw failure(.unexpectedCharacter, "expected a value, found \(found)")
            }
        }

        private mutating func parseObject() throws(ParseError) -> CanonicalJSON {
            try enterContainer()
            position += 1
            var members = [String: CanonicalJSON]()
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else {
                    throw failure(.unexpectedCharacter, "expected a member name in double quotes, found \(found)")
                }
                let keyOffset = position
                let key = try parseString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else {
                    throw failure(.unexpectedCharacter, "expected ':' after a member name, found \(found)")
                }
                position += 1
                skipWhitespace()
                let value = try parseValue()
                if let existing = members.index(forKey: key) {
                    let existingKey = members[existing].key
                    if existingKey.utf8.elementsEqual(key.utf8) {
                        throw ParseError(
                            offset: keyOffset, reason: .duplicateKey,
                            detail: "the member name \(quoted(key)) appears twice in one object"
                        )
                    }
                    throw ParseError(
                        offset: keyOffset, reason: .canonicallyEquivalentKeys,
                        detail: "the member names \(quoted(existingKey)) and \(quoted(key)) differ only in "
                            + "Unicode normalisation; write them in one form"
                    )
                }
                members[key] = value
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","):
                    position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    depth -= 1
                    return .object(members)
                default:
                    throw failure(.unexpectedCharacter, "expected ',' or '}' in an object, found \(found)")
                }
            }
        }

        private mutating func parseArray() throws(ParseError) -> CanonicalJSON {
            try enterContainer()
            position += 1
            var elements = [CanonicalJSON]()
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                position += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue())
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","):
                    position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    depth -= 1
                    return .array(elements)
                default:
                    throw failure(.unexpectedCharacter, "expected ',' or ']' in an array, found \(found)")
                }
            }
        }

        private mutating func enterContainer() throws(ParseError) {
            depth += 1
            if depth > CanonicalJSON.maximumNestingDepth {
                throw failure(
                    .nestingTooDeep,
                    "arrays and objects nest deeper than \(CanonicalJSON.maximumNestingDepth) levels"
                )
            }
        }

        private mutating func expectLiteral(_ literal: [UInt8]) throws(ParseError) {
            let end = position + literal.count
            guard end <= bytes.count, bytes[position..<end].elementsEqual(literal) else {
                let name = String(decoding: literal, as: UTF8.self)
                throw failure(.unexpectedCharacter, "expected the literal '\(name)', found \(found)")
            }
            position = end
        }

        // MARK: Strings

        private mutating func parseString() throws(ParseError) -> String {
            position += 1
            var scalars = [UInt8]()
            while true {
                let runStart = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                        break
                    }
                    position += 1
                }
                scalars.append(contentsOf: bytes[runStart..<position])
                guard position < bytes.count else {
                    throw failure(.unexpectedEndOfInput, "expected the closing '\"' of a string")
                }
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    try parseEscape(into: &scalars)
                case 0..<0x20:
                    throw failure(
                        .unescapedControlCharacter,
                        "control character \(hexByte(byte)) must be escaped inside a string"
                    )
                default:
                    try copyMultibyteScalar(into: &scalars)
                }
            }
        }

        private mutating func parseEscape(into scalars: inout [UInt8]) throws(ParseError) {
            let escapeOffset = position
            position += 1
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput, "expected an escape after '\\'")
            }
            let letter = bytes[position]
            position += 1
            switch letter {
            case UInt8(ascii: "\""): scalars.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scalars.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scalars.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try parseHexUnit()
                var scalar = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    let lowOffset = position
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        throw ParseError(
                            offset: escapeOffset, reason: .loneSurrogate,
                            detail: "high surrogate \\u\(hexUnit(unit)) is not followed by a low surrogate"
                        )
                    }
                    position += 2
                    let low = try parseHexUnit()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw ParseError(
                            offset: lowOffset, reason: .loneSurrogate,
                            detail: "high surrogate \\u\(hexUnit(unit)) is followed by \\u\(hexUnit(low)), "
                                + "not by a low surrogate"
                        )
                    }
                    scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw ParseError(
                        offset: escapeOffset, reason: .loneSurrogate,
                        detail: "low surrogate \\u\(hexUnit(unit)) does not follow a high surrogate"
                    )
                }
                appendUTF8(scalar, to: &scalars)
            default:
                throw ParseError(
                    offset: escapeOffset, reason: .invalidEscape,
                    detail: "'\\' followed by \(describe(letter)) is not a JSON escape"
                )
            }
        }

        private mutating func parseHexUnit() throws(ParseError) -> UInt16 {
            var unit: UInt16 = 0
            for _ in 0..<4 {
                guard position < bytes.count else {
                    throw failure(.unexpectedEndOfInput, "expected four hexadecimal digits after '\\u'")
                }
                let byte = bytes[position]
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
                default:
                    throw failure(.invalidEscape, "expected four hexadecimal digits after '\\u', found \(found)")
                }
                unit = unit << 4 | UInt16(nibble)
                position += 1
            }
            return unit
        }

        /// Checks one multi-byte UTF-8 sequence (RFC 3629 §4) and copies it.
        private mutating func copyMultibyteScalar(into scalars: inout [UInt8]) throws(ParseError) {
            let lead = bytes[position]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default:
                throw failure(.invalidUTF8, "byte \(hexByte(lead)) cannot start a UTF-8 sequence")
            }
            guard position + length <= bytes.count else {
                throw failure(.invalidUTF8, "the UTF-8 sequence starting with \(hexByte(lead)) is cut short")
            }
            for offset in 1..<length {
                let byte = bytes[position + offset]
                let allowed = offset == 1 ? secondRange : 0x80...0xBF
                guard allowed.contains(byte) else {
                    throw failure(
                        .invalidUTF8,
                        "byte \(hexByte(byte)) cannot follow in the UTF-8 sequence starting with \(hexByte(lead))"
                    )
                }
            }
            scalars.append(contentsOf: bytes[position..<(position + length)])
            position += length
        }

        // MARK: Numbers

        private mutating func parseNumber() throws(ParseError) -> CanonicalJSON {
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            guard let first = peek, isDigit(first) else {
                throw failure(.invalidNumber, "expected a digit in a number, found \(found)")
            }
            if first == UInt8(ascii: "0") {
                position += 1
                if let next = peek, isDigit(next) {
                    throw failure(.invalidNumber, "a number cannot have a leading zero")
                }
            } else {
                skipDigits()
            }
            var isInteger = true
            if peek == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                guard let next = peek, isDigit(next) else {
                    throw failure(.invalidNumber, "expected a digit after the decimal point, found \(found)")
                }
                skipDigits()
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                isInteger = false
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard let next = peek, isDigit(next) else {
                    throw failure(.invalidNumber, "expected a digit in the exponent, found \(found)")
                }
                skipDigits()
            }
            let token = bytes[start..<position]
            if isInteger, let integer = Self.integer(from: token) {
                return .integer(integer)
            }
            let text = String(decoding: token, as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw ParseError(
                    offset: start, reason: .numberOutOfRange,
                    detail: "the number \(text) is beyond the range of an IEEE 754 double"
                )
            }
            return .number(value)
        }

        /// The value of an integer token, or `nil` when it does not fit in `Int64`.
        private static func integer(from token: ArraySlice<UInt8>) -> Int64? {
            var digits = token[...]
            let negative = digits.first == UInt8(ascii: "-")
            if negative { digits = digits.dropFirst() }
            var magnitude: UInt64 = 0
            for digit in digits {
                let (timesTen, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = timesTen.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
                if overflowA || overflowB { return nil }
                magnitude = sum
            }
            if negative {
                if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
                return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
            }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }

        // MARK: Helpers

        private var peek: UInt8? {
            position < bytes.count ? bytes[position] : nil
        }

        private var found: String {
            guard let byte = peek else { return "the end of the text" }
            return describe(byte)
        }

        private mutating func skipWhitespace() {
            while let byte = peek,
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                    || byte == UInt8(ascii: "\t")
            {
                position += 1
            }
        }

        private mutating func skipDigits() {
            while let byte = peek, isDigit(byte) { position += 1 }
        }

        private func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        private func failure(_ reason: ParseError.Reason, _ detail: String) -> ParseError {
            ParseError(offset: position, reason: reason, detail: detail)
        }

        private func describe(_ byte: UInt8) -> String {
            if byte >= 0x21, byte < 0x7F {
                return "'\(String(UnicodeScalar(byte)))'"
            }
            return "byte \(hexByte(byte))"
        }

        private func hexByte(_ byte: UInt8) -> String {
            let digits = CanonicalJSON.hexDigits
            return "0x" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]], as: UTF8.self)
        }

        private func hexUnit(_ unit: UInt16) -> String {
            let digits = CanonicalJSON.hexDigits
            let characters = [12, 8, 4, 0].map { digits[Int((unit >> UInt16($0)) & 0x0f)] }
            return String(decoding: characters, as: UTF8.self)
        }

        private func quoted(_ key: String) -> String {
            var output = [UInt8]()
            CanonicalJSON.appendString(key, to: &output)
            return String(decoding: output, as: UTF8.self)
        }

        private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
            switch scalar {
            case 0..<0x80:
                output.append(UInt8(scalar))
            case 0x80..<0x800:
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            case 0x800..<0x10000:
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            default:
                output.append(UInt8(0xF0 | (scalar >> 18)))
                output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }
}

extension CanonicalJSON {
    /// The kind of the value in words, for error messages: "a number", "an array".
    public var kindInWords: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
