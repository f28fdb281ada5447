import Foundation
import GRDB
import Testing

@Suite("Lists from the command line: export, offline verification, tampering")
struct ListCommandTests {
    @Test("the demo's signed list verifies offline; a changed entry, a missing key and a tampered database do not")
    func bundles() throws {
        let parley = try ParleyRun()
        #expect(try parley("demo", "--db", "d.sqlite", "--held-per-side", "300").status == 0)
        let keyring = try parley("key", "list", "--db", "d.sqlite")
        #expect(keyring.stdout.split(separator: "\n").count == 3)
        try parley.write("keys.txt", keyring.stdout)

        let shown = try parley("list", "show", "--db", "d.sqlite", "--as", "official:RU")
        #expect(shown.stdout.contains("UA → RU"))
        #expect(shown.stdout.contains("approved"))

        // Exported and verified with no database
        let export = try parley("list", "export", "1", "--db", "d.sqlite", "--as", "mediator:US", "--out", "ua.json")
        #expect(export.status == 0, "\(export.stderr)")
        let valid = try parley("verify-bundle", "ua.json", "--keys", "keys.txt")
        #expect(valid.status == 0, "\(valid.stdout)")
        #expect(valid.stdout.contains("valid"))

        // One entry changed in the file
        let bundle = String(decoding: try Data(contentsOf: URL(fileURLWithPath: parley.path("ua.json"))), as: UTF8.self)
        let surname = try #require(bundle.firstRange(of: "\"surname\":\""))
        let changed = bundle.replacingCharacters(
            in: surname.upperBound..<bundle.index(surname.upperBound, offsetBy: 2), with: "Zz")
        try parley.write("changed.json", changed)
        let refused = try parley("verify-bundle", "changed.json", "--keys", "keys.txt")
        #expect(refused.status == 5)
        #expect(refused.stdout.contains("not valid"))

        // The mediator's key missing from the keyring
        try parley.write(
            "two-keys.txt", keyring.stdout.split(separator: "\n").filter { !$0.hasPrefix("mediator") }.joined(separator: "\n"))
        let foreign = try parley("verify-bundle", "ua.json", "--keys", "two-keys.txt")
        #expect(foreign.status == 5)
        #expect(foreign.stdout.contains("mediator:US"))

        // The frozen document edited in the database: journal verify and the exported bundle both show it
        try DatabaseQueue(path: parley.path("d.sqlite")).write { db in
            try db.execute(sql: "DROP TRIGGER list_version_frozen_update")
            try db.execute(
                sql: "UPDATE list_version SET document = replace(document, '\"surname\":\"', '\"surname\":\"X') WHERE id = 1")
        }
        let journal = try parley("journal", "verify", "--db", "d.sqlite", "--as", "admin")
        #expect(journal.status == 4)
        #expect(journal.stdout.contains("list_version:1"))
        #expect(try parley("list", "export", "1", "--db", "d.sqlite", "--as", "mediator:US", "--out", "t.json").status == 0)
        #expect(try parley("verify-bundle", "t.json", "--keys", "keys.txt").status == 5)
    }

    @Test("reconciliation and the statement of the demo, and a private key readable by its owner only")
    func reconcileAndKeys() throws {
        let parley = try ParleyRun()
        #expect(try parley("demo", "--db", "d.sqlite", "--held-per-side", "300").status == 0)
        let reconciled = try parley("reconcile", "--db", "d.sqlite", "--agreement", "1", "--as", "observer:ICRC")
        #expect(reconciled.stdout.contains("UA → RU    157     157     157     157"))
        #expect(reconciled.stdout.contains("The first exchange in 4 months and 3 days (126 days), since 2025-10-02."))
        let statement = try parley("statement", "--db", "d.sqlite", "--agreement", "1", "--as", "liaison:UA")
        #expect(statement.status == 3)
        let public_ = try parley("statement", "--db", "d.sqlite", "--agreement", "1", "--as", "official:UA")
        #expect(public_.stdout.contains("157 released by Ukraine and 157 released by Russian Federation"))

        let generated = try parley("key", "generate", "--signer", "official:UA", "--out", "ua")
        #expect(generated.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: parley.path("ua.key"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try parley("key", "generate", "--signer", "official:UA", "--out", "ua").status == 1)
        let registered = try parley("key", "register", "ua.pub", "--db", "d.sqlite", "--as", "admin")
        #expect(registered.status == 0, "\(registered.stderr)")
        let notAdmin = try parley("key", "register", "ua.pub", "--db", "d.sqlite", "--as", "official:UA")
        #expect(notAdmin.status == 3)
    }

