import ParleyCore
import Testing

@testable import ParleyLedger

private let ukraine = Principal(.official, for: "UA")
private let russia = Principal(.official, for: "RU")
private let mediator = Principal(.mediator, for: "US")

/// The seed 0, 1, …, 31 and its base64.
private let countingSeed = [UInt8](0..<32)
private let countingSeedBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

@Suite("Private key files")
struct SigningKeyFileTests {
    @Test("The file says whose key it is and holds the seed in base64")
    func text() throws {
        let file = SigningKeyFile(signer: ukraine, key: try SigningKey(seed: countingSeed))
        #expect(
            file.text == """
                # Parley Ed25519 private key of official:UA. Keep it to yourself: whoever holds it signs as official:UA.
                signer: official:UA
                private-key: \(countingSeedBase64)

                """)
    }

    @Test("Printing or dumping a signing key, or its key file, shows the public key and never the seed")
    func seedStaysHidden() throws {
        let key = try SigningKey(seed: Array(200..<232))
        let forms = [encodeBase64(key.seed), "200, 201, 202", "c8c9ca", "200\n", "201\n"]
        let file = SigningKeyFile(signer: ukraine, key: key)
        var dumped = ""
        dump(file, to: &dumped)
        for shown in [String(describing: key), String(reflecting: key), String(describing: file), dumped] {
            #expect(forms.allSatisfy { !shown.contains($0) }, "\(shown)")
            #expect(shown.contains(key.verifyingKey.base64))
        }
    }

    @Test("A written file reads back as the same signer and key")
    func roundTrip() throws {
        let file = SigningKeyFile(signer: mediator, key: SigningKey())
        let read = try SigningKeyFile(parsing: file.text, file: "mediator-US.key")
        #expect(read.signer == mediator)
        #expect(read.key.seed == file.key.seed)
        #expect(read.keyringEntry == file.keyringEntry)
    }

    @Test("Comments, blank lines, spaces and Windows line breaks are allowed")
    func lenientLayout() throws {
        let text = "\r\n# a comment\r\n  signer:official:RU  \r\n\r\nprivate-key:   \(countingSeedBase64)\r\n"
        let read = try SigningKeyFile(parsing: text, file: "official-RU.key")
        #expect(read.signer == russia)
        #expect(read.key.seed == countingSeed)
    }

    /// A malformed private key file and the message it must give.
    struct Malformed: Sendable, CustomTestStringConvertible {
        let text: String
        let message: String
        let code: String
        var testDescription: String { code }
    }

    static let malformed: [Malformed] = [
        Malformed(
            text: "private-key: \(countingSeedBase64)\n",
            message: "official-UA.key: signer: missing", code: "private-key-file.missing-field"),
        Malformed(
            text: "signer: official:UA\n",
            message: "official-UA.key: private-key: missing", code: "private-key-file.missing-field"),
        Malformed(
            text: "# key\nsigner: official:ua\nprivate-key: \(countingSeedBase64)\n",
            message: "official-UA.key:2: signer: 'official:ua': not a signer such as official:UA or mediator:US",
            code: "private-key-file.invalid-signer"),
        Malformed(
            text: "signer: official:UA\nprivate-key: AAECAwQF\n",
            message: "official-UA.key:2: private-key: (8 characters, not shown: it is secret): not 32 bytes of base64",
            code: "private-key-file.invalid-key"),
        Malformed(
            text: "signer: official:UA\nsigner: official:RU\n",
            message: "official-UA.key:2: signer: 'official:RU': given again; line 1 gave it first",
            code: "private-key-file.repeated-field"),
        Malformed(
            text: "signer: official:UA\nkey: \(countingSeedBase64)\n",
            message: "official-UA.key:2: key: (44 characters, not shown: it is secret): not a field of a private key file",
            code: "private-key-file.unknown-field"),
        Malformed(
            text: "signer: official:UA\n\(countingSeedBase64)\n",
            message: "official-UA.key:2: line: (44 characters, not shown: it is secret): not a 'name: value' line",
            code: "private-key-file.not-a-field"),
    ]

    @Test("Each malformed file names file:line, the field and the value, and says what to do", arguments: malformed)
    func malformedFile(example: Malformed) throws {
        let error = try #require(throws: KeyFileError.self) {
            try SigningKeyFile(parsing: example.text, file: "official-UA.key")
        }
        #expect(error.message == example.message)
        #expect(error.code == example.code)
        #expect(!error.remedy.isEmpty)
        #expect(!error.description.contains("AAECAwQF"), "a private key never appears in a message")
    }
}

