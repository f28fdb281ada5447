import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyCore
import ParleyJSON
import ParleyLedger
import ParleyStore
import ParleyWeb
import Testing

/// `parley … --json` and `/api/v1` answer with the same JSON for the same thing, and it has the shape
/// its representation (``Representation``) and the OpenAPI document give it.
@Suite("One representation per resource: the command line's JSON is the API's")
struct RepresentationTests {
    /// A command's JSON, the API path that answers the same, and the representation both have.
    struct Pair: CustomStringConvertible {
        let arguments: [String]
        let principal: String
        let path: String
        let username: String
        let representation: any Representation.Type
        let isArray: Bool

        var description: String { "parley \(arguments.joined(separator: " ")) and GET \(path)" }
        var shape: JSONShape { isArray ? .array(of: representation.shape) : representation.shape }
    }

    @Test(
        "agreements, the review queue, lists, a list's check, reconciliation, the journal report: equal JSON, each of its shape")
    func sameJSON() async throws {
        // Given the demo's database, with an account for each principal that reads it
        let parley = try ParleyRun()
        #expect(try parley("demo", "--db", "demo.sqlite").status == 0)
        let database = try AppDatabase.open(path: parley.path("demo.sqlite"), passwords: Passwords(cost: 4))
        let password = "representation test password"
        for (username, principal) in [
            ("mediator", Principal(.mediator, for: "US")), ("observer", Principal(.observer, for: "ICRC")),
            ("official-ua", Principal(.official, for: "UA")), ("admin", Principal.admin),
        ] {
            _ = try database.addUser(username, password: password, principal: principal, as: .admin)
        }
        let agreements = try CanonicalJSON(
            parsing: try parley("agreement", "list", "--db", "demo.sqlite", "--as", "mediator:US", "--json").stdout)
        guard case .array(let all) = agreements, case .object(let last)? = all.last, case .integer(let agreement)? = last["id"]
        else {
            Issue.record("parley agreement list --json gave no agreement: \(agreements)")
            return
        }
        let pairs = [
            Pair(
                arguments: ["agreement", "list"], principal: "mediator:US", path: "/api/v1/agreements", username: "mediator",
                representation: AgreementJSON.self, isArray: true),
            Pair(
                arguments: ["review", "queue", "--seeking", "UA", "--limit", "20"], principal: "observer:ICRC",
                path: "/api/v1/review?seeking=UA&limit=20", username: "observer", representation: ReviewPairJSON.self,
                isArray: true),
            Pair(
                arguments: ["list", "show"], principal: "official:UA", path: "/api/v1/lists", username: "official-ua",
                representation: ListSummaryJSON.self, isArray: true),
            Pair(
                arguments: ["list", "check", "1"], principal: "official:UA", path: "/api/v1/lists/1", username: "official-ua",
                representation: ListReportJSON.self, isArray: false),
            Pair(
                arguments: ["reconcile", "--agreement", "\(agreement)"], principal: "mediator:US",
                path: "/api/v1/agreements/\(agreement)/reconciliation", username: "mediator",
                representation: ReconciliationJSON.self, isArray: false),
            Pair(
                arguments: ["journal", "verify"], principal: "admin", path: "/api/v1/journal/verification", username: "admin",
                representation: JournalReportJSON.self, isArray: false),
        ]

        let app = Application(
            router: WebApp.router(database: database, views: try await Views.shipped(), configuration: WebConfiguration()))
        try await app.test(.router) { client in
            var cookies: [String: String] = [:]
            for username in Set(pairs.map(\.username)) {
                cookies[username] = try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: "{\"username\":\"\(username)\",\"password\":\"\(password)\"}")
                ) { response in
                    try #require(response.headers[.setCookie]?.split(separator: ";").first.map(String.init))
                }
            }
            for pair in pairs {
                // When the command prints its JSON and the API answers
                let printed = try parley.run(pair.arguments + ["--db", "demo.sqlite", "--as", pair.principal, "--json"])
                #expect(printed.status == 0, "\(pair): \(printed.stderr)")
                let answered = try await client.execute(
                    uri: pair.path, method: .get, headers: [.cookie: cookies[pair.username] ?? ""]
                ) { response in
                    #expect(response.status == .ok, "\(pair)")
                    return String(buffer: response.body)
                }

                // Then they are the same JSON, of the representation's shape, and not empty
                let command = try CanonicalJSON(parsing: printed.stdout)
                let api = try CanonicalJSON(parsing: answered)
                #expect(command == api, "\(pair)")
                #expect(pair.shape.departures(of: api) == [], "\(pair)")
                #expect(command != .array([]), "\(pair) answered nothing to compare")
            }
        }
    }

    @Test("the OpenAPI document names a representation for each of those answers, and each of its references resolves")
    func documented() async throws {
        let database = try AppDatabase.inMemory(passwords: Passwords(cost: 4))
        let app = Application(
            router: WebApp.router(database: database, views: try await Views.shipped(), configuration: WebConfiguration()))
        try await app.test(.router) { client in
            let text = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { String(buffer: $0.body) }
            let document = try CanonicalJSON(parsing: text)
            guard case .object(let root) = document, case .object(let components)? = root["components"],
                case .object(let schemas)? = components["schemas"]
            else {
                Issue.record("no components.schemas in the OpenAPI document")
                return
            }
            for representation in Representations.all {
                #expect(schemas[representation.name] == representation.shape.schema, "\(representation.name)")
            }
            let references = Self.references(in: document)
            #expect(references.contains("#/components/schemas/ReviewPair"))
            #expect(references.contains("#/components/schemas/Reconciliation"))
            for reference in references {
                #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference)")
            }
        }
    }

    /// Every `$ref` in `json`.
    static func references(in json: CanonicalJSON) -> Set<String> {
        switch json {
        case .object(let members):
            var found = Set(members.values.flatMap { references(in: $0) })
            if case .string(let reference)? = members["$ref"] { found.insert(reference) }
            return found
        case .array(let elements): return Set(elements.flatMap { references(in: $0) })
        default: return []
        }
    }
}
