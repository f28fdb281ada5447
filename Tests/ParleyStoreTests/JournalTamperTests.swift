import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

@Suite("The journal shows any change made behind Parley's back")
struct JournalTamperTests {
    /// A database file with parties and three imported records: 5 party entries, 3 record entries, 1 import entry.
    func populated() throws -> String {
        let (database, path) = try StoreFixture.fileDatabase()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == 9)
        return path
    }

    /// Runs SQL as someone editing the file directly, with the journal's guards dropped first.
    func tamper(_ path: String, _ sql: String) throws {
        try StoreFixture.rawConnection(path).write { db in
            try db.execute(sql: "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete")
            try db.execute(sql: sql)
        }
    }

    /// The report on the file, which is the same whatever the spans the journal is read in.
    func verify(_ path: String) throws -> JournalReport {
        let database = try AppDatabase.open(path: path, clock: StoreFixture.clock)
        let report = try database.verifyJournal(as: StoreFixture.admin)
        let reader = try StoreFixture.rawConnection(path)
        for spanLength: Int64 in [1, 2, 4] {
            #expect(try AppDatabase.verifyJournal(reader, spanLength: spanLength) == report, "spans of \(spanLength)")
        }
        return report
    }

    @Test("the journal refuses UPDATE and DELETE through SQL")
    func appendOnly() throws {
        let path = try populated()
        try StoreFixture.rawConnection(path).write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE journal SET actor = 'admin' WHERE sequence = 1") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM journal WHERE sequence = 9") }
        }
        #expect(try verify(path).isIntact)
    }

    @Test("an edited entry is named")
    func editedEntry() throws {
        let path = try populated()
        try tamper(path, "UPDATE journal SET actor = 'official:RU' WHERE sequence = 7")
        let report = try verify(path)
        #expect(report.problem == .changed(sequence: 7))
        #expect(report.problem?.firstBadEntry == 7)
    }

    @Test("an edited entry whose hash was recomputed breaks the link to the next")
    func rehashedEntry() throws {
        let path = try populated()
        // Rewrite entry 7 with a new hash that matches its new content.
        try StoreFixture.rawConnection(path).write { db in
            try db.execute(sql: "DROP TRIGGER journal_append_only_update")
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: "SELECT sequence, at, actor, action, subject, state, detail, previous FROM journal WHERE sequence = 7"))
            let entry = JournalEntry(
                sequence: 7, recordedAt: row["at"], actor: "official:RU", action: row["action"], subject: row["subject"],
                state: (row["state"] as Data?).flatMap { Digest(bytes: Array($0)) }, detail: row["detail"] as String,
                previous: try #require(Digest(bytes: Array(row["previous"] as Data))))
            try db.execute(
                sql: "UPDATE journal SET actor = ?, hash = ? WHERE sequence = 7",
                arguments: [entry.actor, Data(entry.hash.bytes)])
        }
        #expect(try verify(path).problem == .brokenLink(sequence: 8))
    }

    @Test("a deleted entry is named")
    func deletedEntry() throws {
        let path = try populated()
        try tamper(path, "DELETE FROM journal WHERE sequence = 4")
        #expect(try verify(path).problem == .missing(sequence: 4, next: 5))
    }

    @Test("an entry inserted far beyond the last is named as the gap it leaves, whatever the spans it is read in")
    func farEntry() throws {
        let path = try populated()
        try tamper(
            path,
            """
            INSERT INTO journal (sequence, at, actor, action, subject, state, detail, previous, hash)
            SELECT 4611686018427387904, at, actor, action, subject, state, detail, hash, hash FROM journal WHERE sequence = 9
            """)
        #expect(try verify(path).problem == .missing(sequence: 10, next: 4_611_686_018_427_387_904))
    }

    @Test("verification while use cases write reports no false change: parts that saw different journals are read again")
    func concurrentWrites() async throws {
        let (database, path) = try StoreFixture.fileDatabase()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        let reader = try DatabasePool(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for round in 0..<60 {
                    _ = try database.registerParty(
                        Party(code: Party.Code(rawValue: "OBS\(round)"), name: "Observer \(round)", roles: [.observer]),
                        as: .admin)
                }
            }
            group.addTask {
                for _ in 0..<60 {
                    let report = try AppDatabase.verifyJournal(reader, spanLength: 2)
                    #expect(report.isIntact, "\(report.problem?.description ?? "")")
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("two swapped entries are found at the first of them")
    func swappedEntries() throws {
        let path = try populated()
        try tamper(
            path,
            """
            UPDATE journal SET sequence = 1000 WHERE sequence = 6;
            UPDATE journal SET sequence = 6 WHERE sequence = 7;
            UPDATE journal SET sequence = 7 WHERE sequence = 1000;
            """)
        #expect(try verify(path).problem == .changed(sequence: 6))
    }

    @Test("entries cut from the end are caught by the checkpoint")
    func truncatedTail() throws {
        let (database, path) = try StoreFixture.fileDatabase()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        let checkpoint = try database.checkpoint(as: StoreFixture.admin)
        #expect(checkpoint.size == 9)
        #expect(try verify(path).isIntact)
        // Remove the import's entry and the import itself, as if it never happened.
        try tamper(path, "DELETE FROM journal WHERE sequence = 9; DELETE FROM registry_import")
        #expect(try verify(path).problem == .truncated(checkpointSize: 9, entries: 8))
    }

    @Test(
        "a record edited, deleted or added directly in the file is named",
        arguments: [
            (
                "UPDATE record SET surname = 'Петров' WHERE reference = 'UA-H-2'",
                JournalProblem.stateChanged(subject: "record:2", sequence: 7)
            ),
            (
                "UPDATE record SET status = 'repatriated' WHERE reference = 'UA-H-1'",
                .stateChanged(subject: "record:1", sequence: 6)
            ),
            ("DELETE FROM record WHERE reference = 'UA-H-3'", .subjectMissing(subject: "record:3", sequence: 8)),
            (
                "INSERT INTO record (party, kind, reference, status, surname, category, synthetic) VALUES ('UA', 'held', 'X', 'registered', 'Новий', 'military', 1)",
                .unjournaled(subject: "record:4")
            ),
            ("UPDATE registry_import SET file_name = 'b.csv'", .stateChanged(subject: "import:1", sequence: 9)),
            ("UPDATE party SET name = 'Ukraina' WHERE code = 'UA'", .stateChanged(subject: "party:UA", sequence: 1)),
        ])
    func tamperedRows(sql: String, problem: JournalProblem?) throws {
        let path = try populated()
        try StoreFixture.rawConnection(path).write { db in try db.execute(sql: sql) }
        #expect(try verify(path).problem == problem)
    }
}
