import Dispatch
import Hummingbird

/// Threads of their own for the requests that write.
///
/// The store's use cases are synchronous: a write holds its thread while it waits its turn
/// behind another writer (up to the busy timeout) and while it runs (an import, for minutes).
/// On Swift's cooperative pool, one thread per core, two such requests would stall every page;
/// here they block threads that Dispatch adds as others block, and reads go on being served.
final class WriterThreads: TaskExecutor {
    private let queue = DispatchQueue(label: "parley.web.writes", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs every request but GET and HEAD on ``WriterThreads``.
struct WriterThreadsMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let threads: WriterThreads

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        if request.method == .get || request.method == .head { return try await next(request, context) }
        return try await withTaskExecutorPreference(threads) { try await next(request, context) }
    }
}
