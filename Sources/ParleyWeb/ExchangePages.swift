import Foundation
import Hummingbird
import ParleyCore
import ParleyLinkage
import ParleyStore

/// The pages of talks, reconciliation, review and the journal.
struct ExchangePages {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/talks") { _, context in try talks(context) }
        router.get("/agreements/{id}/reconciliation") { _, context in try reconciliation(context) }
        router.get("/review") { request, context in try review(request, context) }
        router.post("/review/{pair}") { request, context in try await decide(request, context) }
        router.get("/journal") { _, context in try journal(context) }
    }

    private func talks(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let rounds = try database.rounds(as: principal)
        let agreements = try database.agreements(as: principal)
        let values: [String: Any] = [
            "rounds": rounds.map { round in
                [
                    "id": round.id?.rawValue ?? 0, "venue": "\(round.venueCity), \(round.venueCountry)", "dates": round.dates,
                    "host": round.host.rawValue, "mediators": round.mediators.map(\.rawValue).joined(separator: ", "),
                    "parties": round.parties.map(\.rawValue).joined(separator: ", "),
                ] as [String: Any]
            },
            "agreements": agreements.map { summary in
                let agreement = summary.agreement
                return [
                    "id": agreement.id?.rawValue ?? 0, "round": summary.round.id?.rawValue ?? 0, "wording": agreement.wording,
                    "subject": agreement.subject.wording,
                    "basis": agreement.quantity?.basis.rawValue ?? "all for all",
                    "unspecified": agreement.blocksFreezing,
                    "readings": summary.readings.map(\.sentence),
                    "categories": agreement.categories.map(\.name).joined(separator: ", "),
                    "unequal": agreement.unequalCounts.map { "\($0.wording), because \($0.justification)" } ?? "",
                    "since": summary.sincePreviousExchange.map { "\($0.wording) (\($0.totalDays) days) since \($0.from)" } ?? "",
                ] as [String: Any]
            },
        ]
        return try views.page("talks", title: "Talks and agreements", context: context, values: values)
    }

    private func reconciliation(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownAgreement(0) }
        let reconciliation = try database.reconcile(agreement: Agreement.ID(rawValue: id), as: principal)
        let statement = try database.statement(agreement: Agreement.ID(rawValue: id), as: principal)
        let values: [String: Any] = [
            "agreement": id,
            "sides": reconciliation.sides.map { side in
                [
                    "direction": "\(side.releasing.rawValue) → \(side.receiving.rawValue)",
                    "agreed": side.agreed.map(String.init) ?? "—", "listed": side.listed,
                    "signed": side.signedVersion == nil ? "—" : String(side.signed), "delivered": side.delivered,
                    "differences": side.differences,
                ] as [String: Any]
            },
            "since": reconciliation.sincePreviousExchange.map {
                "The first exchange in \($0.wording) (\($0.totalDays) days), since \($0.from)."
            } ?? "",
            "statement": statement,
        ]
        return try views.page("reconciliation", title: "Reconciliation", context: context, values: values)
    }

    private func review(_ request: Request, _ context: WebContext) throws -> Response {
        let principal = try context.principal()
        // Whose sought records: as asked, else the principal's own party's, else the first party that seeks any.
        let belligerents = try database.parties(as: principal).filter { $0.roles.contains(.belligerent) }.map(\.code)
        let asked = request.uri.queryParameters["seeking"].map { Party.Code(rawValue: String($0).uppercased()) }
        guard let seeking = asked ?? principal.party.flatMap({ belligerents.contains($0) ? $0 : nil }) ?? belligerents.first
        else {
            return try views.page("review", title: "Review queue", context: context, values: [:])
        }
        let items = try database.reviewQueue(seeking: seeking, limit: 20, as: principal)
        let values: [String: Any] = [
            "seeking": seeking.rawValue,
            "parties": belligerents.map { ["code": $0.rawValue, "current": $0 == seeking] as [String: Any] },
            "hasChoices": belligerents.count > 1,
            "items": items.map { item in
                [
                    "pair": item.candidate.id?.rawValue ?? 0,
                    "probability": MatchWeight(item.candidate).probabilityWording,
                    "weight": MatchWeight(item.candidate).wording,
                    "sought": RecordRow(item.sought).values, "held": RecordRow(item.held).values,
                    "fields": item.candidate.explanation.map {
                        ["field": $0.field, "level": $0.level, "weight": String(format: "%+.1f", $0.weight)]
                    },
                ] as [String: Any]
            },
        ]
        return try views.page("review", title: "Review queue", context: context, values: values)
    }

    private func decide(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let pair = context.parameters.get("pair", as: Int64.self) else { throw StoreError.unknownCandidate(0) }
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard let verdict = form["verdict"].flatMap(MatchDecision.Verdict.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: "verdict is confirmed or rejected")
        }
        _ = try database.decide(MatchCandidate.ID(rawValue: pair), verdict, as: principal)
        let seeking = form["seeking"] ?? ""
        return Response(status: .seeOther, headers: [.location: "/review?seeking=\(seeking)"])
    }

    private func journal(_ context: WebContext) throws -> Response {
        let report = try database.verifyJournal(as: try context.principal())
        let values: [String: Any] = [
            "intact": report.isIntact, "entries": report.entries, "head": report.head.hex, "root": report.root.hex,
            "checkpoints": report.checkpoints, "subjects": report.subjectsChecked,
            "problem": report.problem.map { "\($0.message). \($0.remedy)." } ?? "",
        ]
        return try views.page("journal", title: "Journal", context: context, values: values)
    }
}
