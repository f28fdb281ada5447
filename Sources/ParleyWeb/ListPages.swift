import Foundation
import Hummingbird
import ParleyCore
import ParleyLedger
import ParleyStore

/// The list builder, its checks and suggestion, and the signatures: each page offers only the actions the
/// access policy and the list's state allow, and each action is a use case that asks the policy again.
struct ListPages {
    let database: AppDatabase
    let views: Views

    /// How many suggested persons the list page shows with their reasons.
    static let suggestionsShown = 30

    func register(on router: Router<WebContext>) {
        router.get("/lists") { _, context in try lists(context) }
        router.post("/lists") { request, context in try await draft(request, context) }
        router.get("/lists/{id}") { _, context in try await list(context) }
        router.post("/lists/{id}/entries") { request, context in try await add(request, context) }
        router.post("/lists/{id}/removals") { request, context in try await remove(request, context) }
        router.post("/lists/{id}/suggestion") { _, context in try await fill(context) }
        router.post("/lists/{id}/freeze") { _, context in try await freeze(context) }
        router.post("/lists/{id}/approvals") { request, context in try await sign(request, context) }
        router.get("/lists/{id}/bundle") { _, context in try bundle(context) }
    }

    // MARK: - Lists

    private func lists(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let states = try database.lists(as: principal)
        var values: [String: Any] = [
            "lists": states.map { state in
                [
                    "id": state.list.id.rawValue, "agreement": state.agreement.id.rawValue,
                    "direction": state.list.direction, "version": state.latest.number, "state": state.phase,
                    "entries": state.entries.count,
                ] as [String: Any]
            }
        ]
        // An official drafts the list its party releases, under an agreement of a round its party is in.
        if let party = principal.party, AccessPolicy.permits(principal, .editLists, in: .party(party)) {
            let drafted = Set(states.filter { $0.list.releasing == party }.compactMap { $0.agreement.id })
            let open = try database.agreements(as: principal).filter { summary in
                summary.round.parties.contains(party) && !drafted.contains(summary.agreement.id)
            }
            if !open.isEmpty {
                values["draft"] = [
                    "party": party.rawValue,
                    "agreements": open.map { ["id": $0.agreement.id.rawValue, "wording": $0.agreement.wording] },
                ]
            }
        }
        return try views.page("lists", title: "Exchange lists", context: context, values: values)
    }

    private func draft(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard let agreement = form["agreement"].flatMap(Int64.init) else { throw FormFieldError(field: "agreement") }
        guard let releasing = principal.party else {
            throw AccessDenied(principal: principal, action: .editLists, scope: .common)
        }
        let state = try database.draftList(agreement: Agreement.ID(rawValue: agreement), releasing: releasing, as: principal)
        return redirect(to: state.list.id)
    }

