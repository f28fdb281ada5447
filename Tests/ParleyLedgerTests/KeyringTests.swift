import ParleyCore
import Testing

@testable import ParleyLedger

@Suite("Keyrings")
struct KeyringTests {
    @Test("A key line is the signer, the algorithm and the key in base64")
    func entryText() throws {
        let entry = SigningKeyFile(signer: KeyFixture.ukraine, key: try SigningKey(seed: KeyFixture.countingSeed)).keyringEntry
        #expect(entry.text == "official:UA ed25519 \(entry.key.base64)")
        #expect(try KeyringEntry(parsing: entry.text, file: "official-UA.pub", line: 1) == entry)
    }

    @Test("A keyring reads back its own text; a signer may have several keys")
    func roundTrip() throws {
        let ua = SigningKeyFile(signer: KeyFixture.ukraine, key: SigningKey())
        let ru = SigningKeyFile(signer: KeyFixture.russia, key: SigningKey())
        let newer = SigningKey().verifyingKey
        let keyring = Keyring(entries: [ua.keyringEntry, ru.keyringEntry, KeyringEntry(signer: KeyFixture.ukraine, key: newer)])
        let read = try Keyring(parsing: keyring.text, file: "keys.txt")
        #expect(read == keyring)
        #expect(read.keys(for: KeyFixture.ukraine) == [ua.key.verifyingKey, newer])
        #expect(read.keys(for: KeyFixture.russia) == [ru.key.verifyingKey])
        #expect(read.keys(for: KeyFixture.mediator).isEmpty)
        #expect(read.signer(of: newer) == KeyFixture.ukraine)
        #expect(read.signer(of: SigningKey().verifyingKey) == nil)
    }

    @Test("Comments, notes after a key, blank lines and a repeated line are allowed")
    func lenientLayout() throws {
        let ua = SigningKeyFile(signer: KeyFixture.ukraine, key: SigningKey())
        let ru = SigningKeyFile(signer: KeyFixture.russia, key: SigningKey())
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

    static let ua = "official:UA ed25519 \(KeyFixture.countingSeedBase64)"

    static let malformed: [Malformed] = [
        Malformed(
            lines: ["# keys", ua, "official:RU ed25519 abc"],
            message: "keys.txt:3: public key: 'abc': not 32 bytes of base64", code: "keyring.invalid-key"),
        Malformed(
            lines: ["official:UA rsa \(KeyFixture.countingSeedBase64)"],
            message: "keys.txt:1: algorithm: 'rsa': not ed25519, the one algorithm Parley signs with",
            code: "keyring.unknown-algorithm"),
        Malformed(
            lines: ["UA ed25519 \(KeyFixture.countingSeedBase64)"],
            message: "keys.txt:1: signer: 'UA': not a signer such as official:UA or mediator:US",
            code: "keyring.invalid-signer"),
        Malformed(
            lines: ["", "official:UA ed25519"],
            message: "keys.txt:2: line: 'official:UA ed25519': 2 words, where a key line has 3: signer, algorithm and key",
            code: "keyring.invalid-line"),
        Malformed(
            lines: [ua, "official:RU ed25519 \(KeyFixture.countingSeedBase64)"],
            message: "keys.txt:2: public key: '\(KeyFixture.countingSeedBase64)': already the key of official:UA on line 1",
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
