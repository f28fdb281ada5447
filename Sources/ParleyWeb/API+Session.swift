import Hummingbird
import ParleyStore

/// The API's routes for signing in and out, and who is signed in.
extension API {
    struct SignInBody: Decodable {
        let username: String
        let password: String
    }

    struct SessionView: Encodable {
        let username: String
        let principal: String
        let csrfToken: String
    }

    var sessionRoutes: [Route] {
        [
            Route(
                method: .post, path: "/api/v1/session", summary: "Sign in; sets the session cookie",
                body: ("application/json", "{\"username\": …, \"password\": …}"), isPublic: true, handler: signIn),
            Route(method: .delete, path: "/api/v1/session", summary: "Sign out: the session ends", handler: signOut),
            Route(
                method: .get, path: "/api/v1/session", summary: "Who is signed in, and the anti-forgery token", handler: whoAmI),
        ]
    }

    @Sendable private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let body = try await decode(SignInBody.self, request, context)
        guard
            let started = try await signIns.attempt(
                username: body.username, password: body.password, from: signIns.client(of: request, context))
        else {
            return Problem(
                status: .unauthorized, code: "session.refused", title: "the username or password is wrong",
                detail: "The username or password is wrong. Check them and try again."
            ).response
        }
        if let old = context.sessionToken { try database.endSession(token: old) }
        let account = started.session.account
        var response = try json(
            SessionView(
                username: account.username, principal: account.principal.description, csrfToken: started.session.csrfToken),
            status: .created)
        response.setCookie(WebApp.sessionCookie(started.token, configuration: configuration))
        return response
    }

    @Sendable private func signOut(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try context.principal()
        if let token = context.sessionToken { try database.endSession(token: token) }
        var response = Response(status: .noContent)
        response.setCookie(WebApp.clearedSessionCookie(configuration: configuration))
        return response
    }

    @Sendable private func whoAmI(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try context.principal()
        guard let session = context.session else { throw SignInRequired() }
        return try json(
            SessionView(
                username: session.account.username, principal: session.account.principal.description,
                csrfToken: session.csrfToken))
    }
}
