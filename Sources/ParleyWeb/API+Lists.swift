import Hummingbird
import ParleyCore
import ParleyJSON
import ParleyStore

/// The API's routes for exchange lists: drafted, filled, checked, frozen, signed and exported.
extension API {
    var listsRoutes: [Route] {
        [
            Route(
                method: .get, path: "/api/v1/lists", summary: "The exchange lists the principal may read",
                answer: .many(ListSummaryJSON.self), handler: lists),
            Route(
                method: .post, path: "/api/v1/lists", summary: "Draft the list the principal's party releases under an agreement",
                body: ("application/json", "{\"agreement\": id}"), answer: .one(ListDetailJSON.self), handler: draftList),
            Route(
                method: .get, path: "/api/v1/lists/{id}", summary: "A list with its entries, approvals and checks",
                answer: .one(ListReportJSON.self), handler: list),
            Route(
                method: .post, path: "/api/v1/lists/{id}/entries", summary: "Add held persons to the draft, by reference",
                body: ("application/json", "{\"references\": [reference, …]}"), answer: .one(ListDetailJSON.self),
                handler: addEntries),
            Route(
                method: .delete, path: "/api/v1/lists/{id}/entries/{reference}", summary: "Take a person off the draft",
                answer: .one(ListDetailJSON.self), handler: removeEntry),
            Route(
                method: .get, path: "/api/v1/lists/{id}/suggestion",
                summary: "Persons who would fill the quota, best first, each with its reasons", handler: suggestion),
            Route(
                method: .post, path: "/api/v1/lists/{id}/freeze",
                summary: "Freeze the draft for signature; refused while a check finds an error",
                answer: .one(ListDetailJSON.self), handler: freeze),
            Route(
                method: .post, path: "/api/v1/lists/{id}/approvals",
                summary: "Approve the frozen version with an Ed25519 signature over its digest",
                body: ("application/json", "{\"digest\": hex, \"publicKey\": base64, \"signature\": base64}"),
                answer: .one(ListDetailJSON.self), handler: approve),
            Route(
                method: .get, path: "/api/v1/lists/{id}/bundle",
                summary: "The frozen version and its signatures, verifiable with no database", handler: bundle),
        ]
    }

    @Sendable func lists(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.lists(as: try context.principal()).map(ListSummaryJSON.init))
    }

    @Sendable func draftList(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable { let agreement: Int64 }
        let body = try await decode(Body.self, request, context)
        guard let releasing = principal.party else {
            throw AccessDenied(principal: principal, action: .editLists, scope: .common)
        }
        let state = try database.draftList(agreement: Agreement.ID(rawValue: body.agreement), releasing: releasing, as: principal)
        return try json(ListDetailJSON(state), status: .created)
    }

    @Sendable func list(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(ListReportJSON(try await database.checkList(try listID(context), as: try context.principal())))
    }

    @Sendable func addEntries(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable { let references: [String] }
        let body = try await decode(Body.self, request, context)
        return try json(ListDetailJSON(try database.addToList(try listID(context), references: body.references, as: principal)))
    }

    @Sendable func removeEntry(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let reference = context.parameters.get("reference") else { throw FormFieldError(field: "reference") }
        return try json(ListDetailJSON(try database.removeFromList(try listID(context), references: [reference], as: principal)))
    }

    @Sendable func suggestion(_ request: Request, _ context: WebContext) async throws -> Response {
        struct Pick: Encodable {
            let record: RegistryRecord
            let reasons: [String]
        }
        let picks = try await database.suggest(for: try listID(context), as: try context.principal())
        return try json(picks.map { Pick(record: $0.record, reasons: $0.reasons) })
    }

    @Sendable func freeze(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(ListDetailJSON(try await database.freezeList(try listID(context), as: try context.principal())))
    }

    @Sendable func approve(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable {
            let digest: String
            let publicKey: String
            let signature: String
        }
        let body = try await decode(Body.self, request, context)
        let state = try database.approveList(
            try listID(context), digest: body.digest, publicKey: body.publicKey, signature: body.signature, as: principal)
        return try json(ListDetailJSON(state), status: .created)
    }

    @Sendable func bundle(_ request: Request, _ context: WebContext) async throws -> Response {
        let bundle = try database.exportList(try listID(context), as: try context.principal())
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: bundle.text + "\n")))
    }

}
