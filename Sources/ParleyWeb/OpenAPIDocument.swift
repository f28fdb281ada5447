import ParleyJSON
import ParleyLedger

/// The OpenAPI 3.1 document of the API, written from the same route table the router registers.
struct OpenAPIDocument {
    let routes: [API.Route]

    var json: String { document.serialized }

    var document: CanonicalJSON {
        var paths: [String: [String: CanonicalJSON]] = [:]
        for route in routes {
            let pathParameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map {
                String($0.dropFirst().dropLast())
            }
            let parameters =
                pathParameters.map { name in
                    CanonicalJSON.object([
                        "name": .string(name), "in": .string("path"), "required": .bool(true),
                        "schema": .object(["type": .string("string")]),
                    ])
                }
                + route.query.map { name, description in
                    CanonicalJSON.object([
                        "name": .string(name), "in": .string("query"), "required": .bool(false),
                        "description": .string(description), "schema": .object(["type": .string("string")]),
                    ])
                }
            var operation: [String: CanonicalJSON] = [
                "summary": .string(route.summary),
                "operationId": .string(operationID(route)),
                "responses": .object([
                    "2XX": success(route.answer),
                    "503": .object([
                        "description": .string(
                            "The database stayed busy with another writer (an import) for the server's busy timeout"),
                        "headers": .object([
                            "Retry-After": .object([
                                "description": .string("Seconds to wait before trying again"),
                                "schema": .object(["type": .string("integer")]),
                            ])
                        ]),
                        "content": .object([
                            "application/problem+json": .object([
                                "schema": .object(["$ref": .string("#/components/schemas/Problem")])
                            ])
                        ]),
                    ]),
                    "default": .object([
                        "description": .string("An RFC 9457 problem document"),
                        "content": .object([
                            "application/problem+json": .object([
                                "schema": .object(["$ref": .string("#/components/schemas/Problem")])
                            ])
                        ]),
                    ]),
                ]),
            ]
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let body = route.body {
                operation["requestBody"] = .object([
                    "required": .bool(true), "description": .string(body.description),
                    "content": .object([body.type: .object([:])]),
                ])
            }
            if route.isPublic { operation["security"] = .array([]) }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = .object(operation)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Parley API"), "version": .string("1"),
                "description": .string(
                    "Mediated prisoner-of-war exchanges: registries, talks, agreements. Sign in at POST /api/v1/session; "
                        + "send the session cookie, and the X-CSRF-Token header on every request that changes anything."),
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "security": .array([.object(["session": .array([])])]),
            "components": .object([
                "securitySchemes": .object([
                    "session": .object([
                        "type": .string("apiKey"), "in": .string("cookie"), "name": .string(WebApp.sessionCookie),
                    ])
                ]),
                "schemas": .object(
                    Dictionary(
                        uniqueKeysWithValues: ([Problem.self] + Representations.all).map { ($0.name, $0.shape.schema) })),
            ]),
        ])
    }

    /// A success, with the schema of its representation where the route names one.
    private func success(_ answer: API.Answer?) -> CanonicalJSON {
        guard let answer else { return .object(["description": .string("Success")]) }
        let reference = CanonicalJSON.object(["$ref": .string("#/components/schemas/\(answer.representation.name)")])
        return .object([
            "description": .string("Success"),
            "content": .object([
                "application/json": .object([
                    "schema": answer.isArray ? .object(["type": .string("array"), "items": reference]) : reference
                ])
            ]),
        ])
    }

    private func operationID(_ route: API.Route) -> String {
        let words = route.path.split(separator: "/").dropFirst(2).map {
            $0.hasPrefix("{") ? "By" + $0.dropFirst().dropLast().capitalized : $0.capitalized
        }
        return route.method.rawValue.lowercased() + words.joined()
    }
}
