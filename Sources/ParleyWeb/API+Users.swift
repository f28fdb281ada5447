import Hummingbird
import ParleyCore
import ParleyStore

/// The API's routes for the accounts (admin).
extension API {
    var usersRoutes: [Route] {
        [
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
}
