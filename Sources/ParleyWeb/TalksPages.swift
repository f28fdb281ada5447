import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The rounds of talks and their agreements, and each agreement's reconciliation with its public statement.
struct TalksPages {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/talks") { _, context in try talks(context) }
        router.get("/agreements/{id}/reconciliation") { _, context in try reconciliation(context) }
    }

    private func talks(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        let rounds = try database.rounds(as: principal)
        let agreements = try database.agreements(as: principal)
        let values: [String: Any] = [
            "rounds": rounds.map { round in
                [
                    "id": round.id.rawValue, "venue": "\(round.venueCity), \(round.venueCountry)", "dates": round.dates,
                    "host": round.host.rawValue, "mediators": round.mediators.map(\.rawValue).joined(separator: ", "),
                    "parties": round.parties.map(\.rawValue).joined(separator: ", "),
                ] as [String: Any]
            },
            "agreements": agreements.map { summary in
                let agreement = summary.agreement
                return [
                    "id": agreement.id.rawValue, "round": summary.round.id.rawValue, "wording": agreement.wording,
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
}
