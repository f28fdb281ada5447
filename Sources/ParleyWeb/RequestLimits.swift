import Hummingbird
import NIOCore
import ParleyCore

/// How much the server takes from anyone: bodies by route, slow request heads, idle connections,
/// connections at once.
///
/// A body is refused with 413 before it is read when its `Content-Length` is over the route's
/// limit, and as soon as the bytes read pass the limit when it has none; so no one, signed in or
/// not, makes the server hold more than the route allows.
public struct RequestLimits: Sendable, Hashable {
    /// Sign-in forms and JSON: a username and a password.
    public var signInBody: Int
    /// Every other form and JSON body, a key file to sign with included.
    public var formBody: Int
    /// A registry file, uploaded to import (`POST /import`, `POST /api/v1/imports`).
    public var uploadBody: Int
    /// A request's head must arrive whole within this long of the connection opening or of the
    /// previous answer being sent, else the connection is closed (``ConnectionGuard``).
    public var headTimeout: Duration
    /// A connection that sends nothing for this long, half-sent request or not, is closed.
    public var idleTimeout: Duration
    /// Connections served at once; more wait to be accepted.
    public var maxConnections: Int

    public init(
        signInBody: Int = 8 * 1024, formBody: Int = 1024 * 1024, uploadBody: Int = 512 * 1024 * 1024,
        headTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(20), maxConnections: Int = 512
    ) {
        self.signInBody = signInBody
        self.formBody = formBody
        self.uploadBody = uploadBody
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The largest body the route of `method` and `path` reads.
    func bodyLimit(method: HTTPRequest.Method, path: String) -> Int {
        guard method == .post else { return formBody }
        switch path {
        case Self.signInPaths.page, Self.signInPaths.api: return signInBody
        case Self.uploadPaths.page, Self.uploadPaths.api: return uploadBody
        default: return formBody
        }
    }

    static let signInPaths = (page: "/login", api: "/api/v1/session")
    static let uploadPaths = (page: "/import", api: "/api/v1/imports")
}

/// Sets the request's body limit from its route and the spool its uploads go to, and refuses at once
/// a body declared larger.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let limits: RequestLimits
    let spool: BodySpool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var context = context
        context.bodyLimit = limits.bodyLimit(method: request.method, path: request.uri.path)
        context.spool = spool
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > context.bodyLimit {
            throw BodyTooLarge(limit: context.bodyLimit, declared: declared)
        }
        do {
            return try await next(request, context)
        } catch is NIOTooManyBytesError {
            // Read past the limit by a reader of Hummingbird's own, such as its JSON decoding.
            throw BodyTooLarge(limit: context.bodyLimit, declared: nil)
        }
    }
}

extension Request {
    /// The whole body, up to the limit the request's route allows; ``BodyTooLarge`` past it.
    mutating func collectBody(within context: WebContext) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: context.bodyLimit)
        } catch is NIOTooManyBytesError {
            throw BodyTooLarge(limit: context.bodyLimit, declared: nil)
        }
    }
}

/// A request body larger than its route takes.
struct BodyTooLarge: ParleyError {
    let limit: Int
    /// The `Content-Length` sent, when there was one.
    let declared: Int?

    var code: String { "request.too-large" }
    var message: String {
        "the request's body " + (declared.map { "is \(Self.size($0))" } ?? "passed \(Self.size(limit))")
            + ", more than the \(Self.size(limit)) this address takes"
    }
    var remedy: String {
        "Send a smaller body; a registry file larger than that is split into several files, imported one after another"
    }

    /// "8 KiB", "512 MiB".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
