typealias LogRecord = Opentelemetry_Proto_Logs_V1_LogRecord

/// An ExportLogsServiceRequest into run.log events, one per record that belongs to a trace.
///
/// Every Logbook event belongs to a trace (a run), so a record without a trace id, logged
/// outside any span, is rejected with a reason in the partial success rather than filed under
/// a made-up run. Records carry no id of their own: an event's id is derived from the span (or
/// trace) id, the record's time and a digest of its payload, so re-sent records are duplicates.
enum LogMapping {
    static func map(_ request: LogsRequest) -> OTLPBatch {
        var rejections = Rejections()
        var events: [MappedEvent] = []
        for resourceLogs in request.resourceLogs {
            for scopeLogs in resourceLogs.scopeLogs {
                for record in scopeLogs.logRecords {
                    do {
                        events.append(try event(record, resource: resourceLogs.resource, scope: scopeLogs.scope))
                    } catch {
                        rejections.add(error.reason)
                    }
                }
            }
        }
        events.sort(by: MappedEvent.inOrder)
        return OTLPBatch(events: events.map(\.line), rejected: rejections.count, errorMessage: rejections.message(noun: "log record"))
    }

    static func event(_ record: LogRecord, resource: Resource, scope: Scope) throws(Rejection) -> MappedEvent {
        let quoted = quote(record)
        guard record.traceID.count == 16, record.traceID.contains(where: { $0 != 0 }) else {
            throw Rejection(reason: "log record \(quoted) has no trace id: Logbook files every event under a trace, so only records logged inside a span are stored")
        }
        let time = record.timeUnixNano > 0 ? record.timeUnixNano : record.observedTimeUnixNano
        guard time > 0 else { throw Rejection(reason: "log record \(quoted) has neither a time nor an observed time") }
        let spanID = record.spanID.count == 8 && record.spanID.contains(where: { $0 != 0 }) ? Hex.encode(record.spanID) : nil

        var attributes = AttributeBag(record.attributes)
        let envelope = SpanMapper.envelope(
            traceID: DerivedID.trace(record.traceID), attributes: &attributes, resource: AttributeBag(resource.attributes))
        var payload = JSONObject()
        payload.set("level", level(record))
        let body = JSONValue(record.body)
        switch body {
        case .string(let message): payload.set("message", message)
        case .null: payload.set("message", "")
        default:
            payload.set("message", String(decoding: body.bytes, as: UTF8.self))
            payload.set("body", body)
        }
        if record.severityNumber.rawValue != 0 { payload.set("severity_number", .int(Int64(record.severityNumber.rawValue))) }
        if !record.severityText.isEmpty { payload.set("severity_text", record.severityText) }
        payload.set("span_id", spanID)
        if !record.eventName.isEmpty { payload.set("event_name", record.eventName) }
        payload.set("attributes", nonEmpty: attributes.remaining)
        if record.timeUnixNano > 0, record.observedTimeUnixNano > 0 {
            payload.set("observed_at_ms", .int(Int64(record.observedTimeUnixNano / 1_000_000)))
        }
        if record.flags != 0 { payload.set("flags", .int(Int64(record.flags))) }
        if record.droppedAttributesCount > 0 { payload.set("dropped_attributes_count", .int(Int64(record.droppedAttributesCount))) }
        payload.set("resource", nonEmpty: JSONObject(attributes: resource.attributes))
        if !scope.name.isEmpty || !scope.version.isEmpty {
            var object = JSONObject()
            object.set("name", scope.name)
            if !scope.version.isEmpty { object.set("version", scope.version) }
            object.set("attributes", nonEmpty: JSONObject(attributes: scope.attributes))
            payload.set("scope", .object(object))
        }

        let digest = Hex.encode(SHA1.hash(payload.bytes))
        let owner = spanID ?? Hex.encode(record.traceID)
        return MappedEvent(
            id: DerivedID.event(spanID: owner, role: "log:\(time):\(digest)"), type: "run.log", envelope: envelope,
            timeUnixNano: time, payload: payload, traceBytes: Array(record.traceID), spanBytes: Array(record.spanID),
            rank: 0)
    }

    /// The contract's four levels from OTLP's severity number ranges (TRACE 1–4 and DEBUG 5–8
    /// → debug, INFO 9–12 → info, WARN 13–16 → warn, ERROR 17–20 and FATAL 21–24 → error);
    /// an unspecified number falls back on the severity text, then on info.
    static func level(_ record: LogRecord) -> String {
        switch record.severityNumber.rawValue {
        case 1...8: return "debug"
        case 9...12: return "info"
        case 13...16: return "warn"
        case 17...: return "error"
        default:
            let text = record.severityText.lowercased()
            if text.hasPrefix("trace") || text.hasPrefix("debug") { return "debug" }
            if text.hasPrefix("warn") { return "warn" }
            if text.hasPrefix("err") || text.hasPrefix("fatal") || text.hasPrefix("crit") { return "error" }
            return "info"
        }
    }

    private static func quote(_ record: LogRecord) -> String {
        let text: String
        if case .stringValue(let body) = record.body.value { text = body } else { text = record.eventName }
        return "'" + (text.count > 60 ? String(text.prefix(60)) + "…" : text) + "'"
    }
}

extension JSONObject {
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }
}
