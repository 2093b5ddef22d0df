import Foundation
import LogbookCore
import LogbookProjections
import Testing

@Suite("Costs from the versioned price table")
struct PriceTableTests {
    static let table = PriceTable(version: 1, prices: [
        .init(provider: "acme", model: "m1", effectiveFrom: "2025-01-01", input: 2, cachedInput: 0.5, output: 8, reasoning: 12),
        .init(provider: "acme", model: "m1", effectiveFrom: "2026-01-01", input: 1, cachedInput: 0.25, output: 4, reasoning: 6),
    ])
    static let jan2025: Int64 = 1_735_689_600_000
    static let jan2026: Int64 = 1_767_225_600_000

    @Test("cached and reasoning tokens are priced once, at their own rate")
    func cachedAndReasoning() {
        // 1,000,000 input of which 400,000 cached; 500,000 output of which 200,000 reasoning.
        let cost = Self.table.cost(provider: "acme", model: "m1", atMs: Self.jan2025 + 1,
                                   input: 1_000_000, cachedInput: 400_000, output: 500_000, reasoning: 200_000)
        #expect(cost == 0.6 * 2 + 0.4 * 0.5 + 0.3 * 8 + 0.2 * 12)
    }

    @Test("the price in force on the call's day applies")
    func effectiveDates() {
        let cost = { (at: Int64) in Self.table.cost(provider: "acme", model: "m1", atMs: at, input: 1_000_000, cachedInput: 0, output: 0, reasoning: 0) }
        #expect(cost(Self.jan2025 - 1) == nil)
        #expect(cost(Self.jan2025) == 2)
        #expect(cost(Self.jan2026 - 1) == 2)
        #expect(cost(Self.jan2026) == 1)
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
        let computed = usage(#"{"provider":"openai","model":"o4-mini","input_tokens":1000000,"cached_input_tokens":1000000,"output_tokens":1000000,"reasoning_tokens":1000000}"#)
        #expect(computed.costSource == .computed && abs(computed.costUSD! - 4.68) < 1e-12)
        let unknown = usage(#"{"provider":"acme","model":"nobody-knows","input_tokens":1000}"#)
        #expect(unknown.costSource == .unknown && unknown.costUSD == nil)
    }
}