    private func list(_ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        let report = try await database.checkList(id, as: principal)
        let state = report.state
        let findings = Dictionary(grouping: report.findings, by: { $0.reference ?? "" })
        let outcomes = Dictionary(report.outcomes.map { ($0.record, $0.kind) }) { first, _ in first }
        let mayEdit = !state.latest.isFrozen && AccessPolicy.permits(principal, .editLists, in: .party(state.list.releasing))
        var values: [String: Any] = [
            "listID": id.rawValue, "direction": state.list.direction, "version": state.latest.number,
            "state": state.phase, "quota": state.quota.wording, "entryCount": state.entries.count,
            "digest": state.latest.freezing?.digest ?? "",
            "signed": state.approvals.map { ["signer": $0.signer.description, "at": $0.at] },
            "missing": state.latest.isFrozen ? state.missingSigners.map(\.description) : [],
            "listFindings": (findings[""] ?? []).map { ["severity": $0.severity.rawValue, "reason": $0.reason] },
            "entries": state.entries.enumerated().map { offset, record in
                var row = RecordRow(record).values
                row["position"] = offset + 1
                row["findings"] = (findings[record.reference] ?? []).map {
                    ["severity": $0.severity.rawValue, "rule": $0.rule.rawValue, "reason": $0.reason]
                }
                if state.isApproved {
                    row["outcome"] = outcomes[record.id]?.rawValue ?? "no outcome yet"
                }
                return row
            },
            "checkedAt": report.frozen.map { "when it was frozen at \($0.at)" } ?? "now",
            "approved": state.isApproved,
            "errors": report.errors.count, "hasErrors": !report.errors.isEmpty, "warnings": report.warnings.count,
            "mayEdit": mayEdit,
            "mayFreeze": mayEdit && !state.entries.isEmpty,
            "maySign": state.latest.isFrozen && state.missingSigners.contains(principal),
            "frozen": state.latest.isFrozen,
            "mayRecordHandover": state.isApproved
                && AccessPolicy.permits(principal, .recordHandover, in: state.list.scope(for: principal)),
        ]
        if mayEdit {
            let picks = try await database.suggest(for: id, as: principal)
            values["suggestion"] = [
                "count": picks.count, "hasPicks": !picks.isEmpty,
                "picks": picks.prefix(Self.suggestionsShown).map { pick in
                    var row = RecordRow(pick.record).values
                    row["reasons"] = pick.reasons.joined(separator: "; ")
                    return row
                },
                "more": max(0, picks.count - Self.suggestionsShown), "hasMore": picks.count > Self.suggestionsShown,
            ]
        }
        return try views.page("list", title: "List \(id.rawValue)", context: context, values: values)
    }

    private func add(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        var request = request
        let references = Self.references(in: try await SubmittedForm.read(&request, context: context)["references"] ?? "")
        guard !references.isEmpty else { throw FormFieldError(field: "references") }
        _ = try database.addToList(id, references: references, as: principal)
        return redirect(to: id)
    }

    private func remove(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        var request = request
        guard let reference = try await SubmittedForm.read(&request, context: context)["reference"], !reference.isEmpty else {
            throw FormFieldError(field: "reference")
        }
        _ = try database.removeFromList(id, references: [reference], as: principal)
        return redirect(to: id)
    }

    /// Adds everyone the suggestion names, as the official saw them on the page.
    private func fill(_ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        _ = try await database.addSuggested(to: id, as: principal)
        return redirect(to: id)
    }

    private func freeze(_ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        _ = try await database.freezeList(id, as: principal)
        return redirect(to: id)
    }

    /// An approval: a signature made in the browser (with the page's script, the key never leaving the
    /// signer's computer), or, without script, the key file sent with the form, used once and kept nowhere.
    private func sign(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        if let signature = form["signature"], !signature.isEmpty {
            guard let digest = form["digest"], let publicKey = form["public_key"] else { throw FormFieldError(field: "digest") }
            _ = try database.approveList(id, digest: digest, publicKey: publicKey, signature: signature, as: principal)
        } else if let file = form.file("key") {
            let keyFile = try SigningKeyFile(parsing: file.content.text, file: file.filename ?? "key")
            // The digest the signer saw on the page, so that a version frozen since is not signed unseen.
            guard let shown = form["digest"] else { throw FormFieldError(field: "digest") }
            _ = try database.signList(id, with: keyFile, expectedDigest: shown, as: principal)
        } else {
            throw FormFieldError(field: "key")
        }
        return redirect(to: id)
    }

    private func bundle(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let id = try Self.listID(context)
        let bundle = try database.exportList(id, as: principal)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"list-\(id.rawValue)-\(bundle.digest.hex.prefix(12)).json\"",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: bundle.text + "\n")))
    }

    // MARK: - Helpers

    /// The list named in the path.
    static func listID(_ context: WebContext) throws -> ExchangeList.ID {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownList(ExchangeList.ID(0)) }
        return ExchangeList.ID(rawValue: id)
    }

    private func redirect(to id: ExchangeList.ID) -> Response {
        Response(status: .seeOther, headers: [.location: "/lists/\(id.rawValue)"])
    }

    /// References typed or pasted one per line, or separated by commas or spaces.
    static func references(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }
}
