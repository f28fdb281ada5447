import Hummingbird
import ParleyCore
import ParleyStore

/// The API's routes for the registries: records a page at a time, one record with its history, counts, and one case's status.
extension API {
    var recordsRoutes: [Route] {
        [
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
            Route(
                method: .get, path: "/api/v1/cases/{party}/{code}", summary: "The status of one case, and nothing else",
                handler: caseStatus),
        ]
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
}
