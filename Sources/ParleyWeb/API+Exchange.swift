import Foundation
import Hummingbird
import ParleyCore
import ParleyJSON
import ParleyLedger
import ParleyStore

/// The API's routes for the exchange: imports, the review queue, lists and their signatures, the
/// handover, the reconciliation, the journal, and the accounts.
extension API {
    var exchangeRoutes: [Route] {
        [
            Route(
                method: .post, path: "/api/v1/imports",
                summary: "Import a registry CSV file into the principal's party, all or nothing",
                query: [
                    ("kind", "held or sought"), ("file", "the file's name, as problems will name it"),
                    ("encoding", "utf-8, windows-1251 or koi8-r; detected when absent"),
                ],
                body: ("text/csv", "the registry file, as its bytes"), handler: importFile),
            Route(
                method: .get, path: "/api/v1/review", summary: "Candidate pairs waiting for review, surest first",
                query: [("seeking", "the party whose sought records are matched"), ("limit", "at most this many (default 50)")],
                answer: .many(ReviewPairJSON.self), handler: reviewQueue),
            Route(
                method: .post, path: "/api/v1/review/{pair}", summary: "Confirm or reject a candidate pair",
                body: ("application/json", "{\"verdict\": \"confirmed\" | \"rejected\"}"), handler: decide),
            Route(
                method: .get, path: "/api/v1/lists", summary: "The exchange lists the principal may read",
                answer: .many(ListSummaryJSON.self), handler: lists),
            Route(
                method: .post, path: "/api/v1/lists", summary: "Draft the list the principal's party releases under an agreement",
                body: ("application/json", "{\"agreement\": id}"), answer: .one(ListDetailJSON.self), handler: draftList),
            Route(
                method: .get, path: "/api/v1/lists/{id}", summary: "A list with its entries, approvals and checks",
                answer: .one(ListReportJSON.self), handler: list),
            Route(
                method: .post, path: "/api/v1/lists/{id}/entries", summary: "Add held persons to the draft, by reference",
                body: ("application/json", "{\"references\": [reference, …]}"), answer: .one(ListDetailJSON.self),
                handler: addEntries),
            Route(
                method: .delete, path: "/api/v1/lists/{id}/entries/{reference}", summary: "Take a person off the draft",
                answer: .one(ListDetailJSON.self), handler: removeEntry),
            Route(
                method: .get, path: "/api/v1/lists/{id}/suggestion",
                summary: "Persons who would fill the quota, best first, each with its reasons", handler: suggestion),
            Route(
                method: .post, path: "/api/v1/lists/{id}/freeze",
                summary: "Freeze the draft for signature; refused while a check finds an error",
                answer: .one(ListDetailJSON.self), handler: freeze),
            Route(
                method: .post, path: "/api/v1/lists/{id}/approvals",
                summary: "Approve the frozen version with an Ed25519 signature over its digest",
                body: ("application/json", "{\"digest\": hex, \"publicKey\": base64, \"signature\": base64}"),
                answer: .one(ListDetailJSON.self), handler: approve),
            Route(
                method: .get, path: "/api/v1/lists/{id}/bundle",
                summary: "The frozen version and its signatures, verifiable with no database", handler: bundle),
            Route(
                method: .get, path: "/api/v1/lists/{id}/handover", summary: "The outcomes recorded at the handover so far",
                handler: outcomes),
            Route(
                method: .post, path: "/api/v1/lists/{id}/handover",
                summary: "Record one person's outcome, or everyone remaining as transferred",
                body: (
                    "application/json",
                    "{\"reference\", \"outcome\": transferred|withheld|refused|deceased|substituted, \"substitute\"?, \"date\"?} or {\"remainingTransferred\": true, \"date\"?}"
                ),
                handler: recordOutcome),
            Route(
                method: .post, path: "/api/v1/agreements/{id}/handover/close",
                summary: "Close the handover: records the exchange with the figures delivered each way",
                body: ("application/json", "{\"date\"?: YYYY-MM-DD, \"partialReason\"?: why a direction is left open}"),
                handler: closeHandover),
            Route(
                method: .get, path: "/api/v1/agreements/{id}/reconciliation",
                summary: "Agreed, listed, signed and delivered per side, and the public statement",
                answer: .one(ReconciliationJSON.self), handler: reconciliation),
            Route(
                method: .get, path: "/api/v1/journal/verification",
                summary: "Recompute the journal's chain, checkpoints and every subject's state",
                answer: .one(JournalReportJSON.self), handler: verifyJournal),
            Route(method: .get, path: "/api/v1/users", summary: "The accounts", handler: users),
            Route(
                method: .post, path: "/api/v1/users", summary: "Add an account",
                body: (
                    "application/json", "{\"username\", \"principal\": e.g. official:UA, \"password\": 12 characters or more}"
                ),
                handler: addUser),
            Route(
                method: .post, path: "/api/v1/users/{username}/disable", summary: "Disable an account and end its sessions",
                handler: disableUser),
            Route(
                method: .post, path: "/api/v1/users/{username}/enable", summary: "Enable a disabled account again",
                handler: enableUser),
        ]
    }

    // MARK: - Imports and review

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

    @Sendable func reviewQueue(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let query = request.uri.queryParameters
        // An official reviews the matches of its own party's sought records unless it names another party.
        let own = principal.role == .official ? principal.party : nil
        guard let seeking = query["seeking"].map({ Party.Code(rawValue: String($0).uppercased()) }) ?? own else {
            throw FormFieldError(field: "seeking")
        }
        let items = try database.reviewQueue(
            seeking: seeking, limit: min(500, query["limit"].flatMap { Int(String($0)) } ?? 50), as: principal)
        return try json(items.map(ReviewPairJSON.init))
    }

