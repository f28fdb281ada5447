import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The HTML pages. Each handler reads the principal from the session and calls a use case, which
/// asks the access policy; the page only renders what came back.
struct Pages {
    let database: AppDatabase
    let views: Views
    let configuration: WebConfiguration
    let signIns: SignIns
    /// The registry's result tables and record details, as rendered at the database's present version.
    let fragments = PageFragments()

    static let pageSize = 50

    func register(on router: Router<WebContext>) {
        router.get("/login") { _, context in
            if context.session != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return try views.page("login", title: "Sign in", context: context)
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { _, context in
            if let token = context.sessionToken { try database.endSession(token: token) }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(WebApp.clearedSessionCookie(configuration: configuration))
            return response
        }
        router.get("/") { _, context in try dashboard(context) }
        router.get("/registry") { request, context in try registry(request, context) }
        router.get("/records/{id}") { _, context in try record(context) }
        router.get("/case") { request, context in try caseLookup(request, context) }
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard
            let started = try await signIns.attempt(
                username: form["username"] ?? "", password: form["password"] ?? "", from: signIns.client(of: request, context))
        else {
            var response = try views.page("login", title: "Sign in", context: context, values: ["failed": true])
            response.status = .unauthorized
            return response
        }
        // A session known before sign-in is worth nothing after it: the old one ends, a new token is issued.
        if let old = context.sessionToken { try database.endSession(token: old) }
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(WebApp.sessionCookie(started.token, configuration: configuration))
        return response
    }

    private func dashboard(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        guard AccessPolicy.permits(principal, .readCounts, in: .common) else {
            return Response(status: .seeOther, headers: [.location: "/case"])
        }
        let counts = try database.recordCounts(as: principal)
        let canReadTalks = AccessPolicy.permits(principal, .readTalks, in: .common)
        let rounds = canReadTalks ? try database.rounds(as: principal) : []
        let exchanges = canReadTalks ? try database.exchanges(as: principal) : []
        var values: [String: Any] = [
            "counts": counts.map {
                ["party": $0.party.rawValue, "kind": $0.kind.rawValue, "status": $0.status, "count": $0.count] as [String: Any]
            },
            "timeline": Timeline(rounds: rounds, exchanges: exchanges).svg,
        ]
        if let last = exchanges.last, let since = Interval(from: last.date, to: database.today()) {
            values["sinceLastExchange"] = ["date": last.date.description, "days": since.totalDays] as [String: Any]
        }
        return try views.page("dashboard", title: "Dashboard", context: context, values: values)
    }

    private func registry(_ request: Request, _ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let parameters = request.uri.queryParameters
        let text = parameters["q"].map(String.init) ?? ""
        let party = parameters["party"].map(String.init).flatMap { $0.isEmpty ? nil : Party.Code(rawValue: $0.uppercased()) }
        let kind = parameters["kind"].flatMap { RecordKind(rawValue: String($0)) }
        let page = max(1, parameters["page"].flatMap { Int(String($0)) } ?? 1)
        let key = PageFragments.Key(
            view: "registry-results", principal: principal,
            arguments: [text, party?.rawValue ?? "", kind?.rawValue ?? "", String(page)])
        let results = try fragments.fragment(key, version: try database.version()) {
            let result = try database.records(
                RecordQuery(
                    party: party, kind: kind, text: text.isEmpty ? nil : text, limit: Self.pageSize,
                    offset: (page - 1) * Self.pageSize),
                as: principal)
            func link(_ page: Int) -> String {
                var components = URLComponents()
                components.path = "/registry"
                components.queryItems = [
                    URLQueryItem(name: "q", value: text), URLQueryItem(name: "party", value: party?.rawValue ?? ""),
                    URLQueryItem(name: "kind", value: kind?.rawValue ?? ""), URLQueryItem(name: "page", value: String(page)),
                ]
                return components.string ?? "/registry"
            }
            let values: [String: Any] = [
                "query": text, "total": result.totalWording,
                "records": result.records.map(RecordRow.init).map(\.values),
                "previous": page > 1 ? link(page - 1) : false,
                "next": result.records.count == Self.pageSize && (page * Self.pageSize < result.total || result.isTotalCapped)
                    ? link(page + 1) : false,
            ]
            return PageFragments.Fragment(title: "Registry", html: try views.fragment("registry-results", values: values))
        }
        let values: [String: Any] = [
            "query": text, "party": party?.rawValue ?? "",
            "kinds": RecordKind.allCases.map { ["value": $0.rawValue, "selected": $0 == kind] as [String: Any] },
            "results": results.html,
        ]
        return try views.page("registry", title: results.title, context: context, values: values)
    }

    private func record(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownRecord(0) }
        let key = PageFragments.Key(view: "record-detail", principal: principal, arguments: [String(id)])
        let detail = try fragments.fragment(key, version: try database.version()) {
            let (record, history) = try database.recordWithHistory(RegistryRecord.ID(rawValue: id), as: principal)
            var values = RecordRow(record).values
            values["fields"] = RecordRow.fields(record.person).map { ["label": $0.0, "value": $0.1] }
            values["history"] = history.map {
                ["at": $0.at, "action": $0.action, "actor": $0.actor, "detail": $0.detail == "{}" ? "" : $0.detail]
            }
            return PageFragments.Fragment(title: record.reference, html: try views.fragment("record-detail", values: values))
        }
        return try views.page("record", title: detail.title, context: context, values: ["detail": detail.html])
    }

    private func caseLookup(_ request: Request, _ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let code = request.uri.queryParameters["code"].map(String.init) ?? ""
        var values: [String: Any] = ["code": code]
        if !code.isEmpty, let party = principal.party {
            do {
                let found = try database.caseStatus(party: party, code: code, as: principal)
                values["result"] = ["status": found.status]
            } catch StoreError.unknownReference {
                values["unknown"] = true
            }
        }
        return try views.page("case", title: "Case lookup", context: context, values: values)
    }
}

/// A record as the pages show it.
struct RecordRow {
    let values: [String: Any]

    init(_ record: RegistryRecord) {
        let person = record.person
        values = [
            "id": record.id.rawValue, "party": record.party.rawValue, "kind": record.kind.rawValue,
            "reference": record.reference, "surname": person.surname, "givenName": person.givenName ?? "",
            "patronymic": person.patronymic ?? "", "dateOfBirth": person.dateOfBirth?.description ?? "",
            "status": record.status.name,
        ]
    }

    /// Every known field of a person, labelled, in the order of the Geneva Convention's lists.
    static func fields(_ person: PersonDetails) -> [(String, String)] {
        let all: [(String, String?)] = [
            ("Surname", person.surname), ("Given name", person.givenName), ("Patronymic", person.patronymic),
            ("Sex", person.sex?.rawValue), ("Date of birth", person.dateOfBirth?.description),
            ("Place of birth", person.placeOfBirth), ("Rank", person.rank), ("Service number", person.serviceNumber),
            ("Armed force", person.armedForce), ("Unit", person.unit), ("Depends on", person.dependsOn),
            ("Father's first name", person.fatherName), ("Mother's maiden name", person.motherMaidenName),
            ("Person to inform", person.informName), ("Their address", person.informAddress),
            ("Category", person.category.rawValue), ("Health", person.health?.rawValue),
            ("Captured on", person.capturedOn?.description), ("Captured at", person.capturedAt),
            ("Interned at", person.internedAt),
        ]
        return all.compactMap { label, value in value.map { (label, $0) } }
    }
}
