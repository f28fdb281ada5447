import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ParleyCore
import ParleyLedger
import ParleyStore

/// The node-to-node API, under `/federation/v1/`, on a listener of its own that speaks HTTPS only, with the
/// node's self-signed certificate, which each peer pins by its fingerprint:
///
/// - `GET /federation/v1/` answers the node's identity line, which is public;
/// - `POST /federation/v1/exchange` takes a carry file encrypted to this node, with a `Parley-Request`
///   header signed by the sending peer's node key over the body's SHA-256, and answers a carry file
///   encrypted to that peer (``AppDatabase/answerExchange(_:request:keys:)``). Refusals are RFC 9457
///   problem documents.
///
/// Nothing here decides anything: the checks are the store's and the ledger's, the same as for a file
/// carried by hand.
public enum FederationServer {
    /// Where the listener answers and what it proves itself with.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var certificate: NodeCertificate
        public var keys: NodeKeys
        /// The largest request body read: the transmissions of one exchange, encrypted, with room to spare.
        public var maxBody: Int
        public var maxConnections: Int

        public init(
            host: String, port: Int, certificate: NodeCertificate, keys: NodeKeys,
            maxBody: Int = 4 * AppDatabase.exchangeBytes, maxConnections: Int = 64
        ) {
            self.host = host
            self.port = port
            self.certificate = certificate
            self.keys = keys
            self.maxBody = maxBody
            self.maxConnections = maxConnections
        }
    }

    static let exchangePath = "/federation/v1/exchange"

    /// The router of the API.
    public static func router(database: AppDatabase, configuration: Configuration) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let threads = WriterThreads()
        router.add(middleware: ProblemMiddleware())
        router.get("/federation/v1/") { _, _ in
            let node = try database.thisNode()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: node.identity.line + "\n")))
        }
        router.post(RouterPath(exchangePath)) { request, _ in
            let header = request.headers[HTTPField.Name(PeerRequest.headerName)!]
            let bytes: [UInt8]
            do {
                bytes = Array(buffer: try await request.body.collect(upTo: configuration.maxBody))
            } catch is NIOTooManyBytesError {
                throw BodyTooLarge(limit: configuration.maxBody, declared: nil)
            }
            // The store's use cases block while they wait for the writer and while they run.
            let answer = try await withTaskExecutorPreference(threads) {
                try database.answerExchange(bytes, request: header, keys: configuration.keys)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
        }
        return router
    }

    /// The listener, ready to run beside the web app.
    public static func application(
        database: AppDatabase, configuration: Configuration
    ) throws -> some ApplicationProtocol {
        Application(
            router: router(database: database, configuration: configuration),
            server: try .tls(
                .http1(configuration: HTTP1Channel.Configuration(idleTimeout: .seconds(120))),
                tlsConfiguration: configuration.certificate.serverConfiguration()),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                availableConnectionsDelegate: .maximum(
                    configuration.maxConnections, logger: Logger(label: "parley.federation"))),
            logger: Logger(label: "parley.federation"))
    }

    /// Answers every error as a problem document, as the JSON API does.
    struct ProblemMiddleware: RouterMiddleware {
        typealias Context = BasicRequestContext

        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            do {
                return try await next(request, context)
            } catch {
                let answer = ErrorAnswer(error)
                if answer.status == .internalServerError {
                    context.logger.error("\(request.method) \(request.uri.path): \(error)")
                }
                return answer.with(answer.problem.response)
            }
        }
    }
}
