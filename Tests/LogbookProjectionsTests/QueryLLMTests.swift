import Foundation
import LogbookProjections
import LogbookTestSupport
import Testing

/// `logbook query llm` on a store written and projected by the built binary.
@Suite("logbook query llm")
struct QueryLLMTests {
    let logbook = ChildProcess.executable("logbook")

    @Test("--unpriced lists the models without a price; the catalogue's version is printed")
    func unpricedModels() throws {
        let directory = TemporaryDirectory("query-llm")
        let store = directory.appending("store")
        let lines = [
            #"{"event_type":"llm.interaction","trace_id":"0b7e2c51-0000-4000-8000-000000000001","timestamp_ms":1767225600000,"payload":{"provider":"openai","model":"gpt-4.1-mini-2025-04-14","prompt":"p","input_tokens":1000}}"#,
            #"{"event_type":"llm.interaction","trace_id":"0b7e2c51-0000-4000-8000-000000000001","timestamp_ms":1767225600001,"payload":{"provider":"acme","model":"house-model-7","prompt":"p","input_tokens":10}}"#,
        ]
        let ingest = try ChildProcess.run(logbook, ["ingest", "-", "--store", store, "--durability", "none"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let project = try ChildProcess.run(logbook, ["project", "--store", store])
        #expect(project.status == 0, "\(project.stderr)")
        let unpriced = try ChildProcess.run(logbook, ["query", "llm", "--unpriced", "--store", store])
        #expect(unpriced.status == 0, "\(unpriced.stderr)")
        #expect(unpriced.stdout.contains("house-model-7"))
        #expect(!unpriced.stdout.contains("gpt-4.1-mini"))
        #expect(unpriced.stdout.contains("prices: genai-prices \(PriceTable.standard.sourceVersion) (catalogue version \(PriceTable.standard.version))"))
        let json = try ChildProcess.run(logbook, ["query", "llm", "--unpriced", "--json", "--store", store])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["model"] as? String } == ["house-model-7"])
    }
}
