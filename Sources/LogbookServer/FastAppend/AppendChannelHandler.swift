import HTTPTypes
import Logging
import LogbookCore
import LogbookStore
import NIOCore
import NIOHTTPTypes

/// `POST /v1/events` with a small body, answered on the connection's event loop.
///
/// An agent appends one event per request and waits for it. Through the router, such a
/// request crossed from the event loop into a task, and its response crossed back through
/// `NIOAsyncChannel`: 64 clients reached 9k appends/s, and perf put a quarter of the server's
/// time in that bridging, while `/healthz` alone peaked at 23k/s and nginx at 120k/s on the
/// same machine. Here the request is parsed on the event loop as its body arrives and handed
/// to the writer, whose completion writes the response from the event loop: 24k/s
/// (`scripts/bench-server.py`).
///
/// It takes only what it answers exactly as the route does: no query but a valid
/// `expected_version` and `session`, a body of known length up to `Shared.maxBodyBytes`, a
/// token that may write, a server that is not draining. Everything else goes on to the
/// router, as do the requests of a connection while the router still owes it an answer, so
/// answers keep the order of their requests. While an append of its own is in flight it reads
/// nothing more from the connection, and it holds back the server's request to close the
/// connection until that append is answered.
final class AppendChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What every connection's handler shares.
    struct Shared: Sendable {
        let store: LogbookStore
        let tokens: TokenCache
        let gate: ShutdownGate
        let metrics: AppendMetrics
        let routeMetrics: RouteMetrics
        /// The largest body answered here (by its `Content-Length`, which the HTTP decoder
        /// holds the body to); a larger one goes to the router, which parses it off the event loop.
        let maxBodyBytes: Int
        let logger: Logger
    }

    /// The request being taken here, from its head to its answer.
    private struct Taken {
        var parser: EventBody.Parser
        var expecting: [LogUUID: UInt64]
        var started: ContinuousClock.Instant
        var received = 0
        /// The first error its body met; the rest of the body is read and ignored.
        var error: Error?
    }

    private let shared: Shared
    private var taken: Taken?
    /// True from the end of a taken request's body until its answer is written.
    private var answering = false
    /// Requests passed on to the router that it has not finished answering.
    private var owedByRouter = 0
    /// Parts that came after a taken request, passed on (or taken) once it is answered.
    private var held: [HTTPRequestPart] = []
    /// A read the pipeline asked for while an append was in flight, made once it is answered.
    private var readWanted = false
    /// The server's request to close the connection, passed on once the append is answered.
    private var quiesceHeld: Any?
    /// The token header this connection's last taken append was accepted with.
    private var accepted: TokenCache.Accepted?

    init(shared: Shared) {
        self.shared = shared
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard !answering, held.isEmpty else {
            held.append(part)
            return
        }
        handle(part, context: context)
    }

    private func handle(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            if owedByRouter == 0, let (parser, expecting) = takes(head) {
                taken = Taken(parser: parser, expecting: expecting, started: .now)
            } else {
                owedByRouter += 1
                context.fireChannelRead(wrapInboundOut(part))
            }
        case .body(let chunk):
            // Mutated in place, through `taken!`: a copy would copy the parsed events per chunk.
            guard taken != nil else { return context.fireChannelRead(wrapInboundOut(part)) }
            taken!.received += chunk.readableBytes
            guard taken!.error == nil else { return }
            do {
                try chunk.withUnsafeReadableBytes { bytes throws(LogbookError) in try taken!.parser.consume(bytes) }
            } catch {
                taken!.error = error
            }
        case .end:
            guard let request = taken else { return context.fireChannelRead(wrapInboundOut(part)) }
            taken = nil
            answering = true
            append(request, context: context)
        }
    }

    /// The body's parser and the batch's expectation when this handler answers `head`, else nil.
    private func takes(_ head: HTTPRequest) -> (EventBody.Parser, [LogUUID: UInt64])? {
        let fields = head.headerFields
        guard head.method == .post, let path = head.path, !shared.gate.isClosing,
              let expecting = Self.expectation(path: path),
              let length = fields[.contentLength].flatMap(Int.init), length <= shared.maxBodyBytes,
              fields[.expect] == nil, fields[.connection]?.lowercased() != "close",
              let scope = try? shared.tokens.scope(authorization: fields[.authorization], remembering: &accepted), scope >= .write
        else { return nil }
        return (shared.store.bodyParser(EventRoutes.format(contentType: fields[.contentType])), expecting)
    }

    /// The expectation of `/v1/events` or `/v1/events?expected_version=N&session=ID`; nil for
    /// another path, another parameter, an escaped one or one the route refuses, which the
    /// router answers (with its error).
    static func expectation(path: String) -> [LogUUID: UInt64]? {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts[0] == "/v1/events" else { return nil }
        guard parts.count == 2 else { return [:] }
        var parameters: [Substring: Substring] = [:]
        for pair in parts[1].split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            guard keyValue.count == 2, keyValue[0] == "expected_version" || keyValue[0] == "session",
                  parameters[keyValue[0]] == nil, !keyValue[1].contains("%"), !keyValue[1].contains("+")
            else { return nil }
            parameters[keyValue[0]] = keyValue[1]
        }
        return try? EventRoutes.expectation(version: parameters["expected_version"], session: parameters["session"])
    }

    private func append(_ request: Taken, context: ChannelHandlerContext) {
        var request = request
        shared.routeMetrics.began()
        let drafts: [EventDraft]
        do {
            if let error = request.error { throw error }
            drafts = try request.parser.finish()
        } catch {
            return answer(.failure(error), bodyBytes: request.received, started: request.started, context: context)
        }
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let bound = NIOLoopBound(context, eventLoop: loop)
        let (bodyBytes, started) = (request.received, request.started)
        shared.store.submit(drafts, expecting: request.expecting) { result in
            loop.execute { handler.value.answer(result.mapError { $0 }, bodyBytes: bodyBytes, started: started, context: bound.value) }
        }
    }

    private func answer(
        _ result: Result<AppendResult, any Error>, bodyBytes: Int, started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        let status: HTTPResponse.Status
        var headers = HTTPFields()
        let body: ByteBuffer
        switch result {
        case .success(let appended):
            shared.metrics.stored(appended, bodyBytes: bodyBytes, started: started)
            status = .ok
            body = AppendResponse.body(appended)
        case .failure(let error):
            shared.metrics.refused.increment()
            let apiError = APIError.from(error)
                .reported(error, of: "POST /v1/events", storeDirectory: shared.store.directory, logger: shared.logger)
            status = apiError.status
            headers = apiError.headers
            body = (try? apiError.body()) ?? ByteBuffer(string: #"{"error":{"code":"internal","message":"unencodable error"}}"#)
        }
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(body.readableBytes)
        headers[.date] = HTTPDate.now()
        headers[.server] = "logbook"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        shared.routeMetrics.record(status: status, started: started)
        answering = false
        resume(context: context)
    }

    /// After an answer: the held close request, then the held parts, then reading again.
    private func resume(context: ChannelHandlerContext) {
        if let event = quiesceHeld {
            quiesceHeld = nil
            context.fireUserInboundEventTriggered(event)
        }
        var replayed = false
        while !answering, !held.isEmpty {
            handle(held.removeFirst(), context: context)
            replayed = true
        }
        // What was passed on is delivered to the router at the end of a read.
        if replayed { context.fireChannelReadComplete() }
        if !answering, readWanted {
            readWanted = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, taken != nil || answering {
            quiesceHeld = event
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        guard !answering else {
            readWanted = true
            return
        }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { owedByRouter -= 1 }
        context.write(data, promise: promise)
    }
}
