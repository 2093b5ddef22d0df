import LogbookJSON

/// The rules replay and the projections share, so a run, a call or a session reads the same
/// in `replay --session`, `replay --trace` and the tables.
public enum EventRules {
    /// Among several events that compete for one slot (a run's terminal event, its start, an
    /// execution's end, the session's `session.started`), the **earliest** by `(timestamp_ms,
    /// event id)` wins; for the newest saved state, the latest by the same key. Event ids
    /// compare as their lowercase canonical text, as the tables store them. This key does not
    /// depend on the order events arrive in.
    public static func precedes(_ a: (timestampMs: Int64, id: String), _ b: (timestampMs: Int64, id: String)) -> Bool {
        (a.timestampMs, a.id) < (b.timestampMs, b.id)
    }

    /// A tool result failed when it says `is_error: true`; without `is_error`, when it
    /// carries an `error_message`.
    public static func toolResultFailed(isError: Bool?, errorMessage: String?) -> Bool {
        isError ?? (errorMessage != nil)
    }

    /// An LLM call failed when its `status` is `error` or it carries an `error_message`.
    public static func llmCallFailed(status: String?, errorMessage: String?) -> Bool {
        status == "error" || errorMessage != nil
    }

    /// A span failed when its `status` is `error` or it carries an `error_message`.
    public static func spanFailed(status: String?, errorMessage: String?) -> Bool {
        status == "error" || errorMessage != nil
    }

    /// A span's length from its `started_at_ms` and `ended_at_ms`, when both are there and
    /// the difference is a sane duration.
    public static func spanLength(startedAtMs: Int64?, endedAtMs: Int64?) -> Int64? {
        guard let startedAtMs, let endedAtMs else { return nil }
        let (length, overflow) = endedAtMs.subtractingReportingOverflow(startedAtMs)
        return overflow ? nil : milliseconds(.int(length))
    }

    /// A duration in whole milliseconds (`12.5` rounds to `13`), or nil when the value is not
    /// a number from 0 to `LLMCallUsage.maxLatencyMs`.
    public static func milliseconds(_ value: JSONValue?) -> Int64? {
        guard let number = value?.double, number.isFinite, number >= 0, number <= Double(LLMCallUsage.maxLatencyMs) else { return nil }
        return Int64(number.rounded())
    }
}
