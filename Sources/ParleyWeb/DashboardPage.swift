import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The first page after sign-in: the counts the principal may read and the timeline of talks and exchanges.
struct DashboardPage {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/") { _, context in try dashboard(context) }
    }

    private func dashboard(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        guard AccessPolicy.permits(principal, .readCounts, in: .common) else {
            return Response(status: .seeOther, headers: [.location: "/case"])
        }
        let counts = try database.recordCounts(as: principal)
        let canReadTalks = AccessPolicy.permits(principal, .readTalks, in: .common)
        let rounds = canReadTalks ? try database.rounds(as: principal) : []
        let exchanges = canReadTalks ? try database.exchanges(as: principal) : []
        var values: [String: Any] = [
            "counts": counts.map {
                ["party": $0.party.rawValue, "kind": $0.kind.rawValue, "status": $0.status, "count": $0.count] as [String: Any]
            },
            "timeline": Timeline(rounds: rounds, exchanges: exchanges).svg,
        ]
        if let last = exchanges.last, let since = Interval(from: last.date, to: database.today()) {
            values["sinceLastExchange"] = ["date": last.date.description, "days": since.totalDays] as [String: Any]
        }
        return try views.page("dashboard", title: "Dashboard", context: context, values: values)
    }
}
