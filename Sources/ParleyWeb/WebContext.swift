import Hummingbird
import ParleyCore
import ParleyStore

/// What a request carries through the middleware to its handler: the signed-in session, if any.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` when the request's cookie names a live session.
    public var session: WebSession?
    /// The token of that session, to end it at sign-out.
    public var sessionToken: String?
    /// The IP address at the other end of the connection, as text; `nil` when there is none, as in the
    /// router's tests. Sign-ins are throttled by it.
    public let peerAddress: String?
    /// The largest body the request's route reads, set by ``BodyLimitMiddleware``.
    public var bodyLimit = RequestLimits().formBody
    /// Where an uploaded body is written as it arrives, set by ``BodyLimitMiddleware``.
    public var spool = BodySpool.temporary
    /// What Hummingbird's own decoding reads at most: the route's body limit.
    public var maxUploadSize: Int { bodyLimit }

    public init(source: Source) {
        coreContext = CoreRequestContextStorage(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The principal acting, or an error that sends the person to sign in.
    public func principal() throws(SignInRequired) -> Principal {
        guard let session else { throw SignInRequired() }
        return session.account.principal
    }
}

/// The request needs a signed-in session.
public struct SignInRequired: ParleyError {
    public var code: String { "session.required" }
    public var message: String { "you are not signed in, or your session has ended" }
    public var remedy: String { "Sign in at /login" }
}
