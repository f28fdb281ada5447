import Foundation
import ParleyCore
import ParleyLedger
import PropertyBased
import Testing

@testable import ParleyStore

@Suite("Verification reads every row as it was written")
struct VerificationTests {
    /// Text a registry cell may hold: letters of both scripts, quotes, backslashes and tabs, long enough
    /// that they fall anywhere in the eight-byte words the verifier scans.
    static let cells = Gen<UInt8>.value().array(of: 1...40).map { picks in
        let pieces = ["а", "Ї", "b", " ", "\"", "\\", "\t", "'", "ґ", "Z", "€", "😀"]
        return "X" + picks.map { pieces[Int($0) % pieces.count] }.joined()
    }

    /// A CSV field, quoted, with its quotes doubled.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    @Test("records imported with any text a cell may hold verify against the digests journaled for them")
    func anyText() async {
        await propertyCheck(count: 40, input: Self.cells, Self.cells, Gen.bool) { surname, unit, synthetic in
            let database = try StoreFixture.database()
            let csv =
                "id,surname,unit,place_of_birth,synthetic\n"
                + "UA-H-1,\(Self.quoted(surname)),\(Self.quoted(unit)),,\(synthetic ? "yes" : "no")\n"
                + "UA-H-2,\(Self.quoted(unit)),,\(Self.quoted(surname)),\n"
            let outcome = try database.importRegistry(
                file: "a.csv", bytes: Array(csv.utf8), party: "UA", kind: .held, as: StoreFixture.ukraine)
            #expect(outcome.added == 2)
            let report = try database.verifyJournal(as: StoreFixture.admin)
            #expect(report.problem == nil)
            #expect(report.subjectsChecked == 5 + 1 + 2)
        }
    }

    @Test(
        "the ranges of record ids that verification shares between cores take every id, once",
        arguments: [0, 1, 24_999, 25_001, 1_000_000, 1_000_033])
    func recordRanges(lastRecord: Int64) {
        let ranges = AppDatabase.recordRanges(upTo: lastRecord).map { part -> (Int64, Int64?) in
            guard case .records(let first, let last) = part else { preconditionFailure("only records") }
            return (first, last)
        }
        #expect(ranges.first?.0 == .min)
        #expect(ranges.last?.1 == nil)
        for (earlier, later) in zip(ranges, ranges.dropFirst()) {
            #expect(earlier.1.map { $0 + 1 } == later.0)
        }
        #expect(ranges.count <= 33)
    }

    @Test("a record added behind Parley's back with an id no import gives is found", arguments: [0, -7, 1_000_000_000])
    func strayIDs(id: Int64) throws {
        let (database, path) = try StoreFixture.fileDatabase()
        _ = try database.importRegistry(
            file: "a.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        try StoreFixture.rawConnection(path).write { db in
            try db.execute(
                sql: """
                    INSERT INTO record (id, party, kind, reference, status, surname, category, synthetic)
                    VALUES (?, 'UA', 'held', 'X', 'registered', 'Новий', 'military', 1)
                    """, arguments: [id])
        }
        let report = try AppDatabase.open(path: path, clock: StoreFixture.clock).verifyJournal(as: StoreFixture.admin)
        #expect(report.problem == .unjournaled(subject: "record:\(id)"))
    }

    @Test(
        "every table of the schema is a journaled kind's or named as no subject's state, and every kind with a state is checked")
    func everyTableAccounted() throws {
        let database = try StoreFixture.database()
        let tables = try database.writer.base.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
        let journaled = AppDatabase.journaledKinds.flatMap(\.tables)
        let unjournaled = Array(AppDatabase.unjournaledTables.keys)
        // No table twice, and none both journaled and not
        #expect(Set(journaled).count == journaled.count)
        #expect(Set(journaled).isDisjoint(with: unjournaled))
        // A table added to the schema must be put in one list or the other
        #expect(
            Set(tables) == Set(journaled + unjournaled),
            "tables not accounted for: \(Set(tables).symmetricDifference(journaled + unjournaled))")
        // Each kind of subject that has a state is read for verification, once
        let kinds = AppDatabase.journaledKinds.map(\.kind)
        #expect(kinds.count == Set(kinds).count)
        #expect(Set(kinds) == Set(SubjectKind.allCases.filter(\.hasState)))
    }
}