    @Test("a signer names the digest they saw: all of it or a prefix; a wrong, stale or too short one signs nothing")
    func signNamesDigest() throws {
        // Given the demo, a new agreement of round 2, and Ukraine's list under it drafted, filled and frozen
        let parley = try ParleyRun()
        #expect(try parley("demo", "--db", "d.sqlite", "--held-per-side", "300").status == 0)
        #expect(
            try parley(
                "agreement", "add", "--db", "d.sqlite", "--as", "mediator:US", "--round", "2", "--quantity", "2", "--basis",
                "per_side", "--wording", "exchange 2 for 2"
            ).status == 0)
        let agreements = try parley("agreement", "list", "--db", "d.sqlite", "--as", "mediator:US", "--json").stdout
        let agreement = try #require(
            (try JSONSerialization.jsonObject(with: Data(agreements.utf8)) as? [[String: Any]])?.last?["id"] as? Int)
        let drafted = try parley(
            "list", "draft", "--db", "d.sqlite", "--as", "official:UA", "--agreement", "\(agreement)", "--releasing", "UA")
        #expect(drafted.status == 0, "\(drafted.stderr)")
        let list = try #require(drafted.stdout.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) })
        let records = try parley(
            "records", "--db", "d.sqlite", "--as", "official:UA", "--party", "UA", "--kind", "held", "--status", "registered",
            "--json")
        let references = try #require(
            (try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [[String: Any]])?.prefix(2)
                .compactMap { $0["reference"] as? String })
        #expect(try parley.run(["list", "add", list, "--db", "d.sqlite", "--as", "official:UA"] + references).status == 0)
        let frozen = try parley("list", "freeze", list, "--db", "d.sqlite", "--as", "official:UA")
        #expect(frozen.status == 0, "\(frozen.stdout) \(frozen.stderr)")
        let digest = try #require(
            frozen.stdout.split(separator: "\n").first { $0.contains("digest ") }?.split(separator: " ").last.map(String.init))
        let key = "d.sqlite.keys/official-UA.key"

        // When the signer names a digest that is not the version's, or too short a prefix, or none
        let wrong = try parley(
            "list", "sign", list, "--key", key, "--digest", String(repeating: "0", count: 64), "--db", "d.sqlite")
        let short = try parley("list", "sign", list, "--key", key, "--digest", String(digest.prefix(8)), "--db", "d.sqlite")
        let none = try parley("list", "sign", list, "--key", key, "--db", "d.sqlite")

        // Then nothing is signed, and each says why
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("frozen version has \(digest.prefix(16))"), "\(wrong.stderr)")
        #expect(short.status != 0)
        #expect(short.stderr.contains("list.digest-too-short"), "\(short.stderr)")
        #expect(none.status != 0)
        #expect(none.stderr.contains("--digest"), "\(none.stderr)")
        let unsigned = try parley("list", "show", list, "--db", "d.sqlite", "--as", "official:UA")
        #expect(unsigned.stdout.contains("awaiting signatures from official:UA"), "\(unsigned.stdout)")

        // When the signer names the first 16 characters of the digest they saw
        let signed = try parley("list", "sign", list, "--key", key, "--digest", String(digest.prefix(16)), "--db", "d.sqlite")

        // Then the version is signed
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(!signed.stdout.contains("official:UA,") && signed.stdout.contains("awaiting signatures from"), "\(signed.stdout)")
        #expect(try parley("journal", "verify", "--db", "d.sqlite", "--as", "admin").status == 0)
    }
}
