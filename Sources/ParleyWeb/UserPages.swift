import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// The administrator's page of accounts: who may sign in, as whom; adding one, disabling one, enabling it again.
struct UserPages {
    let database: AppDatabase
    let views: Views

    func register(on router: Router<WebContext>) {
        router.get("/users") { _, context in try users(context) }
        router.post("/users") { request, context in try await add(request, context) }
        router.post("/users/{username}/disable") { _, context in try disable(context) }
        router.post("/users/{username}/enable") { _, context in try enable(context) }
    }

    private func users(_ context: WebContext) throws -> Response {
        let accounts = try database.users(as: try context.principal())
        let values: [String: Any] = [
            "users": accounts.map { account in
                [
                    "username": account.username, "principal": account.principal.description,
                    "disabled": account.isDisabled, "failedLogins": account.failedLogins, "createdAt": account.createdAt,
                    "yours": account.id == context.session?.account.id,
                ] as [String: Any]
            },
            "minimumPasswordLength": Passwords.minimumLength,
        ]
        return try views.page("users", title: "Users", context: context, values: values)
    }

    private func add(_ request: Request, _ context: WebContext) async throws -> Response {
        let principal = try context.principal()
        // Asked before the form is read and the password hashed, which is slow by design.
        try AccessPolicy.check(principal, .manageUsers, in: .common)
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard let username = form["username"], !username.isEmpty else { throw FormFieldError(field: "username") }
        guard let role = form["principal"], !role.isEmpty else { throw FormFieldError(field: "principal") }
        _ = try database.addUser(
            username, password: form["password"] ?? "", principal: try Principal(parsing: role),
            as: principal)
        return Response(status: .seeOther, headers: [.location: "/users"])
    }

    private func disable(_ context: WebContext) throws -> Response {
        guard let username = context.parameters.get("username") else { throw FormFieldError(field: "username") }
        _ = try database.disableUser(username, as: try context.principal(), signedIn: context.session?.account.id)
        return Response(status: .seeOther, headers: [.location: "/users"])
    }

    private func enable(_ context: WebContext) throws -> Response {
        guard let username = context.parameters.get("username") else { throw FormFieldError(field: "username") }
        _ = try database.enableUser(username, as: try context.principal())
        return Response(status: .seeOther, headers: [.location: "/users"])
    }
}
