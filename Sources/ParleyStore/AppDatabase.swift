import Foundation
import GRDB
import Logging
import ParleyCore

/// Parley's database: one SQLite file, and every use case as one write transaction that
/// makes its change and appends its journal entry.
///
/// The use cases are methods of this type, each taking the acting principal and asking
/// the access policy first.
public struct AppDatabase: Sendable {
    let writer: WaitingWriter
    let clock: Clock
    let logger: Logger
    /// How the accounts' passwords are kept and checked.
    let passwords: Passwords

    init(_ writer: any DatabaseWriter, wait: BusyWait, clock: Clock, passwords: Passwords, logger: Logger) throws {
        self.writer = WaitingWriter(base: writer, wait: wait)
        self.clock = clock
        self.passwords = passwords
        self.logger = logger
        try self.writer.mappingBusy { try Schema.migrator.migrate(writer) }
    }

    /// Opens (or creates) the database file at `path`, in WAL mode with every commit
    /// flushed to disk (`synchronous = FULL`) and foreign keys enforced.
    ///
    /// While another connection writes, a write waits its turn for as long as `wait` allows,
    /// then throws ``StoreError/busy(waited:)``.
    public static func open(
        path: String, wait: BusyWait = .standard, clock: Clock = .system, passwords: Passwords = .standard,
        logger: Logger = Logger(label: "parley.store")
    ) throws -> AppDatabase {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration(wait: wait))
            // GRDB sets synchronous = NORMAL on a pool's writer when it opens it; an
            // acknowledged write must survive a power cut, so set FULL after that.
            try pool.barrierWriteWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // A statement that may fail part way keeps the pages it changes in a statement journal, a
                // temporary file once it passes 64 KiB: an import's statements of many rows wrote 1 KB a record
                // to one. The writer keeps them in memory; each lasts one statement.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        } catch let error as DatabaseError where WaitingWriter.isBusy(error) {
            throw StoreError.busy(waited: wait.timeout)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        return try AppDatabase(pool, wait: wait, clock: clock, passwords: passwords, logger: logger)
    }

    /// An empty database in memory, for tests.
    public static func inMemory(
        clock: Clock = .system, passwords: Passwords = .standard, logger: Logger = Logger(label: "parley.store")
    ) throws -> AppDatabase {
        try AppDatabase(
            DatabaseQueue(configuration: configuration(wait: .standard)), wait: .standard, clock: clock, passwords: passwords,
            logger: logger)
    }

    private static func configuration(wait: BusyWait) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .callback(wait.callback)
        configuration.prepareDatabase { db in
            db.add(function: Self.foldFunction)
            // 64 MiB of page cache, so that a large import does not spill pages to disk mid-transaction.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return configuration
    }

    /// `parley_fold(text)`: text in lower case for searching, in any script.
    static let foldFunction = DatabaseFunction("parley_fold", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0])?.lowercased()
    }

    /// Today's date in UTC, by the database's clock.
    public func today() -> PartialDate { clock.today() }

    /// The pragmas in force on the writer connection, for the tests and `parley doctor`.
    public func writerPragmas() throws -> (journalMode: String, synchronous: Int, foreignKeys: Bool, tempStore: Int) {
        try writer.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? -1
            )
        }
    }
}

/// Where the store reads the time: injected, so tests run on a fixed clock.
public struct Clock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = Clock { Date() }

    /// A clock that always reads the same instant.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }

    /// The instant as the journal writes it: ISO 8601 in UTC, to the second.
    func timestamp() -> String {
        Self.timestampFormatter.string(from: now())
    }

    /// Today's date in UTC.
    func today() -> PartialDate {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: now())
        guard let today = try? PartialDate(year: parts.year ?? 0, month: parts.month, day: parts.day) else {
            preconditionFailure("the calendar gave an impossible date: \(parts)")
        }
        return today
    }

    private static var timestampFormatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()
}
