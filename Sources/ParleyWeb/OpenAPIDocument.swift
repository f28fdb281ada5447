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
                    "2XX": .object(["description": .string("Success")]),
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
                "schemas": .object([
                    "Problem": .object([
                        "type": .string("object"),
                        "properties": .object([
                            "type": .object(["type": .string("string")]), "title": .object(["type": .string("string")]),
                            "status": .object(["type": .string("integer")]), "detail": .object(["type": .string("string")]),
                            "code": .object(["type": .string("string")]),
                            "problems": .object([
                                "description": .string("For a refused registry file, each bad value"),
                                "type": .string("array"),
                                "items": .object([
                                    "type": .string("object"),
                                    "properties": .object([
                                        "file": .object(["type": .string("string")]),
                                        "line": .object(["type": .string("integer")]),
                                        "column": .object(["type": .string("string")]),
                                        "value": .object([
                                            "type": .string("string"),
                                            "description": .string("At most 100 characters, and the length when cut"),
                                        ]),
                                        "reason": .object(["type": .string("string")]),
                                    ]),
                                ]),
                            ]),
                        ]),
                    ])
                ]),
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
