import Hummingbird
import ParleyCore
import ParleyJSON
import ParleyStore

/// The API's routes for the handover person by person, its close, and the reconciliation.
extension API {
    var handoverRoutes: [Route] {
        [
            Route(
                method: .get, path: "/api/v1/lists/{id}/handover", summary: "The outcomes recorded at the handover so far",
                handler: outcomes),
            Route(
                method: .post, path: "/api/v1/lists/{id}/handover",
                summary: "Record one person's outcome, or everyone remaining as transferred",
                body: (
                    "application/json",
                    "{\"reference\", \"outcome\": transferred|withheld|refused|deceased|substituted, \"substitute\"?, \"date\"?} or {\"remainingTransferred\": true, \"date\"?}"
                ),
                handler: recordOutcome),
            Route(
                method: .post, path: "/api/v1/agreements/{id}/handover/close",
                summary: "Close the handover: records the exchange with the figures delivered each way",
                body: ("application/json", "{\"date\"?: YYYY-MM-DD, \"partialReason\"?: why a direction is left open}"),
                handler: closeHandover),
            Route(
                method: .get, path: "/api/v1/agreements/{id}/reconciliation",
                summary: "Agreed, listed, signed and delivered per side, and the public statement",
                answer: .one(ReconciliationJSON.self), handler: reconciliation),
        ]
    }

    @Sendable func outcomes(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.handoverOutcomes(list: try listID(context), as: try context.principal()))
    }

    @Sendable func recordOutcome(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try listID(context)
        struct Body: Decodable {
            var reference: String?
            var outcome: HandoverOutcome.Kind?
            var substitute: String?
            var date: PartialDate?
            var remainingTransferred: Bool?
        }
        let body = try await decode(Body.self, request, context)
        let date = body.date ?? database.today()
        if body.remainingTransferred == true {
            struct Count: Encodable { let transferred: Int }
            return try json(
                Count(transferred: try database.recordRemainingTransferred(list: id, on: date, as: principal)), status: .created)
        }
        guard let reference = body.reference else { throw FormFieldError(field: "reference") }
        guard let outcome = body.outcome else { throw FormFieldError(field: "outcome") }
        return try json(
            try database.recordOutcome(
                list: id, reference: reference, outcome: outcome, substitute: body.substitute, on: date, as: principal),
            status: .created)
    }

    @Sendable func closeHandover(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable {
            var date: PartialDate?
            var partialReason: String?
        }
        let body = try await decode(Body.self, request, context)
        let exchange = try database.closeHandover(
            agreement: try agreementID(context), on: body.date ?? database.today(), partialReason: body.partialReason,
            as: principal)
        return try json(exchange, status: .created)
    }

    @Sendable func reconciliation(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try agreementID(context)
        return try json(
            ReconciliationJSON(
                try database.reconcile(agreement: id, as: principal),
                statement: try database.statement(agreement: id, as: principal)))
    }

}
