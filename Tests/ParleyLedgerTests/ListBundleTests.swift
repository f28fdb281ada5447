import Foundation
import ParleyCore
import Testing

@testable import ParleyLedger

@Suite("List bundles: writing and reading")
struct ListBundleFileTests {
    @Test("A bundle is canonical JSON in the documented shape, and reads back the same")
    func roundTrip() throws {
        // Given
        let list = try SampleList()
        let bundle = try list.bundle()

        // When
        let text = bundle.text
        let read = try ListBundle(parsing: Array(text.utf8), file: "list-12-v2.bundle")

        // Then
        #expect(read == bundle)
        #expect(text.hasSuffix("}\n"))
        let json = try CanonicalJSON(parsing: text)
        #expect(json.serialized + "\n" == text)
        #expect(text.hasPrefix(#"{"digest":"\#(list.document.digest.hex)","document":{"agreement":3,"#))
        #expect(text.contains(#""format":"parley-list-bundle/1""#))
        let first = try #require(bundle.signatures.first)
        #expect(
            text.contains(
                #"{"public_key":"\#(first.publicKey.base64)","signature":"\#(first.signature.base64)","signer":"official:RU"}"#
            ))
    }

    @Test("Any JSON layout of the same bundle reads as the same bundle")
    func prettyPrinted() throws {
        let bundle = try SampleList().bundle()
        let spaced = bundle.text.replacingOccurrences(of: ",\"", with: ",\n  \"")
        #expect(try ListBundle(parsing: Array(spaced.utf8), file: "spaced.bundle") == bundle)
    }

    /// A malformed bundle file and the message it must give.
    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let message: String
        var testDescription: String { name }
    }

    static let digest = String(repeating: "ab", count: 32)
    static let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let signature = String(repeating: "A", count: 86) + "=="

    static let malformed: [Malformed] = [
        Malformed(
            name: "not JSON", text: #"{"format": }"#,
            message: "x.bundle: not JSON: at byte 11, expected a value, found '}'"),
        Malformed(name: "an array", text: "[]", message: "x.bundle: an array where an object belongs"),
        Malformed(
            name: "no format", text: #"{"document":{},"digest":"\#(digest)","signatures":[]}"#,
            message: "x.bundle: format: missing"),
        Malformed(
            name: "another format",
            text: #"{"format":"parley-list-bundle/2","document":{},"digest":"\#(digest)","signatures":[]}"#,
            message: "x.bundle: format: 'parley-list-bundle/2': not parley-list-bundle/1"),
        Malformed(
            name: "no digest", text: #"{"format":"parley-list-bundle/1","document":{},"signatures":[]}"#,
            message: "x.bundle: digest: missing"),
        Malformed(
            name: "short digest", text: #"{"format":"parley-list-bundle/1","document":{},"digest":"abcd","signatures":[]}"#,
            message: "x.bundle: digest: 'abcd': not a SHA-256 digest in 64 hexadecimal characters"),
        Malformed(
            name: "document not an object",
            text: #"{"format":"parley-list-bundle/1","document":[],"digest":"\#(digest)","signatures":[]}"#,
            message: "x.bundle: document: an array where an object belongs"),
        Malformed(
            name: "an extra member",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":[],"note":"x"}"#,
            message: "x.bundle: note: not a member of parley-list-bundle/1"),
        Malformed(
            name: "signatures not an array",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":{}}"#,
            message: "x.bundle: signatures: an object where an array belongs"),
        Malformed(
            name: "a bad signer",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":["#
                + #"{"signer":"UA","public_key":"\#(key)","signature":"\#(signature)"}]}"#,
            message: "x.bundle: signatures[0].signer: 'UA': not a signer such as official:UA"),
        Malformed(
            name: "a bad public key",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":["#
                + #"{"signer":"official:UA","public_key":"\#(key)","signature":"\#(signature)"},"#
                + #"{"signer":"official:RU","public_key":"abc","signature":"\#(signature)"}]}"#,
            message: "x.bundle: signatures[1].public_key: 'abc': not 32 bytes of base64"),
        Malformed(
            name: "a signature of the wrong type",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":["#
                + #"{"signer":"official:UA","public_key":"\#(key)","signature":64}]}"#,
            message: "x.bundle: signatures[0].signature: a number where a string belongs"),
        Malformed(
            name: "a missing signature",
            text: #"{"format":"parley-list-bundle/1","document":{},"digest":"\#(digest)","signatures":["#
                + #"{"signer":"official:UA","public_key":"\#(key)"}]}"#,
            message: "x.bundle: signatures[0].signature: missing"),
    ]

    @Test("Each malformed file is refused with a message naming the file, the member and the value", arguments: malformed)
    func malformedFile(example: Malformed) throws {
        let error = try #require(throws: BundleFileError.self) {
            try ListBundle(parsing: Array(example.text.utf8), file: "x.bundle")
        }
        #expect(error.message == example.message)
        #expect(error.code.hasPrefix("bundle."))
        #expect(!error.remedy.isEmpty)
    }

    @Test("The bytes of a file that is not UTF-8 JSON are refused with the offset")
    func binary() throws {
        let error = try #require(throws: BundleFileError.self) {
            try ListBundle(parsing: [0x7B, 0x22, 0xFF, 0x22], file: "x.bundle")
        }
        guard case .notJSON(let parseError) = error.problem else {
            Issue.record("expected a JSON error, got \(error)")
            return
        }
        #expect(parseError.offset == 2)
        #expect(error.message.hasPrefix("x.bundle: not JSON: at byte 2"))
    }
}
