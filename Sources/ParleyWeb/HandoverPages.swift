import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The handover of an approved list: one outcome per person, "everyone remaining", and closing the
/// agreement's handover. Each action is a use case that asks the access policy.
struct HandoverPages {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/lists/{id}/handover") { _, context in try await handover(context) }
        router.post("/lists/{id}/handover") { request, context in try await recordOutcome(request, context) }
        router.post("/agreements/{id}/handover/close") { request, context in try await close(request, context) }
    }

    private func handover(_ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try ListPages.listID(context)
        let state = try database.list(id, as: principal)
        let outcomes = try database.handoverOutcomes(list: id, as: principal)
        let byRecord = Dictionary(outcomes.map { ($0.record, $0) }, uniquingKeysWith: { first, _ in first })
        let mayRecord =
            state.isApproved && AccessPolicy.permits(principal, .recordHandover, in: state.list.scope(for: principal))
        let substitutes = mayRecord ? try await database.substitutes(for: id, as: principal).prefix(50) : []
        let pending = state.entries.filter { byRecord[$0.id] == nil }.count
        let values: [String: Any] = [
            "listID": id.rawValue, "direction": state.list.direction, "agreement": state.agreement.id.rawValue,
            "approved": state.isApproved, "mayRecord": mayRecord, "today": database.today().description,
            "pending": pending, "hasPending": pending > 0, "recorded": outcomes.count,
            "kinds": HandoverOutcome.Kind.allCases.map(\.rawValue),
            "entries": state.entries.enumerated().map { offset, record in
                var row = RecordRow(record).values
                row["position"] = offset + 1
                if let outcome = byRecord[record.id] {
                    row["outcome"] = ["kind": outcome.kind.rawValue, "date": outcome.date.description]
                }
                return row
            },
            "substitutes": substitutes.map { ["reference": $0.record.reference, "reasons": $0.reasons.joined(separator: "; ")] },
        ]
        return try views.page("handover", title: "Handover of list \(id.rawValue)", context: context, values: values)
    }

    private func recordOutcome(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        let id = try ListPages.listID(context)
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        let date = try Self.date(form["date"]) ?? database.today()
        if form["remaining"] == "transferred" {
            _ = try database.recordRemainingTransferred(list: id, on: date, as: principal)
        } else {
            guard let reference = form["reference"], !reference.isEmpty else { throw FormFieldError(field: "reference") }
            guard let kind = form["outcome"].flatMap(HandoverOutcome.Kind.init(rawValue:)) else {
                throw FormFieldError(field: "outcome")
            }
            let substitute = form["substitute"].flatMap { $0.isEmpty ? nil : $0 }
            _ = try database.recordOutcome(
                list: id, reference: reference, outcome: kind, substitute: substitute, on: date, as: principal)
        }
        return Response(status: .seeOther, headers: [.location: "/lists/\(id.rawValue)/handover"])
    }

    private func close(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        guard let agreement = context.parameters.get("id", as: Int64.self) else { throw StoreError.unknownAgreement(0) }
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        let date = try Self.date(form["date"]) ?? database.today()
        let reason = form["partial_reason"].flatMap { $0.isEmpty ? nil : $0 }
        _ = try database.closeHandover(
            agreement: Agreement.ID(rawValue: agreement), on: date, partialReason: reason, as: principal)
        return Response(status: .seeOther, headers: [.location: "/agreements/\(agreement)/reconciliation"])
    }

    /// A date field: empty means none.
    static func date(_ text: String?) throws(FormFieldError) -> PartialDate? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try PartialDate(parsing: text)
        } catch {
            throw FormFieldError(field: "date", value: text, reason: error.description)
        }
    }
}
