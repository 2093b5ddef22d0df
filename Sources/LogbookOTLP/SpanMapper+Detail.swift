extension SpanMapper {
    var failed: Bool { span.status.code == .error }

    /// "ok", "error" or "unset", from the span's status.
    var statusName: String {
        switch span.status.code {
        case .ok: "ok"
        case .error: "error"
        default: "unset"
        }
    }

    /// For a failed span: the status message, else the message of a recorded exception, else
    /// the `error.type` attribute, else "error".
    var errorMessage: String? {
        guard failed else { return nil }
        if !span.status.message.isEmpty { return span.status.message }
        for event in span.events where event.name == "exception" {
            if let message = AttributeBag(event.attributes).peekString("exception.message"), !message.isEmpty { return message }
        }
        return attributes.peekString("error.type") ?? "error"
    }

    var latencyMs: JSONValue { .double(Double(endNano - startNano) / 1_000_000) }

    static func milliseconds(_ nanos: UInt64) -> JSONValue { .int(Int64(nanos / 1_000_000)) }

    /// `input.value` (OpenInference) as sent, with its `input.mime_type`.
    mutating func takeInputValue() -> JSONValue? {
        guard let value = attributes.take("input.value") else { return nil }
        _ = attributes.take("input.mime_type")
        return JSONValue(value)
    }

    /// `output.value` (OpenInference) as sent, with its `output.mime_type`.
    mutating func takeOutputValue() -> JSONValue? {
        guard let value = attributes.take("output.value") else { return nil }
        _ = attributes.take("output.mime_type")
        return JSONValue(value)
    }

    /// The span's own fields and everything no rule used: span name and kind, the remaining
    /// attributes, span events, links, resource and scope.
    func addDetail(to payload: inout JSONObject, named: Bool) {
        if named { payload.set("span_name", span.name) }
        if parentSpanID != nil { payload.set("parent_span_id", parentSpanID) }
        if let kind = Self.kindName(span.kind) { payload.set(named ? "span_kind" : "kind", kind) }
        payload.set("attributes", nonEmpty: attributes.remaining)
        if !spanEvents.isEmpty {
            payload.set("span_events", .array(spanEvents.map { event in
                var object = JSONObject()
                object.set("name", event.name)
                object.set("timestamp_ms", Self.milliseconds(event.timeUnixNano))
                object.set("attributes", nonEmpty: JSONObject(attributes: event.attributes))
                if event.droppedAttributesCount > 0 { object.set("dropped_attributes_count", .int(Int64(event.droppedAttributesCount))) }
                return .object(object)
            }))
        }
        if !span.links.isEmpty {
            payload.set("links", .array(span.links.map { link in
                var object = JSONObject()
                object.set("trace_id", link.traceID.count == 16 ? DerivedID.trace(link.traceID) : Hex.encode(link.traceID))
                object.set("span_id", Hex.encode(link.spanID))
                if !link.traceState.isEmpty { object.set("trace_state", link.traceState) }
                object.set("attributes", nonEmpty: JSONObject(attributes: link.attributes))
                return .object(object)
            }))
        }
        if !span.traceState.isEmpty { payload.set("trace_state", span.traceState) }
        for (key, count) in [
            ("dropped_attributes_count", span.droppedAttributesCount), ("dropped_events_count", span.droppedEventsCount),
            ("dropped_links_count", span.droppedLinksCount),
        ] where count > 0 {
            payload.set(key, .int(Int64(count)))
        }
        payload.set("resource", nonEmpty: JSONObject(attributes: resource.attributes))
        if !scope.name.isEmpty || !scope.version.isEmpty || !scope.attributes.isEmpty {
            var object = JSONObject()
            object.set("name", scope.name)
            if !scope.version.isEmpty { object.set("version", scope.version) }
            object.set("attributes", nonEmpty: JSONObject(attributes: scope.attributes))
            payload.set("scope", .object(object))
        }
    }

    static func kindName(_ kind: Span.SpanKind) -> String? {
        switch kind {
        case .internal: "internal"
        case .server: "server"
        case .client: "client"
        case .producer: "producer"
        case .consumer: "consumer"
        default: nil
        }
    }

    /// Any other span: span.recorded, with its times and status.
    mutating func mapSpanRecorded() {
        var payload = JSONObject()
        payload.set("name", span.name)
        payload.set("span_id", spanID)
        payload.set("started_at_ms", Self.milliseconds(startNano))
        payload.set("ended_at_ms", Self.milliseconds(endNano))
        payload.set("status", statusName)
        payload.set("error_message", errorMessage)
        emit("span.recorded", at: startNano, rank: Rank.point, primary: true, payload)
    }
}
