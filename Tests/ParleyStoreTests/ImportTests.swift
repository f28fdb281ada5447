import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

@Suite("Registry imports are all or nothing, and idempotent")
struct ImportTests {
    @Test(
        "UTF-8, UTF-8 with a BOM and Windows-1251 files import the same records",
        arguments: [
            ("held-utf8.csv", TextEncoding.utf8), ("held-bom.csv", .utf8), ("held-cp1251.csv", .windows1251),
        ])
    func encodings(file: String, encoding: TextEncoding) throws {
        // Given an empty registry
        let database = try StoreFixture.database()
        // When the file is imported without naming its encoding
        let outcome = try database.importRegistry(
            file: file, bytes: StoreFixture.fixture(file), party: "UA", kind: .held, as: StoreFixture.ukraine)
        // Then its encoding is detected and its names are kept exactly
        #expect(outcome.encoding == encoding)
        #expect(outcome.added == 3)
        let page = try database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine)
        #expect(page.records.map(\.person.surname) == ["Іванов", "Кузнєцов", "Григор'єв"])
        #expect(page.records.map(\.status) == Array(repeating: .held(.registered), count: 3))
        #expect(page.records[1].person.health == .seriouslyWounded)
        #expect(page.records[2].person.dateOfBirth?.description == "1979-11")
        #expect(page.records[2].person.placeOfBirth == "Ростов-на-Дону")
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a KOI8-R file imports with its encoding named, and is recorded as KOI8-R")
    func koi8r() throws {
        // Given a file whose surname "Захаров" is written in KOI8-R (bytes as Python's koi8_r codec writes them)
        let database = try StoreFixture.database()
        let bytes =
            Array("id,surname,synthetic\nUA-K-1,".utf8) + [0xFA, 0xC1, 0xC8, 0xC1, 0xD2, 0xCF, 0xD7] + Array(",yes\n".utf8)
        // When it is imported with --encoding koi8-r
        let outcome = try database.importRegistry(
            file: "koi8.csv", bytes: bytes, party: "UA", kind: .held, encoding: .koi8r, as: StoreFixture.ukraine)
        // Then the name is read as written, the import records its encoding, and the journal holds
        #expect(outcome.encoding == .koi8r)
        #expect(
            try database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records.map(\.person.surname) == ["Захаров"])
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a file with bad rows writes nothing and reports every bad row")
    func badRows() throws {
        let database = try StoreFixture.database()
        let entriesBefore = try database.verifyJournal(as: StoreFixture.admin).entries
        let error = #expect(throws: StoreError.self) {
            try database.importRegistry(
                file: "held-bad.csv", bytes: StoreFixture.fixture("held-bad.csv"), party: "RU", kind: .held,
                as: StoreFixture.russia)
        }
        guard case .importRejected(let file, let problems, let total) = error else {
            Issue.record("expected the import to be rejected, got \(String(describing: error))")
            return
        }
        #expect(file == "held-bad.csv")
        #expect(total == 4)
        #expect(
            problems.map(\.message) == [
                "held-bad.csv:3: surname: : required; it must not be empty",
                "held-bad.csv:4: date_of_birth: 31.04.1991: day 31 does not exist in that month (it has 30 days)",
                "held-bad.csv:5: category: sailor: write military or civilian",
                "held-bad.csv:6: id: RU-H-1: the same id is already on line 2",
            ])
        // Nothing was written: not the good row, not an import, not a journal entry.
        let page = try database.records(RecordQuery(party: "RU"), as: StoreFixture.russia)
        #expect(page.total == 0)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == entriesBefore)
    }

    @Test("a file of more rows than a batch or a statement holds is written whole, in order, each record journaled")
    func manyRows() throws {
        // Given a file of two checking batches and more, which no whole number of statements holds
        let database = try StoreFixture.database()
        let entriesBefore = try database.verifyJournal(as: StoreFixture.admin).entries
        let count = 2 * AppDatabase.checkingBatchSize + AppDatabase.rowsPerInsert + 5
        let rows = (1...count).map { "UA-H-\($0),Коваль\($0 % 7),Петро,,\(1950 + $0 % 40),yes" }
        let bytes = Array((["id,surname,given_name,patronymic,date_of_birth,synthetic"] + rows).joined(separator: "\n").utf8)
        // When it is imported
        let outcome = try database.importRegistry(
            file: "many.csv", bytes: bytes, party: "UA", kind: .held, as: StoreFixture.ukraine)
        // Then each row is a record, with ids in the order of the file, each journaled by the entry after the last
        #expect(outcome.added == count)
        let written = try database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT record.id, record.reference, record.surname, record.date_of_birth, journal.sequence
                    FROM record JOIN journal ON journal.subject = 'record:' || record.id ORDER BY record.id
                    """)
        }
        try #require(written.count == count)
        let (firstID, firstSequence): (Int64, Int64) = (written[0]["id"], written[0]["sequence"])
        for (offset, row) in written.enumerated() {
            let number = offset + 1
            #expect(row["id"] == firstID + Int64(offset))
            #expect(row["sequence"] == firstSequence + Int64(offset))
            #expect(row["reference"] == "UA-H-\(number)")
            #expect(row["surname"] == "Коваль\(number % 7)")
            #expect(row["date_of_birth"] == "\(1950 + number % 40)")
        }
        let report = try database.verifyJournal(as: StoreFixture.admin)
        #expect(report.isIntact)
        #expect(report.entries == entriesBefore + Int64(count) + 1)
    }

    @Test("importing the same file twice adds nothing the second time")
    func reimport() throws {
        let database = try StoreFixture.database()
        let bytes = try StoreFixture.fixture("held-utf8.csv")
        let first = try database.importRegistry(file: "a.csv", bytes: bytes, party: "UA", kind: .held, as: StoreFixture.ukraine)
        let entries = try database.verifyJournal(as: StoreFixture.admin).entries
        let second = try database.importRegistry(file: "a.csv", bytes: bytes, party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(first.added == 3)
        #expect(second.added == 0)
        #expect(second.earlierImport == first.importID)
        // The same rows in another file (here: another encoding) also add nothing, and write nothing.
        let third = try database.importRegistry(
            file: "b.csv", bytes: StoreFixture.fixture("held-cp1251.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(third.added == 0)
        #expect(third.unchanged == 3)
        #expect(third.importID == nil)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == entries)
        #expect(try database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).total == 3)
    }

    @Test("a known id with different content is a problem, not a silent change")
    func changedRow() throws {
        let database = try StoreFixture.database()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        let changed = "id,surname,given_name,date_of_birth\nUA-H-9,Петров,Ігор,1990\nUA-H-1,Іванов,Олексій,1995\n"
        let error = #expect(throws: StoreError.self) {
            try database.importRegistry(
                file: "c.csv", bytes: Array(changed.utf8), party: "UA", kind: .held, as: StoreFixture.ukraine)
        }
        guard case .importRejected(_, let problems, _) = error else {
            Issue.record("expected a rejected import")
            return
        }
        #expect(problems.count == 1)
        #expect(problems[0].line == 3)
        #expect(problems[0].column == "id")
        #expect(problems[0].reason.contains("different patronymic, sex, date_of_birth"))
        #expect(try database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).total == 3)
    }

    @Test("only the party's own official may import into its registry")
    func importNeedsTheRightPrincipal() throws {
        let database = try StoreFixture.database()
        let bytes = try StoreFixture.fixture("held-utf8.csv")
        for principal in [StoreFixture.russia, StoreFixture.mediator, StoreFixture.observer, StoreFixture.admin] {
            #expect(throws: AccessDenied.self) {
                try database.importRegistry(file: "a.csv", bytes: bytes, party: "UA", kind: .held, as: principal)
            }
        }
        #expect(throws: StoreError.partyLacksRole("US", .belligerent)) {
            try database.importRegistry(
                file: "a.csv", bytes: bytes, party: "US", kind: .held, as: Principal(parsing: "official:US"))
        }
    }

    @Test("records are listed only to those who may read them, and found by text in any case")
    func listing() throws {
        let database = try StoreFixture.database()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(try database.records(RecordQuery(text: "ОЛЕКС"), as: StoreFixture.ukraine).records.map(\.reference) == ["UA-H-1"])
        #expect(try database.records(RecordQuery(), as: StoreFixture.observer).total == 3)
        #expect(try database.records(RecordQuery(), as: StoreFixture.russia).total == 0)
        #expect(throws: AccessDenied.self) { try database.records(RecordQuery(party: "UA"), as: StoreFixture.russia) }
        #expect(throws: AccessDenied.self) { try database.records(RecordQuery(), as: StoreFixture.admin) }
        #expect(throws: UnknownStatus.self) { try database.records(RecordQuery(status: "lost"), as: StoreFixture.ukraine) }
    }

    @Test("a status change follows the rules and is journaled")
    func statusChange() throws {
        let database = try StoreFixture.database()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        let record = try #require(try database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records.first)
        let id = record.id
        let listed = try database.changeStatus(of: id, to: .held(.listed), as: StoreFixture.ukraine)
        #expect(listed.status == .held(.listed))
        #expect(throws: IllegalStatusTransition.self) {
            try database.changeStatus(of: id, to: .held(.repatriated), as: StoreFixture.ukraine)
        }
        #expect(throws: AccessDenied.self) { try database.changeStatus(of: id, to: .held(.registered), as: StoreFixture.russia) }
        let report = try database.verifyJournal(as: StoreFixture.admin)
        #expect(report.isIntact)
    }
}
