import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The journal's verification, as the administrator and the observers read it.
struct JournalPage {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/journal") { _, context in try journal(context) }
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
