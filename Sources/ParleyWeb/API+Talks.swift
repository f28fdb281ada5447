import Hummingbird
import ParleyJSON
import ParleyStore

/// The API's routes for rounds of talks, agreements and the exchanges that took place.
extension API {
    var talksRoutes: [Route] {
        [
            Route(method: .get, path: "/api/v1/rounds", summary: "Rounds of talks", handler: rounds),
            Route(
                method: .get, path: "/api/v1/agreements",
                summary: "Agreements with both readings of an unspecified number and the time since the exchange before",
                answer: .many(AgreementJSON.self), handler: agreements),
            Route(method: .get, path: "/api/v1/exchanges", summary: "Exchanges that took place", handler: exchanges),
        ]
    }

    @Sendable private func rounds(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.rounds(as: try context.principal()))
    }

    @Sendable private func agreements(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.agreements(as: try context.principal()).map(AgreementJSON.init))
    }

    @Sendable private func exchanges(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.exchanges(as: try context.principal()))
    }
}
