import Foundation
import GRDB
import ParleyCore
import Synchronization
import Testing

@testable import ParleyStore

/// Another connection to a database file that holds SQLite's write lock until released, as a long import does.
struct HeldWriteLock: Sendable {
    let connection: DatabaseQueue

    init(_ path: String) throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
    }

    func release() throws {
        try connection.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
    }
}

/// A write of this process that holds the store's writer until released, as a long import in the
/// same server does; it runs on a thread of its own.
final class HeldWriter: Sendable {
    private let release = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(_ database: AppDatabase) {
        let started = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [release, finished] in
            _ = try? database.writer.write { _ in
                started.signal()
                release.wait()
            }
            finished.signal()
        }
        started.wait()
    }

    /// Lets the write finish after `delay` seconds, from a thread of its own.
    func finish(after delay: TimeInterval = 0) {
        Thread.detachNewThread { [release] in
            Thread.sleep(forTimeInterval: delay)
            release.signal()
        }
    }

    func waitUntilFinished() { finished.wait() }
}

/// Whether each writer of a test wrote, by name.
final class WritesDone: Sendable {
    private let done = Mutex<[String: Bool]>([:])

    func record(_ name: String, _ written: Bool) { done.withLock { $0[name] = written } }
    var all: [String: Bool] { done.withLock { $0 } }
}

/// The waits a database said it began, as the command line would print them.
final class WaitsSaid: Sendable {
    private let said = Mutex<[TimeInterval]>([])

    func append(_ seconds: TimeInterval) { said.withLock { $0.append(seconds) } }
    var all: [TimeInterval] { said.withLock { $0 } }
}

@Suite("Writers wait their turn while another connection writes, then give up with Parley's own error")
struct BusyTests {
    static func database(at path: String, timeout: TimeInterval, waits: WaitsSaid) throws -> AppDatabase {
        try AppDatabase.open(
            path: path, wait: BusyWait(timeout: timeout) { seconds in waits.append(seconds) },
            clock: StoreFixture.clock)
    }

    @Test("a write that waits longer than its timeout throws database.busy, having said once that it waits")
    func givesUp() throws {
        // Given a database whose write lock another connection holds
        let (_, path) = try StoreFixture.fileDatabase()
        let waits = WaitsSaid()
        let database = try Self.database(at: path, timeout: 0.2, waits: waits)
        let lock = try HeldWriteLock(path)
        defer { try? lock.release() }

        // When a use case writes
        let started = Date()
        #expect(throws: StoreError.busy(waited: 0.2)) {
            try database.registerParty(Party(code: "PL", name: "Poland", roles: [.observer]), as: .admin)
        }

        // Then it waited about its timeout, said so once, and gave up with Parley's own error
        #expect(Date().timeIntervalSince(started) >= 0.15)
        #expect(waits.all == [0.2])
        #expect(StoreError.busy(waited: 0.2).code == "database.busy")
    }

    @Test("a write that waits succeeds once the other writer commits within the timeout")
    func waitsItsTurn() throws {
        // Given a database whose write lock another connection holds for 0.3 s, released by a thread of its
        // own (not a task, which a loaded cooperative pool might not run before the timeout)
        let (_, path) = try StoreFixture.fileDatabase()
        let waits = WaitsSaid()
        let database = try Self.database(at: path, timeout: 10, waits: waits)
        let lock = try HeldWriteLock(path)
        let released = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            try? lock.release()
            released.signal()
        }

        // When a use case writes meanwhile
        let party = try database.registerParty(Party(code: "PL", name: "Poland", roles: [.observer]), as: .admin)
        released.wait()

        // Then it waited, said so once, and wrote
        #expect(party.code == "PL")
        #expect(waits.all == [10])
    }

    @Test("a read of the journal during another's write is not refused")
    func readsDuringWrite() throws {
        let (_, path) = try StoreFixture.fileDatabase()
        let waits = WaitsSaid()
        let database = try Self.database(at: path, timeout: 0.2, waits: waits)
        let lock = try HeldWriteLock(path)
        defer { try? lock.release() }
        #expect(try database.verifyJournal(as: .admin).isIntact)
    }

    @Test("a writer of the same process waits its turn behind a long write, then gives up with database.busy")
    func givesUpInProcess() throws {
        // Given a write of this process that holds the store's writer, as a long import does
        let (_, path) = try StoreFixture.fileDatabase()
        let waits = WaitsSaid()
        let database = try Self.database(at: path, timeout: 0.2, waits: waits)
        let held = HeldWriter(database)
        defer {
            held.finish()
            held.waitUntilFinished()
        }

        // When another use case writes
        let started = Date()
        #expect(throws: StoreError.busy(waited: 0.2)) {
            try database.registerParty(Party(code: "PL", name: "Poland", roles: [.observer]), as: .admin)
        }

        // Then it waited about its timeout, said so once, and gave up with Parley's own error, not GRDB's endless queue
        #expect(Date().timeIntervalSince(started) >= 0.15)
        #expect(waits.all == [0.2])
        // and a read is served meanwhile
        #expect(try !database.parties(as: Principal(.observer, for: "ICRC")).contains { $0.code == "PL" })
    }

    @Test("a writer of the same process writes once the long write ends within its timeout")
    func waitsItsTurnInProcess() throws {
        let (_, path) = try StoreFixture.fileDatabase()
        let waits = WaitsSaid()
        let database = try Self.database(at: path, timeout: 10, waits: waits)
        let held = HeldWriter(database)
        held.finish(after: 0.3)

        let party = try database.registerParty(Party(code: "PL", name: "Poland", roles: [.observer]), as: .admin)
        held.waitUntilFinished()

        #expect(party.code == "PL")
        #expect(waits.all == [10])
    }

    @Test("writers of one process take their turns in the order they asked, and one that gave up loses only its own")
    func turnsInOrder() throws {
        // Given a long write of this process, and writers asking for the turn one after another meanwhile, the
        // second with a wait too short to outlast the long write
        let (_, path) = try StoreFixture.fileDatabase()
        let patient = try Self.database(at: path, timeout: 10, waits: WaitsSaid())
        let held = HeldWriter(patient)
        let finished = DispatchGroup()
        let outcomes = WritesDone()
        for (asked, code) in ["AA", "BB", "CC", "DD"].enumerated() {
            finished.enter()
            Thread.detachNewThread {
                let party = Party(code: Party.Code(code), name: code, roles: [.observer])
                let written =
                    code == "BB"
                    ? (try? patient.writer.turn.taking(within: BusyWait(timeout: 0.1)) {}) != nil
                    : (try? patient.registerParty(party, as: .admin)) != nil
                outcomes.record(code, written)
                finished.leave()
            }
            // The next asks only once this one waits (or, the impatient one, has given up).
            while patient.writer.turn.waiting + (outcomes.all["BB"] == nil ? 0 : 1) < asked + 1 {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }

        // When the long write ends, once the impatient writer has given up
        while outcomes.all["BB"] == nil { Thread.sleep(forTimeInterval: 0.005) }
        held.finish()
        finished.wait()

        // Then the writers that waited wrote in the order they asked, and the one that gave up held up no one
        #expect(outcomes.all == ["AA": true, "BB": false, "CC": true, "DD": true])
        let order = try patient.writer.read { db in
            try String.fetchAll(db, sql: "SELECT code FROM party WHERE length(code) = 2 AND code = upper(name) ORDER BY rowid")
        }
        #expect(order == ["AA", "CC", "DD"])
    }
}
