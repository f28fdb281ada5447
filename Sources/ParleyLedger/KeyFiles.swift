import ParleyCore

/// A signer's private key file, as text: who signs, and the seed of the key.
///
/// ```
/// # Parley Ed25519 private key of official:UA. Keep it to yourself: whoever holds it signs as official:UA.
/// signer: official:UA
/// private-key: <base64 of the 32-byte seed>
/// ```
///
/// Lines starting with `#` and blank lines are ignored. Reading and writing the file is for the caller, which
/// should create it readable by its owner only (mode 0600).
public struct SigningKeyFile: Sendable {
    /// The principal the key signs for.
    public let signer: Principal
    /// The private key.
    public let key: SigningKey

    public init(signer: Principal, key: SigningKey) {
        self.signer = signer
        self.key = key
    }

    /// Reads the text of a private key file; `file` names it in errors.
    public init(parsing text: String, file: String) throws(KeyFileError) {
        var signer: (value: Principal, line: Int)?
        var key: (value: SigningKey, line: Int)?
        for (number, content) in contentLines(of: text) {
            func failure(_ field: String, _ value: String, _ problem: KeyFileError.Problem, secret: Bool = true) -> KeyFileError {
                KeyFileError(
                    kind: .privateKey, file: file, line: number, field: field, value: value, isSecret: secret,
                    problem: problem)
            }
            guard let colon = content.firstIndex(of: ":") else {
                throw failure("line", content, .notAField)
            }
            let name = trimmed(content[..<colon])
            let value = trimmed(content[content.index(after: colon)...])
            switch name {
            case Self.signerField:
                if let signer { throw failure(name, value, .repeatedField(firstLine: signer.line), secret: false) }
                guard let principal = try? Principal(parsing: value) else {
                    throw failure(name, value, .notAPrincipal, secret: false)
                }
                signer = (principal, number)
            case Self.privateKeyField:
                if let key { throw failure(name, value, .repeatedField(firstLine: key.line)) }
                guard let bytes = try? SigningKey(base64Seed: value) else {
                    throw failure(name, value, .notKeyBytes(expected: SigningKey.seedByteCount))
                }
                key = (bytes, number)
            default:
                throw failure(name, value, .unknownField)
            }
        }
        guard let signer else {
            throw KeyFileError(kind: .privateKey, file: file, field: Self.signerField, problem: .missingField)
        }
        guard let key else {
            throw KeyFileError(kind: .privateKey, file: file, field: Self.privateKeyField, problem: .missingField)
        }
        self.init(signer: signer.value, key: key.value)
    }

    /// The text of the file: a comment that says what it is, the signer, and the seed in base64.
    public var text: String {
        """
        # Parley Ed25519 private key of \(signer). Keep it to yourself: whoever holds it signs as \(signer).
        \(Self.signerField): \(signer)
        \(Self.privateKeyField): \(key.base64Seed)

        """
    }

    /// The public half, as a line for other people's keyrings.
    public var keyringEntry: KeyringEntry {
        KeyringEntry(signer: signer, key: key.verifyingKey)
    }

    static let signerField = "signer"
    static let privateKeyField = "private-key"
}

extension SigningKey {
    /// Reads the standard base64 of a 32-byte seed, as a private key file holds it.
    init(base64Seed text: String) throws(InvalidKeyMaterial) {
        guard let bytes = decodeBase64(text, byteCount: Self.seedByteCount) else {
            throw InvalidKeyMaterial(material: .privateKey, found: .text(text))
        }
        try self.init(seed: bytes)
    }

    /// The seed in standard base64, with padding.
    var base64Seed: String {
        encodeBase64(seed)
    }
}

/// One trusted public key: a line of a keyring, and the whole of a signer's `.pub` file.
///
/// `official:UA ed25519 <base64 of the 32-byte public key>`
public struct KeyringEntry: Hashable, Sendable, CustomStringConvertible {
    /// The principal whose signatures the key checks.
    public let signer: Principal
    /// The public key.
    public let key: VerifyingKey

    public init(signer: Principal, key: VerifyingKey) {
        self.signer = signer
        self.key = key
    }

