import Hummingbird
import ParleyCore
import ParleyJSON
import ParleyStore

/// The API's routes for the review queue of candidate pairs, and decisions on them.
extension API {
    var reviewRoutes: [Route] {
        [
            Route(
                method: .get, path: "/api/v1/review", summary: "Candidate pairs waiting for review, surest first",
                query: [("seeking", "the party whose sought records are matched"), ("limit", "at most this many (default 50)")],
                answer: .many(ReviewPairJSON.self), handler: reviewQueue),
            Route(
                method: .post, path: "/api/v1/review/{pair}", summary: "Confirm or reject a candidate pair",
                body: ("application/json", "{\"verdict\": \"confirmed\" | \"rejected\"}"), handler: decide),
        ]
    }

    @Sendable func reviewQueue(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let query = request.uri.queryParameters
        // An official reviews the matches of its own party's sought records unless it names another party.
        let own = principal.role == .official ? principal.party : nil
        guard let seeking = query["seeking"].map({ Party.Code(rawValue: String($0).uppercased()) }) ?? own else {
            throw FormFieldError(field: "seeking")
        }
        let items = try database.reviewQueue(
            seeking: seeking, limit: min(500, query["limit"].flatMap { Int(String($0)) } ?? 50), as: principal)
        return try json(items.map(ReviewPairJSON.init))
    }

    @Sendable func decide(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let pair = context.parameters.get("pair", as: Int64.self) else { throw StoreError.unknownCandidate(0) }
        struct Body: Decodable { let verdict: MatchDecision.Verdict }
        let body = try await decode(Body.self, request, context)
        return try json(try database.decide(MatchCandidate.ID(rawValue: pair), body.verdict, as: principal))
    }
}
