import Foundation
import Testing

@testable import ParleyLedger

@Suite("Digest")
struct DigestTests {
    @Test("SHA-256 of the empty string and of \"abc\" are the FIPS 180-2 values")
    func knownDigests() {
        #expect(Digest.sha256([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(Digest.sha256(Data("abc".utf8)).hex == abc)
    }

    @Test("Hex reads either case and writes lowercase")
    func hexRoundTrip() throws {
        let upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        let digest = try #require(Digest(hex: upper))
        #expect(digest.hex == upper.lowercased())
        #expect(digest.description == digest.hex)
        #expect(digest == Digest.sha256(Array("abc".utf8)))
    }

    @Test(
        "Malformed hex and wrong lengths are refused",
        arguments: [
            "", "00", String(repeating: "0", count: 63), String(repeating: "0", count: 65),
            String(repeating: "g", count: 64), String(repeating: "0", count: 62) + " 0",
            String(repeating: "é", count: 32),
        ])
    func malformedHex(text: String) {
        #expect(Digest(hex: text) == nil)
    }

    @Test("Only 32 bytes make a digest")
    func byteCount() {
        #expect(Digest(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(Digest(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Digest(bytes: [UInt8](repeating: 1, count: 32))?.bytes.count == 32)
    }

    @Test("Zero is 32 zero bytes and sorts first")
    func zero() throws {
        #expect(Digest.zero.bytes == [UInt8](repeating: 0, count: 32))
        #expect(Digest.zero.hex == String(repeating: "0", count: 64))
        let one = try #require(Digest(bytes: [UInt8](repeating: 0, count: 31) + [1]))
        let high = try #require(Digest(bytes: [1] + [UInt8](repeating: 0, count: 31)))
        #expect(Digest.zero < one)
        #expect(one < high)
        #expect([high, one, Digest.zero].sorted() == [Digest.zero, one, high])
    }

    @Test("Codable as a hex string")
    func codable() throws {
        let digest = Digest.sha256(Array("abc".utf8))
        let encoded = try JSONEncoder().encode([digest])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(digest.hex)\"]")
        #expect(try JSONDecoder().decode([Digest].self, from: encoded) == [digest])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Digest].self, from: Data("[\"abc\"]".utf8))
        }
    }
}
