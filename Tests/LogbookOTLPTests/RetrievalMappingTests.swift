import Foundation
import Testing
@testable import LogbookOTLP

/// Retrieval spans (no real exporter in the fixtures records one): OpenInference's flattened
/// documents become one document.retrieved each.
@Suite struct RetrievalMappingTests {
    static func attribute(_ key: String, _ value: String) -> KeyValue {
        var attribute = KeyValue()
        attribute.key = key
        attribute.value.stringValue = value
        return attribute
    }

    @Test func eachRetrievedDocumentIsAnEvent() throws {
        var span = Span()
        span.traceID = Data(repeating: 0xAB, count: 16)
        span.spanID = Data([1, 2, 3, 4, 5, 6, 7, 8])
        span.parentSpanID = Data([8, 7, 6, 5, 4, 3, 2, 1])
        span.name = "search docs"
        span.startTimeUnixNano = 1_700_000_000_000_000_000
        span.endTimeUnixNano = 1_700_000_000_250_000_000
        span.attributes = [
            Self.attribute("openinference.span.kind", "RETRIEVER"),
            Self.attribute("input.value", "refund policy"),
            Self.attribute("retrieval.documents.0.document.id", "kb-12"),
            Self.attribute("retrieval.documents.0.document.content", "Refunds within 30 days."),
            Self.attribute("retrieval.documents.0.document.metadata", #"{"title": "Refunds", "source": "kb"}"#),
            Self.attribute("retrieval.documents.1.document.content", "Contact billing."),
            Self.attribute("retriever.index", "kb-v2"),
        ]
        var request = TraceRequest()
        request.resourceSpans = [.with { $0.scopeSpans = [.with { $0.spans = [span] }] }]
        let batch = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        let events = try Event.all(batch)
        #expect(events.map(\.type) == ["document.retrieved", "document.retrieved"])
        #expect(events.map { $0.string("title") } == ["Refunds", "document 2"])
        #expect(events.map { $0.string("content") } == ["Refunds within 30 days.", "Contact billing."])
        #expect(events[0].string("document_id") == "kb-12")
        #expect((events[0].payload["metadata"] as? [String: Any])?["source"] as? String == "kb")
        #expect(events.allSatisfy { $0.string("query") == "refund policy" && $0.timestampMs == 1_700_000_000_250 })
        #expect(events[0].attribute("retriever.index") as? String == "kb-v2")
        #expect(events[1].payload["attributes"] == nil, "the span's detail is on its first event only")
    }
}