@Suite("Keyrings")
struct KeyringTests {
    @Test("A key line is the signer, the algorithm and the key in base64")
    func entryText() throws {
        let entry = SigningKeyFile(signer: ukraine, key: try SigningKey(seed: countingSeed)).keyringEntry
        #expect(entry.text == "official:UA ed25519 \(entry.key.base64)")
        #expect(try KeyringEntry(parsing: entry.text, file: "official-UA.pub", line: 1) == entry)
    }

    @Test("A keyring reads back its own text; a signer may have several keys")
    func roundTrip() throws {
        let ua = SigningKeyFile(signer: ukraine, key: SigningKey())
        let ru = SigningKeyFile(signer: russia, key: SigningKey())
        let newer = SigningKey().verifyingKey
        let keyring = Keyring(entries: [ua.keyringEntry, ru.keyringEntry, KeyringEntry(signer: ukraine, key: newer)])
        let read = try Keyring(parsing: keyring.text, file: "keys.txt")
        #expect(read == keyring)
        #expect(read.keys(for: ukraine) == [ua.key.verifyingKey, newer])
        #expect(read.keys(for: russia) == [ru.key.verifyingKey])
        #expect(read.keys(for: mediator).isEmpty)
        #expect(read.signer(of: newer) == ukraine)
        #expect(read.signer(of: SigningKey().verifyingKey) == nil)
    }

    @Test("Comments, notes after a key, blank lines and a repeated line are allowed")
    func lenientLayout() throws {
        let ua = SigningKeyFile(signer: ukraine, key: SigningKey())
        let ru = SigningKeyFile(signer: russia, key: SigningKey())
        let text = """
            # Keys we trust for list 12
            \(ru.keyringEntry.text)   # checked in person, 2025-09-30

            \tofficial:UA\ted25519\t\(ua.key.verifyingKey.base64)
            \(ru.keyringEntry.text)
            """
        let keyring = try Keyring(parsing: text, file: "keys.txt")
        #expect(keyring.entries == [ru.keyringEntry, ua.keyringEntry])
    }

    /// A malformed keyring and the message it must give.
    struct Malformed: Sendable, CustomTestStringConvertible {
        let lines: [String]
        let message: String
        let code: String
        var testDescription: String { code }
    }

    static let ua = "official:UA ed25519 \(countingSeedBase64)"

    static let malformed: [Malformed] = [
        Malformed(
            lines: ["# keys", ua, "official:RU ed25519 abc"],
            message: "keys.txt:3: public key: 'abc': not 32 bytes of base64", code: "keyring.invalid-key"),
        Malformed(
            lines: ["official:UA rsa \(countingSeedBase64)"],
            message: "keys.txt:1: algorithm: 'rsa': not ed25519, the one algorithm Parley signs with",
            code: "keyring.unknown-algorithm"),
        Malformed(
            lines: ["UA ed25519 \(countingSeedBase64)"],
            message: "keys.txt:1: signer: 'UA': not a signer such as official:UA or mediator:US",
            code: "keyring.invalid-signer"),
        Malformed(
            lines: ["", "official:UA ed25519"],
            message: "keys.txt:2: line: 'official:UA ed25519': 2 words, where a key line has 3: signer, algorithm and key",
            code: "keyring.invalid-line"),
        Malformed(
            lines: [ua, "official:RU ed25519 \(countingSeedBase64)"],
            message: "keys.txt:2: public key: '\(countingSeedBase64)': already the key of official:UA on line 1",
            code: "keyring.key-of-another-signer"),
    ]

    @Test("Each malformed line names file:line, the field and the value, and says what to do", arguments: malformed)
    func malformedKeyring(example: Malformed) throws {
        let error = try #require(throws: KeyFileError.self) {
            try Keyring(parsing: example.lines.joined(separator: "\n"), file: "keys.txt")
        }
        #expect(error.message == example.message)
        #expect(error.code == example.code)
        #expect(!error.remedy.isEmpty)
    }

    @Test("A bad key tells the reader to copy the signer's .pub line")
    func remedy() throws {
        let error = try #require(throws: KeyFileError.self) {
            try Keyring(parsing: "\n\nofficial:RU ed25519 abc\n", file: "keys.txt")
        }
        #expect(
            error.description
                == "keys.txt:3: public key: 'abc': not 32 bytes of base64. "
                + "Copy the line from the signer's .pub file as written by `parley key generate`")
    }
}
