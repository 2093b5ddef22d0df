import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import LogbookCore
import LogbookStore
import Metrics

/// `POST /v1/events` (append), `GET /v1/events` (read) and `GET /v1/events/stream` (follow, SSE).
struct EventRoutes {
    let store: LogbookStore
    let configuration: ServerConfiguration
    /// Streams end when a graceful shutdown begins, so they do not hold the server open.
    let gate: ShutdownGate
    /// The newest events, read and rendered once for every stream.
    let live: LiveEvents
    let metrics: AppendMetrics

    func addWrite(to group: RouterGroup<LogbookRequestContext>) {
        group.post("events", use: append)
    }

    func addRead(to group: RouterGroup<LogbookRequestContext>) {
        group.get("events", use: read)
        group.get("events/stream", use: stream)
    }

    @Sendable func append(_ request: Request, context: LogbookRequestContext) async throws -> Response {
        let parameters = request.queryParameters
        let expecting = try Self.expectation(version: parameters["expected_version"], session: parameters["session"])
        let start = ContinuousClock.now
        let result: AppendResult
        let bytes: Int
        do {
            let drafts: [EventDraft]
            (drafts, bytes) = try await streamed(request.body, format: Self.format(contentType: request.headers[.contentType]))
            result = try await store.append(drafts, expecting: expecting)
        } catch {
            metrics.refused.increment()
            throw error
        }
        metrics.stored(result, bodyBytes: bytes, started: start)
        return AppendResponse.response(result)
    }

    /// `?expected_version=N&session=ID`: the version the session must be at before the batch.
    static func expectation(version: Substring?, session: Substring?) throws(APIError) -> [LogUUID: UInt64] {
        guard let version else { return [:] }
        guard let expected = UInt64(version) else { throw APIError.badRequest("expected_version '\(version)' is not a non-negative integer") }
        guard let session else { throw APIError.badRequest("expected_version needs session=ID: versions are per session") }
        guard let id = LogUUID(String(session)) else { throw APIError.badRequest("session '\(session)' is not a UUID") }
        return [id: expected]
    }

    /// How an append's body is read: JSONL for an ndjson or jsonl content type, else a JSON
    /// array or object. The usual `application/json` is matched as it is, without lowercasing:
    /// this is on every append's path.
    static func format(contentType: String?) -> EventBody.Format {
        guard let contentType, contentType != "application/json" else { return .json }
        let lowercased = contentType.lowercased()
        return lowercased.contains("ndjson") || lowercased.contains("jsonl") ? .jsonLines : .json
    }

    /// The body's events, cut out as it arrives, so it is never held whole beside them, and
    /// refused as soon as it passes the limit; with how many bytes came. Nothing is written
    /// until every event has parsed.
    private func streamed(_ body: RequestBody, format: EventBody.Format) async throws -> ([EventDraft], Int) {
        var parser = store.bodyParser(format)
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            guard received <= configuration.maxBodyBytes else { throw APIError.tooLarge(configuration.maxBodyBytes) }
            try chunk.withUnsafeReadableBytes { bytes throws(LogbookError) in try parser.consume(bytes) }
        }
        return (try parser.finish(), received)
    }

    @Sendable func read(_ request: Request, context: LogbookRequestContext) async throws -> Response {
        let query = try Self.query(request, defaultLimit: 100)
        let page = try await offLoop { [store] in try store.events(query) }
        return Self.render(page, lines: Self.wantsLines(request))
    }

    /// A page of events as JSON (`{"events": […], "next": N}`) or as JSONL, payloads as stored.
    static func render(_ page: EventPage, lines: Bool) -> Response {
        if lines {
            var bytes: [UInt8] = []
            for event in page.events {
                event.appendJSON(to: &bytes)
                bytes.append(0x0A)
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        var bytes = Array(#"{"events":["#.utf8)
        for (index, event) in page.events.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            event.appendJSON(to: &bytes)
        }
        bytes += Array(#"],"next":\#(page.next)}"#.utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Server-Sent Events from `from` (or after `Last-Event-ID`): `id:` is the position, so a
    /// client that reconnects with the last id it saw misses nothing and sees nothing twice.
    @Sendable func stream(_ request: Request, context: LogbookRequestContext) async throws -> Response {
        var query = try Self.query(request, defaultLimit: nil)
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let position = UInt64(last.trimmingCharacters(in: .whitespaces)) else {
                throw APIError.badRequest("Last-Event-ID '\(last)' is not a position")
            }
            // The last position there can be: nothing follows it, and its successor overflows.
            query.from = max(query.from, position == .max ? .max : position + 1)
        }
        let heartbeat = Duration.seconds(configuration.heartbeatSeconds)
        let gate = self.gate
        let live = self.live
        let start = LiveEvents.Cursor(query)
        let body = ResponseBody { writer in
            live.attach()
            defer { live.detach() }
            var cursor = start
            var lastWrite = ContinuousClock.now
            try await writer.write(ByteBuffer(string: ": connected\n\n"))
            // Looks at least once a second whether the server is stopping; a heartbeat after
            // `heartbeat` seconds of silence also finds a client that went away.
            while !gate.isClosing, let frames = try await live.next(&cursor, timeout: .seconds(1)) {
                if !frames.isEmpty {
                    // One write for all of them, not one per frame.
                    var batch = ByteBuffer()
                    batch.reserveCapacity(frames.reduce(0) { $0 + $1.readableBytes })
                    for var frame in frames { batch.writeBuffer(&frame) }
                    try await writer.write(batch)
                    lastWrite = ContinuousClock.now
                } else if ContinuousClock.now - lastWrite >= heartbeat {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = ContinuousClock.now
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body
        )
    }

    static func query(_ request: Request, defaultLimit: Int?) throws -> EventQuery {
        let parameters = request.queryParameters
        var query = EventQuery(limit: defaultLimit)
        if let from = parameters["from"] {
            guard let value = UInt64(from) else { throw APIError.badRequest("from '\(from)' is not a position") }
            query.from = value
        }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), value >= 0 else { throw APIError.badRequest("limit '\(limit)' is not a non-negative integer") }
            query.limit = value
        }
        if let session = parameters["session"] {
            guard let value = LogUUID(String(session)) else { throw APIError.badRequest("session '\(session)' is not a UUID") }
            query.session = value
        }
        if let trace = parameters["trace"] {
            guard let value = LogUUID(String(trace)) else { throw APIError.badRequest("trace '\(trace)' is not a UUID") }
            query.trace = value
        }
        if let type = parameters["type"] { query.type = String(type) }
        return query
    }

    static func wantsLines(_ request: Request) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("ndjson") || accept.contains("jsonl") || request.queryParameters["format"] == "jsonl"
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
