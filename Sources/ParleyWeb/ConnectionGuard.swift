import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Holds each connection to what its client owes: a request head in time, and no more body than
/// the server chose to read.
///
/// - **A slow head is cut off.** A request's head must arrive whole within `headTimeout` of the
///   connection opening, or of the answer to its previous request being sent. The idle timeout
///   closes a connection that sends nothing; this closes one that sends its head a byte at a
///   time, which would otherwise hold a connection for as long as it likes. Once the head is in,
///   the body is the idle timeout's: an upload may take as long as it keeps sending.
/// - **An answer given before the body was read ends the connection.** A 413 for a body over its
///   route's limit, a 403 to someone who may not upload: the answer says `Connection: close`, no
///   more of the body is read (the client's sending stalls once the socket's buffers are full),
///   the server's side is shut once the answer is out, and the connection is closed `lingering`
///   later, which gives the client time to read the answer before its unsent body is refused.
///   Without this the server would go on reading and discarding the rest of the body, however
///   large, to reach the next request.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headTimeout: TimeAmount
    private let lingering: TimeAmount
    /// When the next request's head must have arrived; `nil` while a request is being read or answered.
    private var headDueBy: NIODeadline?
    /// The one timer of the connection, which checks ``headDueBy`` when it fires: requests come and go
    /// without scheduling or cancelling anything, which would cost every request of a kept-alive
    /// connection a few allocations.
    private var check: Scheduled<Void>?
    /// A request's head is in and its end is not.
    private var isReadingRequest = false
    /// The answer was given before its request was read whole: the connection ends with it.
    private var isClosing = false

    init(headTimeout: TimeAmount, lingering: TimeAmount = .seconds(1)) {
        self.headTimeout = headTimeout
        self.lingering = lingering
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { waitForHead(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopChecking()
    }

    func channelActive(context: ChannelHandlerContext) {
        waitForHead(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopChecking()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            stopWaitingForHead()
            isReadingRequest = true
        case .end: isReadingRequest = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where isReadingRequest && !isClosing:
            isClosing = true
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where isClosing:
            let channel = context.channel
            let lingering = lingering
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in
                channel.close(mode: .output, promise: nil)
                channel.eventLoop.scheduleTask(in: lingering) { channel.close(promise: nil) }
            }
            if let promise { written.futureResult.cascade(to: promise) }
            context.write(data, promise: written)
        case .end:
            waitForHead(context)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    /// Reads nothing more of a connection that is ending.
    func read(context: ChannelHandlerContext) {
        if !isClosing { context.read() }
    }

    /// Gives the next request's head `headTimeout` to arrive.
    private func waitForHead(_ context: ChannelHandlerContext) {
        let due = context.eventLoop.now + headTimeout
        headDueBy = due
        if check == nil { scheduleCheck(at: due, context) }
    }

    private func stopWaitingForHead() {
        headDueBy = nil
    }

    /// Closes the connection if its head is overdue when the timer fires, else sets the timer for when it will be.
    private func scheduleCheck(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.check = nil
            guard let due = handler.headDueBy else { return }
            if context.eventLoop.now >= due {
                context.close(promise: nil)
            } else {
                handler.scheduleCheck(at: due, context)
            }
        }
    }

    private func stopChecking() {
        check?.cancel()
        check = nil
        headDueBy = nil
    }
}
