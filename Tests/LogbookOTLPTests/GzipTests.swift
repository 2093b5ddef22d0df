import Foundation
import Testing
@testable import LogbookOTLP

@Suite struct GzipTests {
    /// The GenAI fixture was sent by the Python exporter with compression=gzip.
    @Test func theExportersGzipBodyInflatesToTheRequest() throws {
        let compressed = Array(try Data(contentsOf: Fixture.url("genai-semconv.traces.pb.gz")))
        let body = try Gzip.decompress(compressed, limit: 1 << 20)
        #expect(body.count > compressed.count)
        let fromJSON = try OTLPMapper.traces(Fixture.traces[1].json(), encoding: .json)
        #expect(try OTLPMapper.traces(body, encoding: .protobuf) == fromJSON)
    }

    @Test func truncatedOrDamagedStreamsAreErrors() throws {
        let compressed = Array(try Data(contentsOf: Fixture.url("genai-semconv.traces.pb.gz")))
        let truncated = #expect(throws: OTLPError.self) { try Gzip.decompress(Array(compressed.dropLast(12)), limit: 1 << 20) }
        #expect(truncated?.code == .badCompression)
        #expect(truncated?.message.contains("truncated") == true, "\(truncated?.message ?? "")")
        var damaged = compressed
        damaged[0] = 0
        #expect(throws: OTLPError.self) { try Gzip.decompress(damaged, limit: 1 << 20) }
        #expect(throws: OTLPError.self) { try Gzip.decompress([], limit: 1 << 20) }
    }

    @Test func inflatingPastTheLimitStops() throws {
        let compressed = Array(try Data(contentsOf: Fixture.url("genai-semconv.traces.pb.gz")))
        let error = #expect(throws: OTLPError.self) { try Gzip.decompress(compressed, limit: 100) }
        #expect(error?.message.contains("more than 100 bytes") == true)
    }

    @Test func concatenatedMembersAreReadInTurn() throws {
        let compressed = Array(try Data(contentsOf: Fixture.url("genai-semconv.traces.pb.gz")))
        let once = try Gzip.decompress(compressed, limit: 1 << 20)
        #expect(try Gzip.decompress(compressed + compressed, limit: 1 << 20) == once + once)
    }
}
