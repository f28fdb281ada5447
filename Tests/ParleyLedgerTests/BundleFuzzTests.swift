import Foundation
import PropertyBased
import Testing

@testable import ParleyLedger

@Suite("Fuzzing: a list bundle changed in any byte does not verify")
struct BundleFuzzTests {
    /// Parses and verifies `bytes`; if they verify, they must read as the very bundle that was signed.
    ///
    /// Digests are read in capitals as well as small letters, so a digest letter changed to its
    /// capital reads as the same bundle and rightly verifies; any other change must not.
    static func expectNotVerifying(_ bytes: [UInt8], original: ListBundle, keyring: Keyring, change: String) {
        guard let parsed = try? ListBundle(parsing: bytes, file: "fuzzed.json") else { return }
        let report = parsed.verify(against: keyring)
        if report.isValid {
            #expect(parsed == original, "\(change) verified as another bundle")
        }
    }

    @Test("each byte of the digest and the signatures, changed, makes the bundle fail")
    func digestAndSignatures() throws {
        // Given a valid bundle signed by its three signers
        let list = try SampleList()
        let bundle = try list.bundle()
        let text = Array(bundle.text.utf8)
        #expect(bundle.verify(against: list.keyring).isValid)
        // When each byte from the digest to the end is changed
        let start = try #require(bundle.text.utf8.firstRange(of: "\"digest\":".utf8)).lowerBound
        let from = bundle.text.utf8.distance(from: bundle.text.utf8.startIndex, to: start)
        for position in from..<text.count {
            // A bit flip, or a letter's case swapped on every other byte: the flip breaks a hex digit or a
            // base64 character, the swap makes a capital digest letter, which reads as the same digest.
            let change: UInt8 = position.isMultiple(of: 2) ? 0x01 : 0x20
            var bytes = text
            bytes[position] ^= change
            // Then it is refused or fails verification
            Self.expectNotVerifying(
                bytes, original: bundle, keyring: list.keyring, change: "byte \(position) xor \(change)")
        }
    }

    @Test("any byte of the bundle, document included, changed to any value makes it fail")
    func anyByte() async throws {
        let list = try SampleList()
        let bundle = try list.bundle()
        let text = Array(bundle.text.utf8)
        await propertyCheck(count: 600, input: Gen.int(in: 0...1_000_000), Gen<UInt8>.value()) { position, byte in
            var bytes = text
            let index = position % bytes.count
            bytes[index] = bytes[index] == byte ? byte ^ 0x01 : byte
            Self.expectNotVerifying(bytes, original: bundle, keyring: list.keyring, change: "byte \(index) to \(byte)")
        }
    }
}
