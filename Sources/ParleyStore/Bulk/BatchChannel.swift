import Dispatch
import Synchronization

/// Hands batches of work from one thread to another, holding only a few at a time.
///
/// An import checks rows on one core while the other writes them to SQLite; the channel
/// between them is bounded so that a fast reader cannot fill memory with a whole file.
final class BatchChannel<Batch: Sendable>: Sendable {
    private struct State: ~Copyable {
        var batches: [Batch] = []
        var cancelled = false
    }

    private let state = Mutex(State())
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(capacity: Int) {
        free = DispatchSemaphore(value: capacity)
    }

    /// Sends a batch, waiting for room; `false` once the receiver has cancelled.
    func send(_ batch: Batch) -> Bool {
        free.wait()
        let accepted = state.withLock { state in
            guard !state.cancelled else { return false }
            state.batches.append(batch)
            return true
        }
        if accepted { filled.signal() }
        return accepted
    }

    /// Tells the receiver that no more batches will come.
    func finish() {
        filled.signal()
    }

    /// The next batch, or `nil` when the sender has finished and every batch was received.
    func receive() -> Batch? {
        filled.wait()
        return state.withLock { state in
            guard !state.batches.isEmpty else { return nil }
            free.signal()
            return state.batches.removeFirst()
        }
    }

    /// Stops the sender: its next `send` returns `false`.
    func cancel() {
        state.withLock { $0.cancelled = true }
        free.signal()
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }
}