    /// Reads one line, `official:UA ed25519 <base64>`; `file` and `line` name it in errors.
    public init(parsing text: String, file: String, line: Int) throws(KeyFileError) {
        func failure(_ field: String, _ value: String, _ problem: KeyFileError.Problem) -> KeyFileError {
            KeyFileError(kind: .keyring, file: file, line: line, field: field, value: value, problem: problem)
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count == 3 else {
            throw failure("line", trimmed(text[...]), .notThreeWords(found: words.count))
        }
        guard let signer = try? Principal(parsing: words[0]) else {
            throw failure("signer", words[0], .notAPrincipal)
        }
        guard words[1] == Self.algorithm else {
            throw failure("algorithm", words[1], .unknownAlgorithm)
        }
        guard let key = try? VerifyingKey(base64: words[2]) else {
            throw failure("public key", words[2], .notKeyBytes(expected: VerifyingKey.byteCount))
        }
        self.init(signer: signer, key: key)
    }

    /// The line, `official:UA ed25519 <base64>`, without a line break.
    public var text: String {
        "\(signer) \(Self.algorithm) \(key.base64)"
    }

    /// The line, as ``text``.
    public var description: String { text }

    /// The one signature algorithm Parley uses, as key lines name it.
    public static let algorithm = "ed25519"
}

/// The public keys a person trusts to check approvals: one ``KeyringEntry`` per line.
///
/// Lines starting with `#` and blank lines are ignored, and so is the rest of a line from a `#`, so a key can
/// carry a note. A signer may have several keys (a new key and the one it replaces); a key belongs to one
/// signer only, since whoever holds it could otherwise sign as either.
public struct Keyring: Hashable, Sendable {
    /// The entries, in the order they were given.
    public let entries: [KeyringEntry]
    private let signers: [VerifyingKey: Principal]

    /// A keyring of `entries`; a repeated entry is kept once.
    ///
    /// - Precondition: no key is given for two signers. Keyrings read from text report that as an error instead.
    public init(entries: [KeyringEntry]) {
        var kept: [KeyringEntry] = []
        var signers: [VerifyingKey: Principal] = [:]
        for entry in entries {
            if let signer = signers[entry.key] {
                precondition(signer == entry.signer, "key \(entry.key) is given for both \(signer) and \(entry.signer)")
                continue
            }
            signers[entry.key] = entry.signer
            kept.append(entry)
        }
        self.entries = kept
        self.signers = signers
    }

    /// Reads a keyring's text; `file` names it in errors.
    public init(parsing text: String, file: String) throws(KeyFileError) {
        var entries: [KeyringEntry] = []
        var firstLines: [VerifyingKey: (signer: Principal, line: Int)] = [:]
        for (number, content) in contentLines(of: text, commentsMayFollow: true) {
            let entry = try KeyringEntry(parsing: content, file: file, line: number)
            if let first = firstLines[entry.key] {
                guard first.signer == entry.signer else {
                    throw KeyFileError(
                        kind: .keyring, file: file, line: number, field: "public key", value: entry.key.base64,
                        problem: .keyOfAnotherSigner(first.signer, line: first.line))
                }
                continue
            }
            firstLines[entry.key] = (entry.signer, number)
            entries.append(entry)
        }
        self.init(entries: entries)
    }

    /// The keys trusted for `signer`, in the keyring's order.
    public func keys(for signer: Principal) -> [VerifyingKey] {
        entries.filter { $0.signer == signer }.map(\.key)
    }

    /// The signer `key` is trusted for, or `nil` when the keyring does not hold it.
    public func signer(of key: VerifyingKey) -> Principal? {
        signers[key]
    }

    /// The keyring's text: one line per entry.
    public var text: String {
        entries.map { $0.text + "\n" }.joined()
    }
}

/// What was wrong in a private key file or a keyring, and where.
public struct KeyFileError: ParleyError, Hashable {
    /// The kind of file, which decides what the person is told to do.
    public enum FileKind: String, Hashable, Sendable {
        case privateKey = "private-key-file"
        case keyring
    }

