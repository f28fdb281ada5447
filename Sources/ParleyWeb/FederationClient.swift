import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import ParleyCore
import ParleyLedger
import ParleyStore
import Synchronization

/// The client side of the federation API: one request to a peer over HTTPS, to the certificate its
/// administrator pinned and no other.
///
/// The pin is checked in the TLS handshake, on the SHA-256 of the certificate the peer presents, which
/// replaces certificate authorities and host names altogether: a node's certificate is self-signed, and a
/// peer reached through a wrong address, a proxy or an impostor fails the handshake before a byte of the
/// request is sent. (async-http-client takes trust roots only, not a verification of its own, so this
/// small HTTP/1.1 client over SwiftNIO and NIOSSL is what lets a fingerprint be the whole of the trust.)
public struct FederationClient: Sendable {
    /// How long a request may take, connection and answer included.
    public var timeout: TimeAmount
    /// The largest answer read.
    public var maxAnswer: Int

    public init(timeout: TimeAmount = .seconds(300), maxAnswer: Int = 4 * AppDatabase.exchangeBytes) {
        self.timeout = timeout
        self.maxAnswer = maxAnswer
    }

    /// Sends one exchange to `peer`, as registered with its address and pinned fingerprint, and returns the
    /// answer's body; a refusal comes back as the peer's problem document, in ``FederationClientError``.
    public func exchange(with peer: NodeEntry, body: [UInt8], header: String) async throws -> [UInt8] {
        guard let url = peer.url else { throw FederationClientError.noAddress(peer.code) }
        guard let pinned = peer.tlsFingerprint else { throw FederationClientError.noFingerprint(peer.code) }
        guard let parsed = URL(string: url), parsed.scheme == "https", let host = parsed.host, !host.isEmpty else {
            throw FederationError.invalidURL(url)
        }
        let base = parsed.path.hasSuffix("/") ? String(parsed.path.dropLast()) : parsed.path
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: base + "/federation/v1/exchange")
        head.headers.add(name: "Host", value: parsed.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "Content-Type", value: "application/octet-stream")
        head.headers.add(name: "Content-Length", value: "\(body.count)")
        head.headers.add(name: PeerRequest.headerName, value: header)
        head.headers.add(name: "Connection", value: "close")
        let answer = try await send(head, body: body, host: host, port: parsed.port ?? 443, pinned: pinned, peer: peer.code)
        guard answer.status == .ok else {
            throw FederationClientError.refused(peer: peer.code, status: Int(answer.status.code), problem: answer.body)
        }
        return answer.body
    }

    private struct Answer {
        let status: HTTPResponseStatus
        let body: [UInt8]
    }

    private func send(
        _ head: HTTPRequestHead, body: [UInt8], host: String, port: Int, pinned: String, peer: Party.Code
    ) async throws -> Answer {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv13
        // Verification is on so that the callback below runs; the callback is the whole of it.
        tls.certificateVerification = .fullVerification
        let context = try NIOSSLContext(configuration: tls)
        let presented = Mutex<String?>(nil)
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: Answer.self)
        let maxAnswer = self.maxAnswer
        let serverName = NodeCertificate.ipAddressBytes(host) == nil ? host : nil
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tlsHandler = try NIOSSLClientHandler(
                        context: context, serverHostname: serverName,
                        customVerificationCallback: { certificates, verified in
                            guard let leaf = certificates.first, let der = try? leaf.toDERBytes() else {
                                verified.succeed(.failed)
                                return
                            }
                            let fingerprint = Digest.sha256(der).hex
                            presented.withLock { $0 = fingerprint }
                            verified.succeed(fingerprint == pinned ? .certificateVerified : .failed)
                        })
                    try channel.pipeline.syncOperations.addHandler(tlsHandler)
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(AnswerCollector(promise: promise, maxBytes: maxAnswer))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw FederationClientError.unreachable(peer: peer, address: "\(host):\(port)", problem: "\(error)")
        }
        let timer = eventLoop.scheduleTask(in: timeout) {
            promise.fail(FederationClientError.timedOut(peer: peer, seconds: Int(timeout.nanoseconds / 1_000_000_000)))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            let answer = try await promise.futureResult.get()
            channel.close(promise: nil)
            return answer
        } catch let error as FederationClientError {
            throw error
        } catch {
            channel.close(promise: nil)
            if let seen = presented.withLock({ $0 }), seen != pinned {
                throw FederationClientError.wrongCertificate(peer: peer, pinned: pinned, presented: seen)
            }
            throw FederationClientError.unreachable(peer: peer, address: "\(host):\(port)", problem: "\(error)")
        }
    }

    /// Reads one answer whole, up to `maxBytes` of body.
    private final class AnswerCollector: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart

        private let promise: EventLoopPromise<Answer>
        private let maxBytes: Int
        private var status: HTTPResponseStatus?
        private var body: [UInt8] = []
        private var done = false

        init(promise: EventLoopPromise<Answer>, maxBytes: Int) {
            self.promise = promise
            self.maxBytes = maxBytes
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                status = head.status
            case .body(var buffer):
                guard body.count + buffer.readableBytes <= maxBytes else {
                    finish(.failure(FederationClientError.answerTooLarge(limit: maxBytes)))
                    context.close(promise: nil)
                    return
                }
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                finish(status.map { .success(Answer(status: $0, body: body)) } ?? .failure(ChannelError.inputClosed))
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(.failure(error))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(.failure(ChannelError.inputClosed))
            context.fireChannelInactive()
        }

        private func finish(_ result: Result<Answer, any Error>) {
            guard !done else { return }
            done = true
            promise.completeWith(result)
        }
    }
}

