import Foundation
import GRDB
import Synchronization

/// How long a connection waits its turn while another connection writes, and whom it tells.
///
/// SQLite lets one writer in at a time; a second one (another import, a sign-in during an
/// import) waits here, then gives up with ``StoreError/busy(waited:)`` rather than SQLite's
/// own error.
public struct BusyWait: Sendable {
    /// The longest a connection waits for the database, in seconds.
    public var timeout: TimeInterval
    /// Called once each time a connection has waited a moment and goes on waiting, with
    /// the longest it will wait; the command line says so on stderr. The store never prints.
    public var onWait: (@Sendable (TimeInterval) -> Void)?

    /// A wait of `timeout` seconds at most, telling `onWait` when a connection starts waiting.
    public init(timeout: TimeInterval, onWait: (@Sendable (TimeInterval) -> Void)? = nil) {
        self.timeout = max(0, timeout)
        self.onWait = onWait
    }

    /// The wait of a command: a minute.
    public static let standard = BusyWait(timeout: 60)

    /// How long a connection waits before it says that it waits: a short contention is not worth a line.
    var announcedAfter: TimeInterval { min(0.1, timeout / 2) }

    /// SQLite's busy handler: sleeps a little longer each try, up to a tenth of a second, until
    /// `timeout` has passed, then lets the statement fail with `SQLITE_BUSY`.
    var callback: Database.BusyCallback {
        let timeout = timeout
        let announcedAfter = announcedAfter
        let onWait = onWait
        return { tries in
            let waited = Self.waited(before: tries)
            if waited >= timeout { return false }
            if waited >= announcedAfter && (tries == 0 || Self.waited(before: tries - 1) < announcedAfter) {
                onWait?(timeout)
            }
            Thread.sleep(forTimeInterval: min(Self.delay(at: tries), timeout - waited))
            return true
        }
    }

    /// The pause before try `tries + 1`: 1 ms, doubling up to 100 ms.
    static func delay(at tries: Int) -> TimeInterval {
        tries >= 7 ? 0.1 : Double(1 << tries) / 1000
    }

    /// The time slept in the tries before `tries`.
    static func waited(before tries: Int) -> TimeInterval {
        (0..<max(0, tries)).reduce(0) { $0 + delay(at: $1) }
    }
}

/// The store's database connections: GRDB's writer, with SQLite's busy and locked errors
/// turned into ``StoreError/busy(waited:)`` wherever they arise, in a read or a write.
///
/// Writers take their turn twice: among this process's own writers (``WriterTurn``, which
/// GRDB would otherwise queue without end, so that a sign-in waited out a long import in the
/// same server), then among processes (SQLite's lock, through ``BusyWait/callback``). Each
/// waits at most ``BusyWait/timeout``.
struct WaitingWriter: Sendable {
    let base: any DatabaseWriter
    let wait: BusyWait
    let turn = WriterTurn()

    /// Runs `body`, turning a busy database into Parley's own error.
    func mappingBusy<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where Self.isBusy(error) {
            throw StoreError.busy(waited: wait.timeout)
        }
    }

    /// Runs `body`, turning a busy database into Parley's own error.
    func mappingBusy<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where Self.isBusy(error) {
            throw StoreError.busy(waited: wait.timeout)
        }
    }

    /// Whether SQLite refused for another connection's lock.
    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try mappingBusy { try base.read(value) }
    }

    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        try await mappingBusy { try await base.read(value) }
    }

    @_disfavoredOverload
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try turn.taking(within: wait) { try mappingBusy { try base.write(updates) } }
    }

    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try turn.take(within: wait)
        defer { turn.release() }
        return try await mappingBusy { try await base.write(updates) }
    }

    /// `updates` written if no other writer of this process holds the turn, else `nil` at once:
    /// for what may as well be written next time, such as when a session was last seen.
    func writeIfFree<T>(_ updates: (Database) throws -> T) throws -> T? {
        guard turn.takeIfFree() else { return nil }
        defer { turn.release() }
        return try mappingBusy { try base.write(updates) }
    }

    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        try turn.taking(within: wait) { try mappingBusy { try base.writeWithoutTransaction(updates) } }
    }
}

/// One writer at a time among this process's threads, in the order they asked, each waiting at
/// most a ``BusyWait``'s timeout for its turn and saying once that it waits, as SQLite's busy
/// handler does between processes.
///
/// The turn passes from one writer straight to the next in the queue: a writer that asks again
/// as soon as it is done (an importer sending file after file) cannot take it ahead of one that
/// has been waiting (a sign-in).
final class WriterTurn: Sendable {
    private struct Waiter {
        let ticket: UInt64
        let granted: DispatchSemaphore
    }

    private struct State {
        var isHeld = false
        var queue: [Waiter] = []
        var nextTicket: UInt64 = 0
    }

    private let state = Mutex(State())

    /// `body` run in this writer's turn.
    func taking<T>(within wait: BusyWait, _ body: () throws -> T) throws -> T {
        try take(within: wait)
        defer { release() }
        return try body()
    }

    /// Waits for the turn and takes it, or throws ``StoreError/busy(waited:)`` once `wait`'s
    /// timeout has passed. The turn is the caller's to ``release()``.
    func take(within wait: BusyWait) throws(StoreError) {
        let started = DispatchTime.now()
        let queued = state.withLock { state -> Waiter? in
            if !state.isHeld && state.queue.isEmpty {
                state.isHeld = true
                return nil
            }
            let waiter = Waiter(ticket: state.nextTicket, granted: DispatchSemaphore(value: 0))
            state.nextTicket += 1
            state.queue.append(waiter)
            return waiter
        }
        guard let queued else { return }
        if queued.granted.wait(timeout: started + wait.announcedAfter) == .success { return }
        wait.onWait?(wait.timeout)
        if queued.granted.wait(timeout: started + wait.timeout) == .success { return }
        let gaveUp = state.withLock { state in
            guard let place = state.queue.firstIndex(where: { $0.ticket == queued.ticket }) else { return false }
            state.queue.remove(at: place)
            return true
        }
        if gaveUp { throw .busy(waited: wait.timeout) }
        // The turn was handed over as the wait ran out: it is this writer's.
        queued.granted.wait()
    }

    /// Takes the turn if no one holds it or waits for it; never waits.
    func takeIfFree() -> Bool {
        state.withLock { state in
            guard !state.isHeld && state.queue.isEmpty else { return false }
            state.isHeld = true
            return true
        }
    }

    /// Hands the turn to the writer that has waited longest, or leaves it free.
    func release() {
        let next = state.withLock { state -> Waiter? in
            guard !state.queue.isEmpty else {
                state.isHeld = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.granted.signal()
    }

    /// How many writers wait for the turn.
    var waiting: Int { state.withLock { $0.queue.count } }
}
