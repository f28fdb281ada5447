import Crypto
import Foundation
import ParleyLedger
import Testing

/// Files carried by hand and backups are age v1 files: the testkit's vectors open (or are refused) as the
/// reference implementation opens them, and what Parley writes opens again, whole, with the right key only.
@Suite("Encrypted files follow the age v1 format")
struct AgeTests {
    /// One testkit vector: its expectation, the payload's digest, the identity, and the age file.
    struct Vector {
        let name: String
        let expect: String
        let payloadDigest: String?
        let identity: String
        let file: [UInt8]
    }

    static let folder: URL = {
        guard let url = Bundle.module.url(forResource: "age-testkit", withExtension: nil, subdirectory: "Fixtures") else {
            preconditionFailure("the age testkit fixtures are missing from the test bundle")
        }
        return url
    }()

    static let vectors: [Vector] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0 != "SOURCE.md" }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                let blank = data.firstRange(of: Data("\n\n".utf8))
            else { return nil }
            var fields: [String: String] = [:]
            for line in String(decoding: data[..<blank.lowerBound], as: UTF8.self).split(separator: "\n") {
                guard let colon = line.firstRange(of: ": ") else { continue }
                fields[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
            }
            return Vector(
                name: name, expect: fields["expect"] ?? "", payloadDigest: fields["payload"], identity: fields["identity"] ?? "",
                file: Array(data[blank.upperBound...]))
        }
    }()

    @Test("the fixtures hold every X25519, header and stream vector of the testkit that Parley keeps")
    func completeness() {
        // 64 vectors: see Fixtures/age-testkit/SOURCE.md for what was left out and why.
        #expect(Self.vectors.count == 64)
        #expect(Set(Self.vectors.map(\.expect)) == ["success", "header failure", "HMAC failure", "payload failure", "no match"])
    }

    @Test("each testkit vector opens, or is refused, as the testkit expects", arguments: vectors.map(\.name))
    func testkitVector(name: String) throws {
        let vector = try #require(Self.vectors.first { $0.name == name })
        // The one vector without an identity (an empty file) fails before any key is tried.
        let identity = vector.identity.isEmpty ? AgeIdentity() : try AgeIdentity(parsing: vector.identity)
        do {
            let plaintext = try Age.decrypt(vector.file, with: [identity])
            #expect(vector.expect == "success", "\(name) opened, but the testkit expects \(vector.expect)")
            #expect(Digest.sha256(plaintext).hex == vector.payloadDigest, "\(name)")
        } catch let error as AgeError {
            switch (vector.expect, error) {
            case ("header failure", .malformedHeader), ("HMAC failure", .headerMAC), ("payload failure", .payload),
                ("no match", .noIdentityMatches):
                break
            default:
                Issue.record("\(name): the testkit expects \(vector.expect), Parley said \(error.message)")
            }
        }
    }

    @Test("the specification's example identity gives its example recipient")
    func specificationKeys() throws {
        let identity = try AgeIdentity(parsing: "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
        #expect(identity.recipient.encoded == "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")
        #expect(identity.encoded == "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
        #expect(try AgeRecipient(parsing: identity.recipient.encoded) == identity.recipient)
        // Mixed case, another human-readable part, and a changed character are refused.
        for bad in [
            "Age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj",
            "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq",
            "agf1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj",
        ] {
            #expect(throws: AgeError.self, "\(bad)") { try AgeRecipient(parsing: bad) }
        }
    }

    @Test(
        "what Parley encrypts opens again whole, at every size around the chunk boundary and past 256 chunks",
        arguments: [0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 300 * 65_536 + 7])
    func roundTrip(size: Int) throws {
        // Given a plaintext and two recipients
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let first = AgeIdentity()
        let second = AgeIdentity()
        // When it is encrypted to both
        let file = try Age.encrypt(plaintext, to: [first.recipient, second.recipient])
        // Then each identity opens it, and a third does not
        #expect(try Age.decrypt(file, with: [first]) == plaintext)
        #expect(try Age.decrypt(file, with: [second]) == plaintext)
        #expect(throws: AgeError.noIdentityMatches) { try Age.decrypt(file, with: [AgeIdentity()]) }
    }

    @Test("a file cut short at a chunk boundary, extended, or changed in one byte is refused")
    func tampering() throws {
        let identity = AgeIdentity()
        let plaintext = [UInt8](repeating: 7, count: 3 * 65_536 + 100)
        let file = try Age.encrypt(plaintext, to: [identity.recipient])
        let chunk = 65_536 + 16
        // Cut after the first two chunks: the second is not marked last.
        let cut = Array(file.prefix(file.count - (chunk * 2 + 100 + 16 - chunk)))
        #expect(throws: AgeError.self) { try Age.decrypt(cut, with: [identity]) }
        #expect(throws: AgeError.self) { try Age.decrypt(file + [0], with: [identity]) }
        for position in [0, 40, file.count / 2, file.count - 1] {
            var changed = file
            changed[position] ^= 0x01
            #expect(throws: AgeError.self, "byte \(position)") { try Age.decrypt(changed, with: [identity]) }
        }
    }

    @Test(
        "the age tool opens what Parley encrypts, with the identity Parley wrote",
        .enabled(if: ageTool != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func ageToolOpensIt() throws {
        // Given a file Parley encrypted and the identity file it would write
        let identity = AgeIdentity()
        let plaintext = Array("Прізвище,Ім'я\nПЕТРЕНКО,ІВАН\n".utf8) + [UInt8](repeating: 0x41, count: 200_000)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-age-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let encrypted = folder.appendingPathComponent("list.age")
        let key = folder.appendingPathComponent("node.age-identity")
        try Data(try Age.encrypt(plaintext, to: [identity.recipient])).write(to: encrypted)
        try Data((identity.encoded + "\n").utf8).write(to: key)
        // When the age tool decrypts it
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.ageTool))
        process.arguments = ["--decrypt", "--identity", key.path, encrypted.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let opened = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Then it gets the plaintext back
        #expect(process.terminationStatus == 0)
        #expect(Array(opened) == plaintext)
    }

    /// The age tool, where it is installed: the README's test command installs it, and under CI the test runs
    /// (and fails) without it.
    static let ageTool: String? = ["/usr/bin/age", "/usr/local/bin/age"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
