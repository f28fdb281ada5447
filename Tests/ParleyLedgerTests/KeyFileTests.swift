import ParleyCore
import Testing

@testable import ParleyLedger

/// The signers and the seed that the key file and keyring tests share.
enum KeyFixture {
    static let ukraine = Principal(.official, for: "UA")
    static let russia = Principal(.official, for: "RU")
    static let mediator = Principal(.mediator, for: "US")
    /// The seed 0, 1, …, 31 and its base64.
    static let countingSeed = [UInt8](0..<32)
    static let countingSeedBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
}

@Suite("Private key files")
struct SigningKeyFileTests {
    @Test("The file says whose key it is and holds the seed in base64")
    func text() throws {
        let file = SigningKeyFile(signer: KeyFixture.ukraine, key: try SigningKey(seed: KeyFixture.countingSeed))
        #expect(
            file.text == """
                # Parley Ed25519 private key of official:UA. Keep it to yourself: whoever holds it signs as official:UA.
                signer: official:UA
                private-key: \(KeyFixture.countingSeedBase64)

                """)
    }

    @Test("Printing or dumping a signing key, or its key file, shows the public key and never the seed")
    func seedStaysHidden() throws {
        let key = try SigningKey(seed: Array(200..<232))
        let forms = [encodeBase64(key.seed), "200, 201, 202", "c8c9ca", "200\n", "201\n"]
        let file = SigningKeyFile(signer: KeyFixture.ukraine, key: key)
        var dumped = ""
        dump(file, to: &dumped)
        for shown in [String(describing: key), String(reflecting: key), String(describing: file), dumped] {
            #expect(forms.allSatisfy { !shown.contains($0) }, "\(shown)")
            #expect(shown.contains(key.verifyingKey.base64))
        }
    }

    @Test("A written file reads back as the same signer and key")
    func roundTrip() throws {
        let file = SigningKeyFile(signer: KeyFixture.mediator, key: SigningKey())
        let read = try SigningKeyFile(parsing: file.text, file: "mediator-US.key")
        #expect(read.signer == KeyFixture.mediator)
        #expect(read.key.seed == file.key.seed)
        #expect(read.keyringEntry == file.keyringEntry)
    }

    @Test("Comments, blank lines, spaces and Windows line breaks are allowed")
    func lenientLayout() throws {
        let text = "\r\n# a comment\r\n  signer:official:RU  \r\n\r\nprivate-key:   \(KeyFixture.countingSeedBase64)\r\n"
        let read = try SigningKeyFile(parsing: text, file: "official-RU.key")
        #expect(read.signer == KeyFixture.russia)
        #expect(read.key.seed == KeyFixture.countingSeed)
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
            text: "private-key: \(KeyFixture.countingSeedBase64)\n",
            message: "official-UA.key: signer: missing", code: "private-key-file.missing-field"),
        Malformed(
            text: "signer: official:UA\n",
            message: "official-UA.key: private-key: missing", code: "private-key-file.missing-field"),
        Malformed(
            text: "# key\nsigner: official:ua\nprivate-key: \(KeyFixture.countingSeedBase64)\n",
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
            text: "signer: official:UA\nkey: \(KeyFixture.countingSeedBase64)\n",
            message: "official-UA.key:2: key: (44 characters, not shown: it is secret): not a field of a private key file",
            code: "private-key-file.unknown-field"),
        Malformed(
            text: "signer: official:UA\n\(KeyFixture.countingSeedBase64)\n",
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
