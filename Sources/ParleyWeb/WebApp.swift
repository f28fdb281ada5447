import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ParleyCore
import ParleyStore
import ServiceLifecycle

/// How the web app runs.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var sessions: SessionPolicy
    /// Mark the session cookie `Secure`: on whenever the app is served over TLS.
    public var secureCookies: Bool
    /// How long a sign-in from an address waits after this many failures from that address (and attempts
    /// from it still in flight), whatever the usernames.
    public var loginDelay: @Sendable (Int) -> Duration
    /// How long a sign-in to one username waits after this many failures on it from every address, when it
    /// comes from an address that has failed on it too; gentler than ``loginDelay`` (see ``SignInThrottle``).
    public var accountLoginDelay: @Sendable (Int) -> Duration
    /// Take a sign-in's address from the last entry of `X-Forwarded-For`: only behind a proxy that sets it,
    /// since anyone else can write any address there.
    public var trustsForwardedFor: Bool
    /// Body sizes by route, idle connections, connections at once.
    public var limits: RequestLimits
    /// Where uploads are written while they are read.
    public var spool: BodySpool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, sessions: SessionPolicy = SessionPolicy(), secureCookies: Bool = false,
        loginDelay: @escaping @Sendable (Int) -> Duration = WebConfiguration.defaultLoginDelay,
        accountLoginDelay: @escaping @Sendable (Int) -> Duration = WebConfiguration.defaultAccountLoginDelay,
        trustsForwardedFor: Bool = false, limits: RequestLimits = RequestLimits(), spool: BodySpool = .temporary
    ) {
        self.host = host
        self.port = port
        self.sessions = sessions
        self.secureCookies = secureCookies
        self.loginDelay = loginDelay
        self.accountLoginDelay = accountLoginDelay
        self.trustsForwardedFor = trustsForwardedFor
        self.limits = limits
        self.spool = spool
    }

    /// None for the first three failures, then 1, 2, 4, 8 … seconds, at most 30.
    public static let defaultLoginDelay: @Sendable (Int) -> Duration = { failures in
        failures <= 3 ? .zero : .seconds(min(30, 1 << min(failures - 4, 5)))
    }

    /// None for the first ten failures, then one second: at most one guess a second at one name from
    /// addresses that have failed on it, however many they are.
    public static let defaultAccountLoginDelay: @Sendable (Int) -> Duration = { failures in
        failures <= 10 ? .zero : .seconds(1)
    }
}

/// Parley's web app: the pages and the JSON API over the use cases, the access policy applied to every request.
public enum WebApp {
    static let sessionCookie = "parley_session"

    /// The files under `/static/`, with their content types.
    static let staticFiles = [
        "parley.css": "text/css; charset=utf-8", "parley.js": "text/javascript; charset=utf-8",
    ]

    /// The router with every page and API route, and the middleware that guards them.
    public static func router(database: AppDatabase, views: Views, configuration: WebConfiguration) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: WriterThreadsMiddleware(threads: WriterThreads()))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware(views: views))
        router.add(middleware: BodyLimitMiddleware(limits: configuration.limits, spool: configuration.spool))
        router.add(middleware: SessionMiddleware(database: database, policy: configuration.sessions))
        router.add(middleware: CSRFMiddleware())
        let signIns = SignIns(database: database, configuration: configuration)
        SignInPages(database: database, views: views, configuration: configuration, signIns: signIns).register(on: router)
        DashboardPage(database: database, views: views).register(on: router)
        RegistryPages(database: database, views: views).register(on: router)
        TalksPages(database: database, views: views).register(on: router)
        ReviewPages(database: database, views: views).register(on: router)
        JournalPage(database: database, views: views).register(on: router)
        NodePage(database: database, views: views).register(on: router)
        ListPages(database: database, views: views).register(on: router)
        HandoverPages(database: database, views: views).register(on: router)
        ImportPage(database: database, views: views).register(on: router)
        UserPages(database: database, views: views).register(on: router)
        API(database: database, configuration: configuration, signIns: signIns).register(on: router)
        router.get("/static/{file}") { _, context in
            guard let file = context.parameters.get("file"), let type = staticFiles[file],
                let url = Bundle.module.url(forResource: "static/\(file)", withExtension: nil, subdirectory: "Resources"),
                let content = FileManager.default.contents(atPath: url.path)
            else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: content)))
        }
        return router
    }

    /// The application, ready to run.
    public static func application(
        database: AppDatabase, configuration: WebConfiguration
    ) async throws -> some ApplicationProtocol {
        let views = try await Views.shipped()
        let limits = configuration.limits
        return Application(
            router: router(database: database, views: views, configuration: configuration),
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [ConnectionGuard(headTimeout: TimeAmount(limits.headTimeout))],
                    idleTimeout: TimeAmount(limits.idleTimeout))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: Logger(label: "parley.web"))))
    }

    /// Serves the app until the process is asked to stop (SIGTERM or SIGINT), calling `started` once it listens,
    /// and beside it, for a node with an address, the federation API over HTTPS.
    /// The one way in for the command line, which needs to know nothing of the web framework.
    public static func serve(
        database: AppDatabase, configuration: WebConfiguration, federation: FederationServer.Configuration? = nil,
        started: @escaping @Sendable () -> Void = {}
    ) async throws {
        let app = try await application(database: database, configuration: configuration)
        guard let federation else {
            started()
            try await app.runService()
            return
        }
        let federationApp = try FederationServer.application(database: database, configuration: federation)
        started()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: app), .init(service: federationApp)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "parley")))
        try await group.run()
    }

    /// The cookie that carries a new session: HttpOnly, SameSite=Strict, Secure over TLS.
    static func sessionCookie(_ token: String, configuration: WebConfiguration) -> Cookie {
        Cookie(
            name: sessionCookie, value: token, path: "/", secure: configuration.secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    /// The cookie that clears the session cookie.
    static func clearedSessionCookie(configuration: WebConfiguration) -> Cookie {
        Cookie(
            name: sessionCookie, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies, httpOnly: true,
            sameSite: .strict)
    }
}