    /// What was wrong with the field.
    public enum Problem: Hashable, Sendable {
        /// A line of a private key file that is neither `name: value`, a comment nor blank.
        case notAField
        /// A private key file's field other than `signer` and `private-key`.
        case unknownField
        /// A field given a second time.
        case repeatedField(firstLine: Int)
        /// A private key file without one of its two fields.
        case missingField
        /// A signer that is not a principal such as `official:UA`.
        case notAPrincipal
        /// Text that is not the base64 of a key's bytes.
        case notKeyBytes(expected: Int)
        /// A keyring line that is not three words.
        case notThreeWords(found: Int)
        /// An algorithm other than `ed25519`.
        case unknownAlgorithm
        /// A key already given for another signer on an earlier line.
        case keyOfAnotherSigner(Principal, line: Int)

        var code: String {
            switch self {
            case .notAField: "not-a-field"
            case .unknownField: "unknown-field"
            case .repeatedField: "repeated-field"
            case .missingField: "missing-field"
            case .notAPrincipal: "invalid-signer"
            case .notKeyBytes: "invalid-key"
            case .notThreeWords: "invalid-line"
            case .unknownAlgorithm: "unknown-algorithm"
            case .keyOfAnotherSigner: "key-of-another-signer"
            }
        }
    }

    public let kind: FileKind
    /// The file's name as the person gave it.
    public let file: String
    /// The 1-based line, or `nil` when the problem is with the file as a whole.
    public let line: Int?
    /// The field: `signer`, `private-key`, `algorithm`, `public key` or `line`.
    public let field: String
    /// The value as found, or `nil` when the field is missing.
    public let value: String?
    /// Whether the value may be a private key, so that the message gives its length and never the value.
    public let isSecret: Bool
    public let problem: Problem

    public init(
        kind: FileKind, file: String, line: Int? = nil, field: String, value: String? = nil, isSecret: Bool = false,
        problem: Problem
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.isSecret = isSecret
        self.problem = problem
    }

    public var code: String { "\(kind.rawValue).\(problem.code)" }

    public var message: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let found = value.map { quotedValue($0, secret: isSecret) + ": " } ?? ""
        return "\(place): \(field): \(found)\(phrase)"
    }

    private var phrase: String {
        switch problem {
        case .notAField: "not a 'name: value' line"
        case .unknownField: "not a field of a private key file"
        case .repeatedField(let firstLine): "given again; line \(firstLine) gave it first"
        case .missingField: "missing"
        case .notAPrincipal: "not a signer such as official:UA or mediator:US"
        case .notKeyBytes(let expected): "not \(expected) bytes of base64"
        case .notThreeWords(let found): "\(found) words, where a key line has 3: signer, algorithm and key"
        case .unknownAlgorithm: "not \(KeyringEntry.algorithm), the one algorithm Parley signs with"
        case .keyOfAnotherSigner(let signer, let line): "already the key of \(signer) on line \(line)"
        }
    }

    public var remedy: String {
        switch (kind, problem) {
        case (_, .keyOfAnotherSigner):
            "A key belongs to one signer: ask its owner whose it is and delete the other line"
        case (.keyring, .notAPrincipal):
            "Write the signer as ROLE:PARTY, such as official:UA or mediator:US, as in the signer's .pub file"
        case (.keyring, _):
            "Copy the line from the signer's .pub file as written by `parley key generate`"
        case (.privateKey, .notAPrincipal):
            "Write the signer as ROLE:PARTY, such as official:UA or mediator:US"
        case (.privateKey, _):
            "A private key file holds a 'signer:' line and a 'private-key:' line, as `parley key generate` writes it; "
                + "if the key is lost or damaged, generate a new one and have its .pub line put in the keyrings"
        }
    }
}

/// The 1-based numbers and trimmed contents of the lines that are neither blank nor comments.
///
/// With `commentsMayFollow`, a `#` also ends a line's content, so a keyring line can carry a note.
private func contentLines(of text: String, commentsMayFollow: Bool = false) -> [(Int, String)] {
    var contents: [(Int, String)] = []
    // "\r\n" is one Character in Swift, so it is a line break of its own.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (index, line) in lines.enumerated() {
        var content = line[...]
        if commentsMayFollow, let hash = content.firstIndex(of: "#") {
            content = content[..<hash]
        }
        let text = trimmed(content)
        if text.isEmpty || text.hasPrefix("#") { continue }
        contents.append((index + 1, text))
    }
    return contents
}

/// `text` without spaces, tabs and carriage returns at either end.
private func trimmed(_ text: Substring) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(text[first...last])
}
