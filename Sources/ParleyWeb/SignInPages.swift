import Foundation
import Hummingbird
import ParleyCore
import ParleyStore

/// Signing in and out: the form, the attempt through the throttle, and the session cookie.
struct SignInPages {
    let database: AppDatabase
    let views: Views
    let configuration: WebConfiguration
    let signIns: SignIns

    func register(on router: Router<WebContext>) {
        router.get("/login") { _, context in
            if context.session != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return try views.page("login", title: "Sign in", context: context)
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { _, context in
            if let token = context.sessionToken { try database.endSession(token: token) }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(WebApp.clearedSessionCookie(configuration: configuration))
            return response
        }
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await SubmittedForm.read(&request, context: context)
        guard
            let started = try await signIns.attempt(
                username: form["username"] ?? "", password: form["password"] ?? "", from: signIns.client(of: request, context))
        else {
            var response = try views.page("login", title: "Sign in", context: context, values: ["failed": true])
            response.status = .unauthorized
            return response
        }
        // A session known before sign-in is worth nothing after it: the old one ends, a new token is issued.
        if let old = context.sessionToken { try database.endSession(token: old) }
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(WebApp.sessionCookie(started.token, configuration: configuration))
        return response
    }
}
