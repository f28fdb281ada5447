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
}
