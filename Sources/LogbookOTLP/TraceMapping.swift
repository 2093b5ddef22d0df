/// An ExportTraceServiceRequest into Logbook events: each span mapped on its own (SpanMapper),
/// spans that cannot be mapped counted as rejected, and the events put in one order whatever
/// the order of the spans in the request.
enum TraceMapping {
    static func map(_ request: TraceRequest) -> OTLPBatch {
        var rejections = Rejections()
        // Per span (trace id + span id): the events of each copy of it in the request.
        var copies: [[UInt8]: [[MappedEvent]]] = [:]
        for resourceSpans in request.resourceSpans {
            for scopeSpans in resourceSpans.scopeSpans {
                for span in scopeSpans.spans {
                    do {
                        let events = try SpanMapper.map(span, resource: resourceSpans.resource, scope: scopeSpans.scope)
                        copies[Array(span.traceID) + Array(span.spanID), default: []].append(events)
                    } catch {
                        rejections.add(error.reason)
                    }
                }
            }
        }
        var events: [MappedEvent] = []
        for (key, versions) in copies {
            // A span sent twice with the same content is one span; with different content the
            // first in byte order is kept, so the choice does not depend on the request's order.
            var distinct: [[UInt8]: [MappedEvent]] = [:]
            for version in versions { distinct[version.flatMap(\.line)] = version }
            let ordered = distinct.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            events.append(contentsOf: ordered[0].value)
            for _ in ordered.dropFirst() {
                rejections.add("span \(Hex.encode(key.suffix(8))) of trace \(Hex.encode(key.prefix(16))) was sent again with different content")
            }
        }
        events.sort(by: MappedEvent.inOrder)
        return OTLPBatch(events: events.map(\.line), rejected: rejections.count, errorMessage: rejections.message(noun: "span"))
    }
}
