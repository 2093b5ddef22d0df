import Foundation
import LogbookCore
import LogbookProjections
import Testing

/// A one-model catalogue in the format of `schemas/prices.json`.
func oneModelCatalogue(version: Int, inputPrice: Double) throws -> PriceTable {
    try PriceTable(json: Data("""
        {"version": \(version), "source": {"version": "test"}, "providers": [
          {"id": "acme", "name": "Acme", "model_match": {"starts_with": "m"}, "provider_match": null,
           "fallback_model_providers": [], "models": [
             {"id": "m1", "match": {"equals": "m1"}, "prices": [{"constraint": null, "prices": {"input_mtok": \(inputPrice), "output_mtok": \(inputPrice)}}]}]}]}
        """.utf8))
}

/// The catalogue exported from genai-prices 0.2.3; each expected cost is what that package's
/// own `calc_price` returns for the same call.
@Suite("Costs from the price catalogue exported from genai-prices")
struct PriceTableTests {
    static let table = PriceTable.standard
    static let jan2026: Int64 = 1_767_225_600_000

    static func cost(
        _ provider: String?, _ model: String, at: Int64 = jan2026, input: Int64, cacheRead: Int64 = 0, cacheWrite: Int64 = 0,
        output: Int64 = 0, reasoning: Int64 = 0
    ) -> Double? {
        table.cost(provider: provider, model: model, atMs: at, input: input, cacheRead: cacheRead, cacheWrite: cacheWrite,
                   output: output, reasoning: reasoning)
    }

    @Test("the catalogue is genai-prices' and its version is printed with it")
    func source() {
        #expect(Self.table.sourceVersion == "0.2.3")
        #expect(Self.table.version == 203)
    }

    @Test("a dated snapshot matches its model: gpt-4.1-mini-2025-04-14, and written with a compact date")
    func datedSnapshots() {
        #expect(Self.table.match(provider: "openai", model: "gpt-4.1-mini-2025-04-14")?.model == "gpt-4.1-mini")
        #expect(Self.cost("openai", "gpt-4.1-mini-2025-04-14", input: 1_000_000, cacheRead: 400_000, output: 100_000) == 0.44)
        #expect(Self.cost("openai", "gpt-4.1-mini-20250414", input: 1_000_000) == 0.4)
        #expect(Self.table.match(provider: nil, model: "claude-sonnet-4-5-20250929")! == ("anthropic", "claude-sonnet-4-5"))
    }

    @Test("a provider prefix, a provider given separately, or none at all")
    func providers() {
        #expect(Self.cost(nil, "openai/gpt-4.1", input: 1_000_000, output: 1_000_000) == 10)
        #expect(Self.cost("openai", "openai/gpt-4.1", input: 1_000_000, output: 1_000_000) == 10)
        #expect(Self.cost("openai", "gpt-4.1", input: 1_000_000, output: 1_000_000) == 10)
        #expect(Self.cost(nil, "gpt-4.1-mini", input: 1_000_000) == 0.4)
        #expect(Self.cost(nil, "gemini-2.5-flash", input: 1_000_000, output: 1_000_000) == 2.8)
        // Azure is its own provider, priced by the catalogue's fallback to OpenAI's prices.
        #expect(Self.table.match(provider: nil, model: "azure/gpt-4o")?.provider == "azure")
        #expect(Self.cost("azure", "gpt-4o", input: 1_000_000) == 2.5)
        // A provider the catalogue does not know, or a model it does not: no price, never a guess.
        #expect(Self.cost("acme", "gpt-4o", input: 1_000) == nil)
        #expect(Self.cost("openai", "nobody-knows", input: 1_000) == nil)
    }

    @Test("a price that changed on a date: o3 before and after 2025-06-10 (UTC)")
    func effectiveDates() {
        let june10: Int64 = 1_749_513_600_000
        #expect(Self.cost("openai", "o3", at: june10 - 60_000, input: 1_000_000) == 10)
        #expect(Self.cost("openai", "o3", at: june10, input: 1_000_000) == 2)
    }

    @Test("tiered prices apply above their threshold of prompt tokens, to every token")
    func tiers() {
        #expect(Self.cost("google", "gemini-2.5-pro", input: 100_000, output: 10_000) == 0.225)
        #expect(Self.cost("google", "gemini-2.5-pro", input: 250_000, output: 10_000) == 0.775)
    }

    @Test("cache reads and cache writes at their own prices; reasoning as output")
    func cacheAndReasoning() {
        #expect(Self.cost("anthropic", "claude-sonnet-4-5", input: 1_000_000, cacheRead: 200_000, cacheWrite: 100_000, output: 10_000) == 5.295)
        #expect(Self.cost("openai", "o4-mini", input: 1_000_000, output: 1_000_000, reasoning: 600_000) == 5.5)
    }

    @Test("a client-supplied cost wins; an unknown model has no cost")
    func clientAndUnknown() {
        func usage(_ payload: String) -> LLMUsage {
            LLMUsage(ProjectedEvent(RecordedEvent(
                position: 0, sessionSeq: 1, recordedAtMs: 0, id: .random(), eventType: "llm.interaction", sessionID: nil,
                traceID: .random(), userID: nil, agentID: nil, timestampMs: Self.jan2026, payload: Array(payload.utf8))))
        }
        let client = usage(#"{"provider":"openai","model":"gpt-4o","input_tokens":1000,"output_tokens":10,"cost_usd":0.5}"#)
        #expect(client.costSource == .client && client.costUSD == 0.5)
        let catalogue = usage(#"{"provider":"openai","model":"o4-mini","input_tokens":1000000,"output_tokens":1000000,"reasoning_tokens":1000000}"#)
        #expect(catalogue.costSource == .catalogue && catalogue.costUSD == 5.5)
        let unknown = usage(#"{"provider":"acme","model":"nobody-knows","input_tokens":1000}"#)
        #expect(unknown.costSource == .unknown && unknown.costUSD == nil)
    }

    @Test("every model of the openai-agents run and of the SDK corpus is priced")
    func corpusModelsArePriced() throws {
        for name in ["openai-agents-run", "openai", "anthropic", "gemini"] {
            for line in try SDKCorpus.lines(name) {
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard event["event_type"] as? String == "llm.interaction", let payload = event["payload"] as? [String: Any],
                      let model = payload["model"] as? String, model != "unknown" else { continue }
                #expect(Self.table.match(provider: payload["provider"] as? String, model: model) != nil, "\(name): \(model)")
            }
        }
    }
}
