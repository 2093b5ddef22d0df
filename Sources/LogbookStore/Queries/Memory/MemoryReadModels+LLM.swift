import Foundation
import LogbookProjections

/// LLM usage by group, and the models left unpriced (`ReadModels.llmUsage`, `unpricedModels`).
extension MemoryReadModels {
    public func llmUsage(_ filter: LLMUsageFilter = LLMUsageFilter()) -> [LLMUsageRow] {
        let calls = Self.calls(snapshot, run: filter.run)
        var groups: [String?: [ReadModelRows.LLMInteraction]] = [:]
        for call in calls {
            let key: String? = switch filter.by {
            case .agent: call.agentID
            case .run: call.runID
            case .model: call.provider.flatMap { provider in call.model.map { provider + "/" + $0 } }
            case .day: SQLiteDate.date(unixSeconds: call.timestamp / 1000)
            }
            groups[key, default: []].append(call)
        }
        let rows = groups.map { key, calls in
            LLMUsageRow(
                key: key, calls: Int64(calls.count), inputTokens: calls.reduce(0) { $0 + $1.inputTokens },
                cachedInputTokens: calls.reduce(0) { $0 + $1.cachedInputTokens },
                outputTokens: calls.reduce(0) { $0 + $1.outputTokens }, reasoningTokens: calls.reduce(0) { $0 + $1.reasoningTokens },
                costUSD: roundedSum(calls.map(\.costUSD)), unpricedCalls: Int64(calls.count { $0.costSource == "unknown" }),
                latencyMs: calls.compactMap(\.latencyMs).reduce(nil) { ($0 ?? 0) + $1 })
        }
        let ordered = rows.sorted { a, b in
            if filter.by == .day { return ascending(b.key, a.key) { $0.sortsBefore($1) } ?? false }
            return ascending(b.costUSD, a.costUSD, <) ?? ascending(a.key, b.key) { $0.sortsBefore($1) } ?? false
        }
        return page(ordered, limit: filter.limit)
    }

    public func unpricedModels(run: String? = nil, limit: Int = 50) -> [UnpricedModelRow] {
        struct Model: Hashable {
            var provider: String?
            var model: String?
        }
        var groups: [Model: UnpricedModelRow] = [:]
        for call in Self.calls(snapshot, run: run) where call.costSource == "unknown" {
            let key = Model(provider: call.provider, model: call.model)
            var row = groups[key] ?? UnpricedModelRow(provider: call.provider, model: call.model, calls: 0, inputTokens: 0, outputTokens: 0)
            row.calls += 1
            row.inputTokens += call.inputTokens
            row.outputTokens += call.outputTokens
            groups[key] = row
        }
        let ordered = groups.values.sorted { a, b in
            if a.calls != b.calls { return a.calls > b.calls }
            return ascending(a.provider, b.provider) { $0.sortsBefore($1) } ?? ascending(a.model, b.model) { $0.sortsBefore($1) } ?? false
        }
        return page(ordered, limit: limit)
    }

    /// The calls of one run, in the order of its index (timestamp, then rowid), or every call
    /// in rowid order: the orders SQLite sums them in.
    static func calls(_ rows: ReadModelRows, run: String?) -> [ReadModelRows.LLMInteraction] {
        if let run {
            return (rows.llmInteractions[run.lowercased()] ?? [:]).values
                .sorted { ($0.timestamp, $0.rowID) < ($1.timestamp, $1.rowID) }
        }
        return rows.llmInteractions.values.flatMap(\.values).sorted { $0.rowID < $1.rowID }
    }
}
