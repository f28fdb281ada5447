import Foundation
import GRDB
import ParleyCore
import ParleyDemo
import ParleyLedger
import Testing

@testable import ParleyStore

/// The store's fast verifier and the plain reference (``ReferenceJournalVerifier``) reach the same
/// verdict on the demo's journal, intact and after each kind of change made behind Parley's back.
@Suite("The fast verifier agrees with the reference verifier")
struct ReferenceVerifierTests {
    /// The demo's database (every kind of subject, a checkpoint), built once for the suite.
    actor Demo {
        static let shared = Demo()
        private var building: Task<String, any Error>?

        func path() async throws -> String {
            if building == nil { building = Task { try await Self.build() } }
            return try await building!.value
        }

        private static func build() async throws -> String {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-reference-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("demo.sqlite").path
            let database = try AppDatabase.open(path: path, clock: StoreFixture.clock, passwords: StoreFixture.passwords)
            _ = try await database.buildDemo(heldPerSide: 300)
            _ = try database.checkpoint(as: StoreFixture.admin)
            return path
        }
    }

    /// A copy of the demo's database for one test, changed by `sql` as someone editing the file would (with the
    /// journal's and lists' guards dropped first).
    func copy(changedBy sql: String?) async throws -> String {
        let demo = try AppDatabase.open(path: try await Demo.shared.path(), clock: StoreFixture.clock)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-ref-\(UUID().uuidString).sqlite").path
        _ = try demo.backup(to: path, as: StoreFixture.admin)
        if let sql {
            try await StoreFixture.rawConnection(path).write { db in
                for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                    try db.execute(sql: "DROP TRIGGER \(trigger)")
                }
                try db.execute(sql: sql)
            }
        }
        return path
    }

    /// Both verdicts on the file: the fast one's and the reference's.
    func verdicts(_ path: String) throws -> (fast: JournalReport, reference: ReferenceJournalVerifier.Report) {
        let fast = try AppDatabase.open(path: path, clock: StoreFixture.clock).verifyJournal(as: StoreFixture.admin)
        let reference = try StoreFixture.rawConnection(path).read { db in try ReferenceJournalVerifier.verify(db) }
        return (fast, reference)
    }

    @Test("intact: the same number of entries, head and Merkle root, and no problem")
    func intact() async throws {
        let (fast, reference) = try verdicts(try await copy(changedBy: nil))
        #expect(fast.isIntact)
        #expect(reference.isIntact, "\(reference.problem ?? "")")
        #expect(reference.entries == fast.entries)
        #expect(reference.head == fast.head)
        #expect(reference.root == fast.root)
        #expect(fast.entries > 1_000)
    }

    @Test(
        "tampered: both find it, and name the same first bad entry where one is named",
        arguments: [
            "UPDATE journal SET actor = 'official:RU' WHERE sequence = 40",
            "UPDATE journal SET detail = '{ }' WHERE sequence = 41",
            "DELETE FROM journal WHERE sequence = 42",
            "DELETE FROM journal WHERE sequence = (SELECT max(sequence) FROM journal)",
            "UPDATE record SET surname = 'Changed' WHERE id = 17",
            "UPDATE record SET status = 'released' WHERE id = (SELECT max(id) FROM record WHERE kind = 'held')",
            "DELETE FROM record WHERE id = 18",
            "INSERT INTO party (code, name) VALUES ('XX', 'Nowhere')",
            "UPDATE agreement SET wording = 'changed' WHERE id = 1",
            "DELETE FROM approval WHERE id = 1",
            "UPDATE list_entry SET position = position + 1000 WHERE rowid = 1",
            "UPDATE match_candidate SET weight = 99 WHERE rowid = 1",
        ])
    func tampered(sql: String) async throws {
        let (fast, reference) = try verdicts(try await copy(changedBy: sql))
        #expect(!fast.isIntact, "\(sql)")
        #expect(!reference.isIntact, "\(sql)")
        if let bad = fast.problem?.firstBadEntry, reference.firstBadEntry != nil {
            #expect(reference.firstBadEntry == bad, "\(sql): \(fast.problem.map { "\($0)" } ?? "") / \(reference.problem ?? "")")
        }
    }
}
