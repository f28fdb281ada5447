import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyStore

/// Headers every answer carries: no framing, no sniffing, no referrer, a strict content policy;
/// and no caching of any page or API answer, since they may hold personal data.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Finds the session the request's cookie names, if it is still live.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let database: AppDatabase
    let policy: SessionPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var context = context
        if let token = request.cookies[WebApp.sessionCookie]?.value,
            let session = try database.session(token: token, policy: policy)
        {
            context.session = session
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}

/// Refuses any state-changing request that a browser did not send from Parley's own pages: the
/// Origin (or Sec-Fetch-Site) must be this site, and a signed-in request must carry its session's
/// anti-forgery token in the `X-CSRF-Token` header, the `_csrf` field of a URL-encoded form, or,
/// for a form with files, the `_csrf` parameter of its action's address (sign-in excepted).
///
/// A form with files is never read here: it may be a registry of hundreds of megabytes, which the
/// route reads only after the policy has allowed its sender to send it.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard request.method != .get && request.method != .head && request.method != .options else {
            return try await next(request, context)
        }
        let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
        if let site, site != "same-origin" && site != "none" {
            throw CrossSiteRequest(reason: "Sec-Fetch-Site is \(QuotedValue.shortened(site))")
        }
        // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` with a form from this very
        // site; then only its Sec-Fetch-Site, checked above, says where the request came from.
        if request.headers[.origin] == "null" {
            guard site == "same-origin" else {
                throw CrossSiteRequest(reason: "the Origin is null and Sec-Fetch-Site is not same-origin")
            }
        } else if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host,
                "\(originHost)\(url.port.map { ":\($0)" } ?? "")" == host
            else {
                throw CrossSiteRequest(
                    reason: "the Origin \(QuotedValue.shortened(origin)) is not this site (\(QuotedValue.shortened(host)))")
            }
        }
        var request = request
        // Signing in acts with no session, and ends any the browser still holds; the Origin check above still applies.
        let signsIn = request.uri.path == "/login" || request.uri.path == "/api/v1/session" && request.method == .post
        if let session = context.session, !signsIn {
            var presented = request.headers[HTTPField.Name("X-CSRF-Token")!]
            if presented == nil, MultipartForm.boundary(contentType: request.headers[.contentType]) != nil {
                presented = request.uri.queryParameters["_csrf"].map(String.init)
            } else if presented == nil, SubmittedForm.isForm(request) {
                presented = try await SubmittedForm.read(&request, context: context)["_csrf"]
            }
            guard let presented, constantTimeEqual(presented, session.csrfToken) else {
                throw CrossSiteRequest(reason: "the anti-forgery token is missing or wrong")
            }
        }
        return try await next(request, context)
    }

    private func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A state-changing request that did not come from Parley's own pages.
struct CrossSiteRequest: ParleyError {
    let reason: String
    var code: String { "request.cross-site" }
    var message: String { "this request was refused as a possible forgery: \(reason)" }
    var remedy: String { "Reload the page and submit the form again from Parley itself" }
}
