import GRDB
import ParleyCore
import ParleyLinkage
import Testing

@testable import ParleyStore

@Suite("The name index is filled by each import, in its transaction")
struct NameIndexTests {
    static func csv(_ rows: [String]) -> [UInt8] {
        Array((["id,surname,given_name,patronymic,date_of_birth,synthetic"] + rows).joined(separator: "\n").utf8)
    }

    /// A database holding these rows as Ukraine's held records, imported from one file.
    static func database(holding rows: [String]) throws -> AppDatabase {
        let database = try StoreFixture.database()
        _ = try database.importRegistry(
            file: "a.csv", bytes: csv(rows), party: "UA", kind: .held, as: StoreFixture.ukraine)
        return database
    }

    static func found(_ text: String, in database: AppDatabase) throws -> Set<String> {
        Set(try database.records(RecordQuery(text: text), as: StoreFixture.observer).records.map(\.reference))
    }

    @Test("a refused import leaves nothing in the index, though its good rows were written before the bad one was met")
    func refusedImport() throws {
        // Given a file whose first rows are good and whose last is not
        let database = try StoreFixture.database()
        let bad = Self.csv([
            "UA-H-1,Ткаченко,Олександр,Іванович,,yes", "UA-H-2,Бондар,Марія,,,yes",
            "UA-H-3,Коваль,Петро,,31.04.1991,yes",
        ])
        // When it is refused, and another file is imported whose records take the same ids
        #expect(throws: StoreError.self) {
            try database.importRegistry(file: "bad.csv", bytes: bad, party: "UA", kind: .held, as: StoreFixture.ukraine)
        }
        let good = Self.csv(["UA-H-7,Шевченко,Тарас,Григорович,,yes", "UA-H-8,Мельник,Ольга,,,yes"])
        let outcome = try database.importRegistry(
            file: "good.csv", bytes: good, party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(outcome.added == 2)
        // Then the refused file's names find nothing, and the imported ones find their own records only
        #expect(try Self.found("Tkachenko", in: database).isEmpty)
        #expect(try Self.found("Мария", in: database).isEmpty)
        #expect(try Self.found("Shevchenko Taras", in: database) == ["UA-H-7"])
        #expect(try Self.found("Olha", in: database) == ["UA-H-8"])
    }