    @Sendable func decide(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let pair = context.parameters.get("pair", as: Int64.self) else { throw StoreError.unknownCandidate(0) }
        struct Body: Decodable { let verdict: MatchDecision.Verdict }
        let body = try await decode(Body.self, request, context)
        return try json(try database.decide(MatchCandidate.ID(rawValue: pair), body.verdict, as: principal))
    }

    // MARK: - Lists

    @Sendable func lists(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.lists(as: try context.principal()).map(ListSummaryJSON.init))
    }

    @Sendable func draftList(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable { let agreement: Int64 }
        let body = try await decode(Body.self, request, context)
        guard let releasing = principal.party else {
            throw AccessDenied(principal: principal, action: .editLists, scope: .common)
        }
        let state = try database.draftList(agreement: Agreement.ID(rawValue: body.agreement), releasing: releasing, as: principal)
        return try json(ListDetailJSON(state), status: .created)
    }

    @Sendable func list(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(ListReportJSON(try await database.checkList(try listID(context), as: try context.principal())))
    }

    @Sendable func addEntries(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable { let references: [String] }
        let body = try await decode(Body.self, request, context)
        return try json(ListDetailJSON(try database.addToList(try listID(context), references: body.references, as: principal)))
    }

    @Sendable func removeEntry(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let reference = context.parameters.get("reference") else { throw FormFieldError(field: "reference") }
        return try json(ListDetailJSON(try database.removeFromList(try listID(context), references: [reference], as: principal)))
    }

    @Sendable func suggestion(_ request: Request, _ context: WebContext) async throws -> Response {
        struct Pick: Encodable {
            let record: RegistryRecord
            let reasons: [String]
        }
        let picks = try await database.suggest(for: try listID(context), as: try context.principal())
        return try json(picks.map { Pick(record: $0.record, reasons: $0.reasons) })
    }

    @Sendable func freeze(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(ListDetailJSON(try await database.freezeList(try listID(context), as: try context.principal())))
    }

    @Sendable func approve(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable {
            let digest: String
            let publicKey: String
            let signature: String
        }
        let body = try await decode(Body.self, request, context)
        let state = try database.approveList(
            try listID(context), digest: body.digest, publicKey: body.publicKey, signature: body.signature, as: principal)
        return try json(ListDetailJSON(state), status: .created)
    }

    @Sendable func bundle(_ request: Request, _ context: WebContext) async throws -> Response {
        let bundle = try database.exportList(try listID(context), as: try context.principal())
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: bundle.text + "\n")))
    }

    // MARK: - Handover and reconciliation

    @Sendable func outcomes(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.handoverOutcomes(list: try listID(context), as: try context.principal()))
    }

    @Sendable func recordOutcome(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try listID(context)
        struct Body: Decodable {
            var reference: String?
            var outcome: HandoverOutcome.Kind?
            var substitute: String?
            var date: PartialDate?
            var remainingTransferred: Bool?
        }
        let body = try await decode(Body.self, request, context)
        let date = body.date ?? database.today()
        if body.remainingTransferred == true {
            struct Count: Encodable { let transferred: Int }
            return try json(
                Count(transferred: try database.recordRemainingTransferred(list: id, on: date, as: principal)), status: .created)
        }
        guard let reference = body.reference else { throw FormFieldError(field: "reference") }
        guard let outcome = body.outcome else { throw FormFieldError(field: "outcome") }
        return try json(
            try database.recordOutcome(
                list: id, reference: reference, outcome: outcome, substitute: body.substitute, on: date, as: principal),
            status: .created)
    }

    @Sendable func closeHandover(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        struct Body: Decodable {
            var date: PartialDate?
            var partialReason: String?
        }
        let body = try await decode(Body.self, request, context)
        let exchange = try database.closeHandover(
            agreement: try agreementID(context), on: body.date ?? database.today(), partialReason: body.partialReason,
            as: principal)
        return try json(exchange, status: .created)
    }

    @Sendable func reconciliation(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try agreementID(context)
        return try json(
            ReconciliationJSON(
                try database.reconcile(agreement: id, as: principal),
                statement: try database.statement(agreement: id, as: principal)))
    }

    @Sendable func verifyJournal(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(JournalReportJSON(try database.verifyJournal(as: try context.principal())))
    }

    // MARK: - Accounts

    @Sendable func users(_ request: Request, _ context: WebContext) async throws -> Response {
        try json(try database.users(as: try context.principal()))
    }

    @Sendable func addUser(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        // Asked before the password is hashed, which is slow by design.
        try AccessPolicy.check(principal, .manageUsers, in: .common)
        struct Body: Decodable {
            let username: String
            let principal: String
            let password: String
        }
        let body = try await decode(Body.self, request, context)
        let account = try database.addUser(
            body.username, password: body.password,
            principal: try Principal(parsing: body.principal), as: principal)
        return try json(account, status: .created)
    }

    @Sendable func disableUser(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let username = context.parameters.get("username") else { throw FormFieldError(field: "username") }
        return try json(
            try database.disableUser(username, as: try context.principal(), signedIn: context.session?.account.id))
    }

    @Sendable func enableUser(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let username = context.parameters.get("username") else { throw FormFieldError(field: "username") }
        return try json(try database.enableUser(username, as: try context.principal()))
    }

    // MARK: - Helpers

    private func listID(_ context: WebContext) throws -> ExchangeList.ID {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownList(ExchangeList.ID(0)) }
        return ExchangeList.ID(rawValue: id)
    }

    private func agreementID(_ context: WebContext) throws -> Agreement.ID {
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
