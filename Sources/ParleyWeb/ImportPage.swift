import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// Importing a registry file from the browser: the same all-or-nothing import as `parley import`,
/// its problems listed as `file:line: column: value: reason` when any row is bad.
struct ImportPage {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/import") { _, context in try page(context) }
        router.post("/import") { request, context in try await importFile(request, context) }
    }

    /// The party whose registry the principal may change, or the refusal.
    private func party(of principal: Principal) throws -> Party.Code {
        guard let party = principal.party, AccessPolicy.permits(principal, .writeRecords, in: .party(party)) else {
            throw AccessDenied(principal: principal, action: .writeRecords, scope: .common)
        }
        return party
    }

    private func page(_ context: WebContext, values: [String: Any] = [:]) throws -> Response {
        let party = try party(of: try context.principal())
        var all = values
        all["party"] = party.rawValue
        all["kinds"] = RecordKind.allCases.map(\.rawValue)
        all["encodings"] = TextEncoding.allCases.map(\.rawValue)
        return try views.page("import", title: "Import a registry file", context: context, values: all)
    }

    private func importFile(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let party = try party(of: principal)
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard let file = form.file("file") else { throw FormFieldError(field: "file") }
        guard let kind = form["kind"].flatMap(RecordKind.init(rawValue:)) else { throw FormFieldError(field: "kind") }
        let encoding = try form["encoding"].flatMap { name -> TextEncoding? in
            guard !name.isEmpty else { return nil }
            guard let encoding = TextEncoding(name: name) else {
                throw FormFieldError(field: "encoding", value: name, reason: TextEncoding.acceptedNames)
            }
            return encoding
        }
        let name = file.filename ?? "upload.csv"
        do {
            let outcome = try database.importRegistry(
                file: name, bytes: file.content, party: party, kind: kind, encoding: encoding, as: principal)
            return try page(
                context,
                values: [
                    "outcome": [
                        "file": outcome.file, "kind": outcome.kind.rawValue, "encoding": outcome.encoding.rawValue,
                        "rows": outcome.rows, "added": outcome.added, "unchanged": outcome.unchanged,
                        "earlier": outcome.earlierImport.map { String($0.rawValue) } ?? "",
                        "hasEarlier": outcome.earlierImport != nil,
                    ] as [String: Any]
                ])
        } catch StoreError.importRejected(let file, let problems, let total) {
            var response = try page(
                context,
                values: [
                    "rejected": [
                        "message": StoreError.importRejected(file: file, problems: problems, total: total).message,
                        "problems": problems.map(\.message), "unlisted": max(0, total - problems.count),
                        "hasUnlisted": total > problems.count,
                    ] as [String: Any]
                ])
            response.status = .unprocessableContent
            return response
        }
    }
}