    @Test("records the index lacks, as in a database from before it, are indexed by the next import")
    func earlierRecords() throws {
        // Given records imported, then an index emptied as a database from before the index has it
        let database = try Self.database(holding: ["UA-H-1,Ткаченко,Олександр,,,yes"])
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO record_name (record_name) VALUES ('delete-all')")
            try db.execute(sql: "UPDATE record_name_reach SET last_record = 0")
        }
        #expect(try Self.found("Tkachenko", in: database).isEmpty)
        // When another file is imported
        _ = try database.importRegistry(
            file: "b.csv", bytes: Self.csv(["RU-H-1,Ткаченко,Александр,,,yes"]), party: "RU", kind: .held,
            as: StoreFixture.russia)
        // Then both files' records are found
        #expect(try Self.found("Tkachenko Oleksandr", in: database) == ["UA-H-1", "RU-H-1"])
    }

    /// The keys the index holds, as its own vocabulary lists them, and those the search completes prefixes from.
    static func terms(in database: AppDatabase) throws -> (indexed: Set<String>, listed: Set<String>) {
        try database.writer.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, record_name, 'row')")
            defer { try? db.execute(sql: "DROP TABLE temp.terms") }
            return (
                Set(try String.fetchAll(db, sql: "SELECT term FROM temp.terms")),
                Set(try String.fetchAll(db, sql: "SELECT term FROM name_term"))
            )
        }
    }

    @Test("the vocabulary lists every key the index holds, after imports, a refused import and indexing older records")
    func vocabulary() throws {
        let database = try Self.database(holding: ["UA-H-1,Ткаченко,Олександр,Іванович,,yes", "UA-H-2,Бондар,Марія,,,yes"])
        #expect(throws: StoreError.self) {
            try database.importRegistry(
                file: "bad.csv", bytes: Self.csv(["UA-H-5,Зінченко,Остап,,,yes", "UA-H-6,Коваль,Петро,,31.04.1991,yes"]),
                party: "UA", kind: .held, as: StoreFixture.ukraine)
        }
        var (indexed, listed) = try Self.terms(in: database)
        #expect(!indexed.isEmpty)
        #expect(listed == indexed)
        // Records from before the index are indexed, with their keys, by the next import
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO record_name (record_name) VALUES ('delete-all'); DELETE FROM name_term")
            try db.execute(sql: "UPDATE record_name_reach SET last_record = 0")
        }
        _ = try database.importRegistry(
            file: "b.csv", bytes: Self.csv(["RU-H-1,Смирнов,Алексей,,,yes"]), party: "RU", kind: .held,
            as: StoreFixture.russia)
        (indexed, listed) = try Self.terms(in: database)
        #expect(listed == indexed)
    }

    @Test("a last word being typed finds, through the keys it begins, what the index's own prefix query finds")
    func prefixCompletions() throws {
        let database = try Self.database(holding: [
            "UA-H-1,Ткаченко,Олександр,,,yes", "UA-H-2,Ткаченко,Олексій,,,yes", "UA-H-3,Ткаченко,Ольга,,,yes",
            "UA-H-4,Олексюк,Петро,,,yes", "UA-H-5,Бондар,Олександр,,,yes",
        ])
        #expect(try Self.found("Tkachenko Oleks", in: database) == ["UA-H-1", "UA-H-2"])
        #expect(try Self.found("Олекс", in: database) == ["UA-H-1", "UA-H-2", "UA-H-4", "UA-H-5"])
        #expect(try Self.found("Tkachenko Zz", in: database).isEmpty)
        // The same records as the index's own prefix query
        let query = try #require(try AppDatabase.nameKeys.get().query("Олекс"))
        let own = try database.writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT rowid FROM record_name WHERE record_name MATCH ? ORDER BY rowid",
                arguments: [try #require(query.expression(completions: nil))])
        }
        #expect(own.count == 4)
    }

    @Test("a database from before the vocabulary gets it filled from the index by the migration")
    func vocabularyMigration() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v7: the journal's entries by subject")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO record_name (rowid, keys) VALUES (1, 'kabc gdef'), (2, 'kabc kxyz')")
        }
        try Schema.migrator.migrate(queue)
        let listed = try queue.read { db in try String.fetchAll(db, sql: "SELECT term FROM name_term ORDER BY term") }
        #expect(listed == ["gdef", "kabc", "kxyz"])
    }

    @Test("a prefix that begins more keys than are listed one by one is matched by the index's prefix query")
    func manyCompletions() throws {
        let database = try Self.database(holding: ["UA-H-1,Ткаченко,Олександр,,,yes", "UA-H-2,Ткаченко,Ольга,,,yes"])
        // More keys that begin the prefix than are listed one by one, as a registry of many names would hold
        let prefix = try #require(try AppDatabase.nameKeys.get().query("Tkachenko Oleks")?.prefix)
        try database.writer.write { db in
            for number in 0..<(NameQuery.prefixTermLimit + 6) {
                try db.execute(sql: "INSERT INTO name_term (term) VALUES (?)", arguments: [prefix + "zz\(number)"])
            }
        }
        let completions = try database.writer.read { db in try AppDatabase.completions(of: prefix, in: db) }
        #expect(completions.count == NameQuery.prefixTermLimit + 1)
        #expect(try Self.found("Tkachenko Oleks", in: database) == ["UA-H-1"])
    }

    @Test("a term written into the vocabulary behind Parley's back is only ever a term to search for")
    func forgedTerm() throws {
        let database = try Self.database(holding: ["UA-H-1,Ткаченко,Олександр,,,yes"])
        let prefix = try #require(try AppDatabase.nameKeys.get().query("Tkachenko Oleks")?.prefix)
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO name_term (term) VALUES (?)", arguments: [prefix + #"x" OR NEAR("#])
        }
        #expect(try Self.found("Tkachenko Oleks", in: database) == ["UA-H-1"])
    }

    @Test("a file of more records than a statement indexes at once is indexed whole, across statements and batches")
    func manyRecords() throws {
        let database = try StoreFixture.database()
        let surnames = ["Ткаченко", "Бондар", "Коваль", "Мельник", "Шевчук"]
        let count = NameIndexInserter.rowsPerStatement * 2 + 77
        let rows = (1...count).map { number in "UA-H-\(number),\(surnames[number % surnames.count]),Петро,,,yes" }
        let outcome = try database.importRegistry(
            file: "many.csv", bytes: Self.csv(rows), party: "UA", kind: .held, as: StoreFixture.ukraine)
        #expect(outcome.added == count)
        for (index, surname) in surnames.enumerated() {
            let page = try database.records(RecordQuery(text: surname, limit: 1), as: StoreFixture.observer)
            let expected = (1...count).filter { $0 % surnames.count == index }.count
            #expect(page.total == min(expected, 1_000), "\(surname)")
            #expect(page.isTotalCapped == (expected > 1_000))
        }
        let indexed = try database.writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM record_name WHERE record_name MATCH ?",
                arguments: [
                    try #require(try AppDatabase.nameKeys.get().query("Petro")?.expression(completions: nil))
                ]) ?? 0
        }
        #expect(indexed == count)
    }
}