/// Why a request to a peer did not get its answer; what waited for the peer still waits.
public enum FederationClientError: ParleyError, Hashable {
    case noAddress(Party.Code)
    case noFingerprint(Party.Code)
    case unreachable(peer: Party.Code, address: String, problem: String)
    case wrongCertificate(peer: Party.Code, pinned: String, presented: String)
    case timedOut(peer: Party.Code, seconds: Int)
    case answerTooLarge(limit: Int)
    case refused(peer: Party.Code, status: Int, problem: [UInt8])

    public var code: String {
        switch self {
        case .noAddress: "peer.address.missing"
        case .noFingerprint: "peer.fingerprint.missing"
        case .unreachable: "peer.unreachable"
        case .wrongCertificate: "peer.certificate.mismatch"
        case .timedOut: "peer.timeout"
        case .answerTooLarge: "peer.answer.too-large"
        case .refused(_, _, let problem): Self.problemField("code", problem) ?? "peer.refused"
        }
    }

    public var message: String {
        switch self {
        case .noAddress(let code): "\(code.rawValue) has no address: it exchanges by carried files only"
        case .noFingerprint(let code): "\(code.rawValue) has no pinned TLS fingerprint"
        case .unreachable(let peer, let address, let problem): "\(peer.rawValue) at \(address) did not answer: \(problem)"
        case .wrongCertificate(let peer, let pinned, let presented):
            "\(peer.rawValue) presented the certificate \(presented.prefix(16))…, not the pinned \(pinned.prefix(16))…"
        case .timedOut(let peer, let seconds): "\(peer.rawValue) did not answer within \(seconds) seconds"
        case .answerTooLarge(let limit): "the peer's answer is larger than \(limit) bytes"
        case .refused(let peer, let status, let problem):
            "\(peer.rawValue) refused the request (HTTP \(status)): "
                + (Self.problemField("title", problem) ?? String(decoding: problem.prefix(200), as: UTF8.self))
        }
    }

    public var remedy: String {
        switch self {
        case .noAddress: "Carry files with `parley outbox export` and `parley inbox import`"
        case .noFingerprint: "Register the peer again with the --tls-fingerprint its `parley node init` printed"
        case .unreachable, .timedOut: "Nothing was lost: what waits for the peer is sent at the next `parley sync`"
        case .wrongCertificate:
            "Do not sync: someone else may be answering at that address. Ask the peer's operators for its fingerprint"
        case .answerTooLarge: "Tell the peer's operators"
        case .refused(_, _, let problem):
            Self.problemField("detail", problem).map { "The peer says: \($0)" } ?? "Tell the peer's operators"
        }
    }

    /// A member of the peer's RFC 9457 problem document, if the answer is one.
    private static func problemField(_ name: String, _ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object[name] as? String
    }
}
