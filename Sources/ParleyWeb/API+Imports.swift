import Hummingbird
import ParleyCore
import ParleyStore

/// The API's routes for registry files imported, all or nothing.
extension API {
    var importsRoutes: [Route] {
        [
            Route(
                method: .post, path: "/api/v1/imports",
                summary: "Import a registry CSV file into the principal's party, all or nothing",
                query: [
                    ("kind", "held or sought"), ("file", "the file's name, as problems will name it"),
                    ("encoding", "utf-8, windows-1251 or koi8-r; detected when absent"),
                ],
                body: ("text/csv", "the registry file, as its bytes"), handler: importFile)
        ]
    }

    @Sendable func importFile(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let party = principal.party else {
            throw AccessDenied(principal: principal, action: .writeRecords, scope: .common)
        }
        let query = request.uri.queryParameters
        guard let kind = query["kind"].flatMap({ RecordKind(rawValue: String($0)) }) else {
            throw FormFieldError(field: "kind", value: query["kind"].map(String.init) ?? "", reason: "held or sought")
        }
        let encoding = try query["encoding"].map { name in
            guard let encoding = TextEncoding(name: String(name)) else {
                throw FormFieldError(field: "encoding", value: String(name), reason: TextEncoding.acceptedNames)
            }
            return encoding
        }
        // Asked before a byte of the file is read: someone who may not import makes the server hold none of it.
        try AccessPolicy.check(principal, .writeRecords, in: .party(party))
        let body = try await request.spoolBody(within: context)
        let outcome = try database.importRegistry(
            file: query["file"].map(String.init) ?? "upload.csv", bytes: body, party: party, kind: kind,
            encoding: encoding, as: principal)
        struct View: Encodable {
            let importID: Int64?
            let file: String
            let party: String
            let kind: String
            let encoding: String
            let rows: Int
            let added: Int
            let unchanged: Int
            let earlierImport: Int64?
        }
        return try json(
            View(
                importID: outcome.importID?.rawValue, file: outcome.file, party: outcome.party.rawValue,
                kind: outcome.kind.rawValue, encoding: outcome.encoding.rawValue, rows: outcome.rows, added: outcome.added,
                unchanged: outcome.unchanged, earlierImport: outcome.earlierImport?.rawValue),
            status: outcome.importID == nil ? .ok : .created)
    }
}
