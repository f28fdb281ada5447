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

    /// Every route, resource by resource (`API+Session.swift` …), and this API's own description.
    var routes: [Route] {
        sessionRoutes + recordsRoutes + talksRoutes + importsRoutes + reviewRoutes + listsRoutes + handoverRoutes
            + journalRoutes + usersRoutes + [
                Route(
                    method: .get, path: "/api/v1/openapi.json", summary: "This API, as an OpenAPI 3.1 document",
                    isPublic: true, handler: openAPI)
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

    // MARK: - Answers

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    @Sendable private func openAPI(_ request: Request, _ context: WebContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument(routes: routes).json)))
    }

    // MARK: - Parameters and bodies

    func listID(_ context: WebContext) throws -> ExchangeList.ID {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownList(ExchangeList.ID(0)) }
        return ExchangeList.ID(rawValue: id)
    }

    func agreementID(_ context: WebContext) throws -> Agreement.ID {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownAgreement(0) }
        return Agreement.ID(rawValue: id)
    }

    /// The request's JSON body as `type`, or an error that says what in it could not be read.
    func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, _ context: WebContext) async throws -> Body {
        var request = request
        let bytes = try await request.collectBody(within: context)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer: bytes))
        } catch {
            throw InvalidBody(error)
        }
    }
}

/// A JSON request body that does not hold what the route takes.
struct InvalidBody: ParleyError {
    let reason: String

    init(_ error: any Error) {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        guard let error = error as? DecodingError else {
            reason = String(describing: error)
            return
        }
        switch error {
        case .keyNotFound(let key, _): reason = "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            reason = "\(path(context)) is not of the right type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            reason = path(context).isEmpty ? "it is not JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: reason = "it cannot be read"
        }
    }

    var code: String { "request.body-invalid" }
    var message: String { "the request's body cannot be read: \(reason)" }
    var remedy: String { "Send the JSON body that /api/v1/openapi.json gives for this route" }
}
