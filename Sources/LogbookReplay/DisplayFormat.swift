import Foundation

/// How the text renderers print times, durations, counts and money.
enum DisplayFormat {
    /// `2026-01-01T00:00:12.345Z`.
    static func instant(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// `850 ms`, `12.345 s`, `3 min 04 s`.
    static func duration(_ ms: Int64) -> String {
        let magnitude = ms.saturatingMagnitude
        if magnitude < 1000 { return "\(ms) ms" }
        if magnitude < 60_000 { return String(format: "%.3f s", Double(ms) / 1000) }
        return "\(ms / 60_000) min " + String(format: "%02d s", Int((magnitude % 60_000) / 1000))
    }

    /// `12,345`.
    static func count<Number: BinaryInteger>(_ value: Number) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `$0.012345`.
    static func dollars(_ value: Double) -> String {
        String(format: "$%.6f", value)
    }

    /// One line of usage: calls, tokens, and cost with how much of it is unknown.
    static func usage(_ usage: UsageTotals) -> String {
        var text = "\(count(usage.llmCalls)) LLM call\(usage.llmCalls == 1 ? "" : "s")"
        if usage.failedCalls > 0 { text += " (\(usage.failedCalls) failed)" }
        text += " · input \(count(usage.inputTokens)) tokens"
        if usage.cachedInputTokens > 0 { text += " (\(count(usage.cachedInputTokens)) cached)" }
        text += " · output \(count(usage.outputTokens))"
        if usage.reasoningTokens > 0 { text += " (\(count(usage.reasoningTokens)) reasoning)" }
        text += " · " + cost(usage)
        return text
    }

    /// `$0.012345`, or with a note of the calls that reported no cost.
    static func cost(_ usage: UsageTotals) -> String {
        if usage.llmCalls == 0 { return "no cost" }
        if usage.callsWithoutCost == 0 { return dollars(usage.knownCostUSD) }
        if usage.callsWithCost == 0 { return "cost unknown (no call reported one)" }
        return "\(dollars(usage.knownCostUSD)) known, \(usage.callsWithoutCost) call\(usage.callsWithoutCost == 1 ? "" : "s") without cost"
    }

    static func plural(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }
}
