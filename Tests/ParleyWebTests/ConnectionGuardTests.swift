import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import ParleyWeb

/// What a connection's client owes: a request head within the head timeout, and no more body
/// than the server chose to read before answering.
@Suite("Connection guard: slow heads cut off, unread bodies not drained")
struct ConnectionGuardTests {
    /// A connection through the guard, with a handler before it that counts the reads that get past
    /// it, on an event loop whose clock the test moves.
    private func connection() throws -> (EmbeddedChannel, EmbeddedEventLoop, ReadCounter) {
        let loop = EmbeddedEventLoop()
        let reads = ReadCounter()
        let channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandler(reads)
        try channel.pipeline.syncOperations.addHandler(ConnectionGuard(headTimeout: .seconds(10)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, loop, reads)
    }

    private let head = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/login"))

    @Test("a connection whose first head has not arrived in 10 s is closed, not before")
    func firstHead() throws {
        let (channel, loop, _) = try connection()
        loop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test("once the head is in, a slow body and a slow answer are not cut off; the next head gets its 10 s")
    func betweenRequests() throws {
        let (channel, loop, _) = try connection()
        loop.advanceTime(by: .seconds(9))
        try channel.writeInbound(head)
        loop.advanceTime(by: .seconds(60))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "username=a")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        loop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        // A request read whole keeps its connection for the next one.
        let answer = try channel.readOutbound(as: HTTPResponsePart.self)
        guard case .head(let response) = answer else { throw GuardTestFailure.noHead }
        #expect(response.headerFields[.connection] == nil)
        loop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        try channel.writeInbound(head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        loop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        loop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive)
    }

    @Test("an answer given before the body was read says Connection: close, reads no more, and closes the connection")
    func answerBeforeBody() throws {
        // Given a request whose head and first part of its body are in
        let (channel, loop, reads) = try connection()
        try channel.writeInbound(head)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0x61, count: 1024)))
        channel.read()
        #expect(reads.count == 1)

        // When the server answers (a 413) before reading the rest
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .contentTooLarge)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))

        // Then the answer says so, no more is read, and the connection is closed a moment after the answer
        let answer = try channel.readOutbound(as: HTTPResponsePart.self)
        guard case .head(let response) = answer else { throw GuardTestFailure.noHead }
        #expect(response.status == .contentTooLarge)
        #expect(response.headerFields[.connection] == "close")
        channel.read()
        #expect(reads.count == 1)
        loop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }
}

/// Counts the reads that reach it on their way to the socket.
private final class ReadCounter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}

private enum GuardTestFailure: Error { case noHead }
