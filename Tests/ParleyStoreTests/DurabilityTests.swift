import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

@Suite("The store's file is durable and can be backed up while in use")
struct DurabilityTests {
    @Test("the writer runs in WAL mode with synchronous FULL, foreign keys on and statement journals in memory")
    func pragmas() throws {
        let (database, _) = try StoreFixture.fileDatabase()
        let pragmas = try database.writerPragmas()
        #expect(pragmas.journalMode == "wal")
        #expect(pragmas.synchronous == 2)  // FULL
        #expect(pragmas.foreignKeys)
        #expect(pragmas.tempStore == 2)  // MEMORY
    }

    @Test("a backup taken while the database is open verifies, and never overwrites a file")
    func backup() throws {
        let (database, path) = try StoreFixture.fileDatabase()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        let copy = path + ".backup"
        let report = try database.backup(to: copy, as: StoreFixture.admin)
        #expect(report.journal.isIntact)
        #expect(report.journal.entries == 9)
        let reopened = try AppDatabase.open(path: copy, clock: StoreFixture.clock)
        #expect(try reopened.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).total == 3)
        #expect(try reopened.verifyJournal(as: StoreFixture.admin).head == report.journal.head)
        #expect(throws: StoreError.self) { try database.backup(to: copy, as: StoreFixture.admin) }
        #expect(throws: AccessDenied.self) { try database.backup(to: copy + "2", as: StoreFixture.ukraine) }
    }
}
