import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The registry: its search, a record with its history, and the case lookup a family liaison uses. Each
/// handler calls a use case, which asks the access policy; the page only renders what came back.
struct RegistryPages {
    let database: AppDatabase
    let views: Views
    /// The registry's result tables and record details, as rendered at the database's present version.
    let fragments = PageFragments()

    static let pageSize = 50

    func register(on router: Router<WebContext>) {
        router.get("/registry") { request, context in try registry(request, context) }
        router.get("/records/{id}") { _, context in try record(context) }
        router.get("/case") { request, context in try caseLookup(request, context) }
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
