import Hummingbird
import ParleyJSON
import ParleyStore

/// The API's routes for the journal's verification.
extension API {
    var journalRoutes: [Route] {
        [
            Route(
                method: .get, path: "/api/v1/journal/verification",
                summary: "Recompute the journal's chain, checkpoints and every subject's state",
                answer: .one(JournalReportJSON.self), handler: verifyJournal)
        ]
    }

    @Sendable func verifyJournal(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(JournalReportJSON(try database.verifyJournal(as: try context.principal())))
    }
}
