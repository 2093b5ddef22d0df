import Hummingbird
import LogbookCore
import LogbookReplay
import LogbookStore

/// `GET /v1/sessions/{id}/replay` and `GET /v1/traces/{id}/replay`: the CLI's replay over HTTP.
struct ReplayRoutes {
    let store: LogbookStore

    func add(to group: RouterGroup<LogbookRequestContext>) {
        group.get("sessions/:id/replay", use: session)
        group.get("traces/:id/replay", use: trace)
    }

    @Sendable func session(_ request: Request, context: LogbookRequestContext) async throws -> Response {
        let id = try Self.uuid(context, "session")
        let point = try Self.point(request)
        let parameters = request.queryParameters
        var last: Int?
        if let text = parameters["last"] {
            guard let value = Int(text), value >= 0 else { throw APIError.badRequest("last '\(text)' is not a non-negative integer") }
            last = value
        }
        let format = parameters["format"].map(String.init) ?? "json"
        let replayed = try await offLoop { [store] in try store.replay(session: id, at: point) }
        switch format {
        case "messages": return Self.text(try ReplayJSON.encode(replayed.lastMessages(last), pretty: false), type: "application/json")
        case "json":
            var bounded = replayed
            bounded.messages = replayed.lastMessages(last)
            return Self.text(try ReplayJSON.encode(bounded, pretty: false), type: "application/json")
        case "transcript": return Self.text(TranscriptRenderer(lastMessages: last).render(replayed), type: "text/plain; charset=utf-8")
        default: throw APIError.badRequest("format '\(format)' is not one of messages, json, transcript")
        }
    }

    @Sendable func trace(_ request: Request, context: LogbookRequestContext) async throws -> Response {
        let id = try Self.uuid(context, "trace")
        let point = try Self.point(request)
        let format = request.queryParameters["format"].map(String.init) ?? "json"
        let waterfall = try await offLoop { [store] in try store.replay(trace: id, at: point) }
        switch format {
        case "json": return Self.text(try ReplayJSON.encode(waterfall, pretty: false), type: "application/json")
        case "transcript": return Self.text(WaterfallRenderer().render(waterfall), type: "text/plain; charset=utf-8")
        default: throw APIError.badRequest("format '\(format)' is not one of json, transcript")
        }
    }

    static func uuid(_ context: LogbookRequestContext, _ what: String) throws -> LogUUID {
        let text = context.parameters.get("id") ?? ""
        guard let id = LogUUID(text) else { throw APIError.badRequest("\(what) id '\(text)' is not a UUID (8-4-4-4-12 hex digits)") }
        return id
    }

    static func point(_ request: Request) throws -> ReplayPoint {
        let parameters = request.queryParameters
        switch (parameters["as_of_position"], parameters["as_of"]) {
        case (.some, .some): throw APIError.badRequest("give as_of_position or as_of, not both")
        case (.some(let text), nil):
            guard let position = UInt64(text) else { throw APIError.badRequest("as_of_position '\(text)' is not a position") }
            return .position(position)
        case (nil, .some(let text)):
            guard let point = ReplayPoint.time(String(text)) else {
                throw APIError.badRequest("as_of '\(text)' is neither ISO-8601 (2026-01-01T09:30:00Z) nor ms since the epoch")
            }
            return point
        case (nil, nil): return .latest
        }
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
