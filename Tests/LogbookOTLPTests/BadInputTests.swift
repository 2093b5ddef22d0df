import Foundation
import Testing
@testable import LogbookOTLP

/// Bodies that are not export requests fail as a whole with a message that says what is wrong;
/// single spans or records that cannot be mapped are rejected in the partial success.
@Suite struct BadInputTests {
    @Test func aTruncatedProtobufBodyIsAClearError() throws {
        let body = try Fixture.traces[0].protobuf()
        let error = #expect(throws: OTLPError.self) { try OTLPMapper.traces(Array(body.prefix(body.count / 2)), encoding: .protobuf) }
        #expect(error?.code == .malformedBody)
        #expect(error?.message.contains("not a valid protobuf ExportTraceServiceRequest") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        (#"{"resourceSpans": [}"#, "not a valid OTLP/JSON ExportTraceServiceRequest"),
        (#"{"resourceSpans": "no"}"#, "not a valid OTLP/JSON ExportTraceServiceRequest"),
        ("", "not a valid OTLP/JSON ExportTraceServiceRequest"),
    ])
    func malformedJSONIsAClearError(body: String, message: String) {
        let error = #expect(throws: OTLPError.self) { try OTLPMapper.traces(Array(body.utf8), encoding: .json) }
        #expect(error?.code == .malformedBody)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func base64IdsInJSONAreRefusedNamingTheField() {
        // The protobuf JSON mapping would send base64; OTLP/JSON sends hex.
        let body = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"IWNjaYtSm0qXt1CSPOs//Q==","spanId":"6ntb9V61YaQ=","name":"x"}]}]}]}"#
        let error = #expect(throws: OTLPError.self) { try OTLPMapper.traces(Array(body.utf8), encoding: .json) }
        #expect(error?.code == .invalidID)
        #expect(error?.message.contains("traceId 'IWNjaYtSm0qXt1CSPOs//Q=='") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("hex") == true)
    }

    @Test func aSpanWithoutATraceIdIsRejectedWithAReasonAndTheRestMapped() throws {
        var request = try TraceRequest(serializedBytes: Fixture.traces[1].protobuf())
        let spans = request.resourceSpans[0].scopeSpans[0].spans
        let complete = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        let index = try #require(spans.firstIndex { $0.name == "execute_tool get_weather" })
        request.resourceSpans[0].scopeSpans[0].spans[index].traceID = Data()
        let batch = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        #expect(batch.rejected == 1)
        #expect(batch.errorMessage == "rejected 1 span: span 'execute_tool get_weather' has no trace id")
        #expect(batch.events.count == complete.events.count - 2, "its tool.called and tool.result are left out")

        for encoding in [OTLPEncoding.protobuf, .json] {
            let body = batch.responseBody(for: .traces, encoding: encoding)
            let response = try encoding == .protobuf
                ? Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse(serializedBytes: body)
                : Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse(jsonUTF8Bytes: body)
            #expect(response.partialSuccess.rejectedSpans == 1)
            #expect(response.partialSuccess.errorMessage == batch.errorMessage)
        }
    }

    @Test func spansWithBadIdsOrNoStartTimeAreRejected() throws {
        var request = try TraceRequest(serializedBytes: Fixture.traces[1].protobuf())
        var spans = request.resourceSpans[0].scopeSpans[0].spans
        spans[0].spanID = Data([1, 2, 3])
        spans[1].traceID = Data(repeating: 0, count: 16)
        spans[2].startTimeUnixNano = 0
        spans[3].parentSpanID = Data([9])
        request.resourceSpans[0].scopeSpans[0].spans = spans
        let batch = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        #expect(batch.rejected == 4)
        #expect(batch.errorMessage.hasPrefix("rejected 4 spans: "))
        #expect(batch.errorMessage.contains("no valid span id (3 bytes"))
        #expect(batch.errorMessage.contains("and 1 more"))
    }

    @Test func aLogRecordOutsideASpanIsRejectedWithAReason() throws {
        var request = try LogsRequest(serializedBytes: Fixture.logs[0].protobuf())
        var outside = request.resourceLogs[0].scopeLogs[0].logRecords[0]
        outside.traceID = Data()
        outside.spanID = Data()
        request.resourceLogs[0].scopeLogs[0].logRecords.append(outside)
        let batch = try OTLPMapper.logs(request.serializedBytes(), encoding: .protobuf)
        #expect(batch.rejected == 1)
        #expect(batch.errorMessage.contains("log record 'loaded 12 rules' has no trace id"))
        #expect(batch.events.count == 5)
        let response = try Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse(
            serializedBytes: batch.responseBody(for: .logs, encoding: .protobuf))
        #expect(response.partialSuccess.rejectedLogRecords == 1)
    }

    @Test(arguments: [
        ("application/x-protobuf", OTLPEncoding.protobuf), ("application/json; charset=utf-8", .json),
        ("Application/JSON", .json),
    ])
    func contentTypesNameTheirEncoding(contentType: String, encoding: OTLPEncoding) {
        #expect(OTLPEncoding(contentType: contentType) == encoding)
    }

    @Test func otherContentTypesHaveNoEncoding() {
        #expect(OTLPEncoding(contentType: "text/plain") == nil)
    }
}
