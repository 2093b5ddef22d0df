typealias Span = Opentelemetry_Proto_Trace_V1_Span
typealias Resource = Opentelemetry_Proto_Resource_V1_Resource
typealias Scope = Opentelemetry_Proto_Common_V1_InstrumentationScope

/// Why a span (or log record) was left out of a batch, for OTLP's partial success.
struct Rejection: Error {
    var reason: String
}

/// Reads one span into Logbook events. What the events hold depends only on the span (with its
/// resource and scope), never on other spans, so an export split differently, re-sent or
/// reordered gives the same events with the same ids.
///
/// The rules (docs/otlp.md): a root span is a run (run.started, then run.completed or
/// run.failed); an agent span below it an execution; a model call an llm.interaction; a tool
/// call tool.called and tool.result; a handoff handoff.occurred; a retrieval one
/// document.retrieved per document; anything else span.recorded. Attributes no rule uses stay
/// in the payload's `attributes`.
struct SpanMapper {
    let span: Span
    let resource: Resource
    let scope: Scope
    var attributes: AttributeBag
    /// Span events not read into a field; they go to the payload's `span_events`.
    var spanEvents: [Span.Event]
    let spanID: String
    let parentSpanID: String?
    let startNano: UInt64
    let endNano: UInt64
    let envelope: MappedEvent.Envelope
    private(set) var pending: [PendingEvent] = []
    /// The event that carries the span's detail (attributes, resource, events, links).
    private var primary: Int?

    struct PendingEvent {
        var type: String
        var role: String
        var time: UInt64
        var rank: Int
        var payload: JSONObject
    }

    /// Ordering of a span's events that share a timestamp.
    enum Rank {
        static let started = 0
        static let point = 1
        static let result = 2
        /// Plus the document's index.
        static let document = 3
        static let ended = Int.max
    }

    static func map(_ span: Span, resource: Resource, scope: Scope) throws(Rejection) -> [MappedEvent] {
        var mapper = try SpanMapper(span: span, resource: resource, scope: scope)
        mapper.mapEvents()
        return mapper.finish()
    }

    private init(span: Span, resource: Resource, scope: Scope) throws(Rejection) {
        let named = "span '\(span.name)'"
        guard !span.traceID.isEmpty else { throw Rejection(reason: "\(named) has no trace id") }
        guard span.traceID.count == 16, span.traceID.contains(where: { $0 != 0 }) else {
            throw Rejection(reason: "\(named) has an invalid trace id (\(span.traceID.count) bytes; 16, not all zero, expected)")
        }
        let trace = Hex.encode(span.traceID)
        guard span.spanID.count == 8, span.spanID.contains(where: { $0 != 0 }) else {
            throw Rejection(reason: "\(named) in trace \(trace) has no valid span id (\(span.spanID.count) bytes; 8, not all zero, expected)")
        }
        spanID = Hex.encode(span.spanID)
        guard span.parentSpanID.isEmpty || span.parentSpanID.count == 8 else {
            throw Rejection(reason: "\(named) (\(spanID)) has a parent span id of \(span.parentSpanID.count) bytes (8 expected)")
        }
        guard span.startTimeUnixNano > 0 else {
            throw Rejection(reason: "\(named) (\(spanID)) has no start time")
        }
        self.span = span
        self.resource = resource
        self.scope = scope
        parentSpanID = span.parentSpanID.contains { $0 != 0 } ? Hex.encode(span.parentSpanID) : nil
        startNano = span.startTimeUnixNano
        endNano = max(span.endTimeUnixNano, span.startTimeUnixNano)
        spanEvents = span.events
        var attributes = AttributeBag(span.attributes)
        envelope = Self.envelope(traceID: DerivedID.trace(span.traceID), attributes: &attributes, resource: AttributeBag(resource.attributes))
        self.attributes = attributes
    }

    /// Session, user and agent of the span's events, from the span's attributes or else its
    /// resource's. A session key that is not a UUID stays in the attributes, since the session
    /// id made from it cannot be turned back into it.
    static func envelope(traceID: String, attributes: inout AttributeBag, resource: AttributeBag) -> MappedEvent.Envelope {
        var envelope = MappedEvent.Envelope(traceID: traceID)
        for key in ["session.id", "gen_ai.conversation.id"] {
            if let key = attributes.peekString(key) ?? resource.peekString(key), !key.isEmpty {
                envelope.sessionID = DerivedID.external(key)
                break
            }
        }
        for key in ["session.id", "gen_ai.conversation.id"] {
            if let text = attributes.peekString(key), DerivedID.canonicalUUID(text) == envelope.sessionID {
                _ = attributes.take(key)
            }
        }
        envelope.userID = attributes.takeString("user.id") ?? resource.peekString("user.id")
        envelope.agentID = attributes.takeString("gen_ai.agent.id") ?? resource.peekString("gen_ai.agent.id")
        return envelope
    }

    private mutating func mapEvents() {
        let category = SpanCategory(name: span.name, attributes: attributes)
        let isRoot = parentSpanID == nil
        // The category's own events first: at the root of a trace, a model call keeps its
        // prompt and the run gets what is left.
        switch category {
        case .llm: mapLLM()
        case .tool: mapTool()
        case .handoff: mapHandoff()
        case .retriever: mapRetrieval()
        case .agentCreation: mapAgentCreation()
        case .agent where !isRoot: mapExecution()
        case .chain where !isRoot, .other where !isRoot: mapSpanRecorded()
        case .agent, .chain, .other: break
        }
        if isRoot { mapRun() }
        if primary == nil { mapSpanRecorded() }
    }

    /// Adds an event; the first added with `primary: true` carries the span's detail.
    mutating func emit(_ type: String, role: String? = nil, at time: UInt64, rank: Int, primary isPrimary: Bool, _ payload: JSONObject) {
        if isPrimary, primary == nil { primary = pending.count }
        pending.append(PendingEvent(type: type, role: role ?? type, time: time, rank: rank, payload: payload))
    }

    private mutating func finish() -> [MappedEvent] {
        if let primary {
            var payload = pending[primary].payload
            addDetail(to: &payload, named: pending[primary].type != "span.recorded")
            pending[primary].payload = payload
        }
        let traceBytes = Array(span.traceID)
        let spanBytes = Array(span.spanID)
        return pending.map { event in
            MappedEvent(
                id: DerivedID.event(spanID: spanID, role: event.role), type: event.type, envelope: envelope,
                timeUnixNano: event.time, payload: event.payload, traceBytes: traceBytes, spanBytes: spanBytes,
                rank: event.rank)
        }
    }
}
