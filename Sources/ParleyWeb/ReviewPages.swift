import Foundation
import Hummingbird
import ParleyCore
import ParleyLinkage
import ParleyStore

/// The review queue: the pairs matching proposed for one party's sought records, and the decision on each.
struct ReviewPages {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/review") { request, context in try review(request, context) }
        router.post("/review/{pair}") { request, context in try await decide(request, context) }
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
                    "pair": item.candidate.id.rawValue,
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
}
