import Foundation
import Hummingbird
import ParleyCore
import ParleyJSON
import ParleyStore

/// The JSON API under `/api/v1`: the same use cases as the pages, errors as RFC 9457 problem
/// documents, described by the OpenAPI document that ``API/routes`` also registers, so the two
/// cannot drift apart.
struct API {
    let database: AppDatabase
    let configuration: WebConfiguration
    let signIns: SignIns

    /// One route: its method, its path as OpenAPI writes it, what it does, and its handler.
    struct Route {
        let method: HTTPRequest.Method
        let path: String
        let summary: String
        /// Query parameters, by name and description.
        var query: [(String, String)] = []
        /// The request body, its media type and what it holds, for routes that take one.
        var body: (type: String, description: String)?
        /// Whether the route answers without a session.
        var isPublic = false
        /// The representation a success answers with, as the OpenAPI document describes it.
        var answer: Answer? = nil
        let handler: @Sendable (Request, WebContext) async throws -> Response
    }

    /// What a route's success answers with: one representation, or an array of them.
    struct Answer {
        let representation: any Representation.Type
        let isArray: Bool

        static func one(_ representation: any Representation.Type) -> Answer {
            Answer(representation: representation, isArray: false)
        }

        static func many(_ representation: any Representation.Type) -> Answer {
            Answer(representation: representation, isArray: true)
        }
    }

    var routes: [Route] {
        [
            Route(
                method: .post, path: "/api/v1/session", summary: "Sign in; sets the session cookie",
                body: ("application/json", "{\"username\": …, \"password\": …}"), isPublic: true, handler: signIn),
            Route(method: .delete, path: "/api/v1/session", summary: "Sign out: the session ends", handler: signOut),
            Route(
                method: .get, path: "/api/v1/session", summary: "Who is signed in, and the anti-forgery token", handler: whoAmI),
            Route(
                method: .get, path: "/api/v1/records", summary: "Records the principal may read, a page at a time",
                query: [
                    ("q", "a name in any script or spelling, or a whole reference"), ("party", "a party's code"),
                    ("kind", "held or sought"),
                    ("status", "a status name"), ("limit", "at most this many (default 50, at most 500)"),
                    ("offset", "skip this many"),
                ],
                handler: records),
            Route(method: .get, path: "/api/v1/records/{id}", summary: "One record, with its history", handler: record),
            Route(method: .get, path: "/api/v1/counts", summary: "Records per party, kind and status", handler: counts),
            Route(method: .get, path: "/api/v1/rounds", summary: "Rounds of talks", handler: rounds),
            Route(
                method: .get, path: "/api/v1/agreements",
                summary: "Agreements with both readings of an unspecified number and the time since the exchange before",
                answer: .many(AgreementJSON.self), handler: agreements),
            Route(method: .get, path: "/api/v1/exchanges", summary: "Exchanges that took place", handler: exchanges),
            Route(
                method: .get, path: "/api/v1/cases/{party}/{code}", summary: "The status of one case, and nothing else",
                handler: caseStatus),
        ] + exchangeRoutes + [
            Route(
                method: .get, path: "/api/v1/openapi.json", summary: "This API, as an OpenAPI 3.1 document", isPublic: true,
                handler: openAPI)
        ]
    }

    func register(on router: Router<WebContext>) {
        for route in routes {
            // OpenAPI's {id} is Hummingbird's {id} too.
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await route.handler(request, context)
            }
        }
    }

    // MARK: - Handlers

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    struct SignInBody: Decodable {
        let username: String
        let password: String
    }

    struct SessionView: Encodable {
        let username: String
        let principal: String
        let csrfToken: String
    }

    @Sendable private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let body = try await decode(SignInBody.self, request, context)
        guard
            let started = try await signIns.attempt(
                username: body.username, password: body.password, from: signIns.client(of: request, context))
        else {
            return Problem(
                status: .unauthorized, code: "session.refused", title: "the username or password is wrong",
                detail: "The username or password is wrong. Check them and try again."
            ).response
        }
        if let old = context.sessionToken { try database.endSession(token: old) }
        let account = started.session.account
        var response = try json(
            SessionView(
                username: account.username, principal: account.principal.description, csrfToken: started.session.csrfToken),
            status: .created)
        response.setCookie(WebApp.sessionCookie(started.token, configuration: configuration))
        return response
    }

    @Sendable private func signOut(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try context.principal()
        if let token = context.sessionToken { try database.endSession(token: token) }
        var response = Response(status: .noContent)
        response.setCookie(WebApp.clearedSessionCookie(configuration: configuration))
        return response
    }

    @Sendable private func whoAmI(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try context.principal()
        guard let session = context.session else { throw SignInRequired() }
        return try json(
            SessionView(
                username: session.account.username, principal: session.account.principal.description,
                csrfToken: session.csrfToken))
    }

    @Sendable private func records(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let query = request.uri.queryParameters
        let status = query["status"].map(String.init)
        let page = try database.records(
            RecordQuery(
                party: query["party"].map { Party.Code(rawValue: String($0).uppercased()) },
                kind: try query["kind"].map { name in
                    guard let kind = RecordKind(rawValue: String(name)) else {
                        throw HTTPError(.badRequest, message: "kind is held or sought")
                    }
                    return kind
                },
                status: status, text: query["q"].map(String.init),
                limit: min(500, query["limit"].flatMap { Int(String($0)) } ?? 50),
                offset: max(0, query["offset"].flatMap { Int(String($0)) } ?? 0)),
            as: principal)
        struct Page: Encodable {
            let total: Int
            /// More match than `total`, which is where counting stopped.
            let totalIsCapped: Bool
            let records: [RegistryRecord]
        }
        return try json(Page(total: page.total, totalIsCapped: page.isTotalCapped, records: page.records))
    }

    @Sendable private func record(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownRecord(0) }
        let (record, history) = try database.recordWithHistory(RegistryRecord.ID(rawValue: id), as: principal)
        struct Detail: Encodable {
            let record: RegistryRecord
            let history: [HistoryEntry]
        }
        return try json(Detail(record: record, history: history))
    }

    @Sendable private func counts(_ request: Request, _ context: WebContext) async throws -> Response {
        struct Count: Encodable {
            let party: String
            let kind: String
            let status: String
            let count: Int
        }
        return try json(
            try database.recordCounts(as: try context.principal()).map {
                Count(party: $0.party.rawValue, kind: $0.kind.rawValue, status: $0.status, count: $0.count)
            })
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

    @Sendable private func caseStatus(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let party = context.parameters.get("party"), let code = context.parameters.get("code") else {
            throw HTTPError(.badRequest)
        }
        let found = try database.caseStatus(party: Party.Code(rawValue: party.uppercased()), code: code, as: principal)
        struct View: Encodable {
            let code: String
            let status: String
        }
        return try json(View(code: found.code, status: found.status))
    }

    @Sendable private func openAPI(_ request: Request, _ context: WebContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument(routes: routes).json)))
    }
}
