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
/// anti-forgery token in the `_csrf` form field or the `X-CSRF-Token` header (sign-in excepted).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard request.method != .get && request.method != .head && request.method != .options else {
            return try await next(request, context)
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" && site != "none" {
            throw CrossSiteRequest(reason: "Sec-Fetch-Site is \(site)")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host,
                "\(originHost)\(url.port.map { ":\($0)" } ?? "")" == host
            else { throw CrossSiteRequest(reason: "the Origin \(origin) is not this site (\(host))") }
        }
        var request = request
        // Signing in acts with no session, and ends any the browser still holds; the Origin check above still applies.
        let signsIn = request.uri.path == "/login" || request.uri.path == "/api/v1/session" && request.method == .post
        if let session = context.session, !signsIn {
            var presented = request.headers[HTTPField.Name("X-CSRF-Token")!]
            if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: context.maxUploadSize)
                presented = Form(String(buffer: body))["_csrf"]
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

/// An `application/x-www-form-urlencoded` body, read field by field.
struct Form {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            guard let key = parts.first else { continue }
            let name = decode(key)
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }
}
