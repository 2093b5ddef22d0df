/// One step of a trace in order (`query steps`).
public struct StepRow: QueryRow, Equatable {
    public var step: Int64
    /// The position of the step's event, to find it in the log (and in a replayed waterfall).
    public var position: Int64
    public var stepType: String
    public var stepName: String?
    public var latencyMs: Int64?
    public var tokens: Int64?
    public var costUSD: Double?
    public var isError: Bool
    public var timestamp: Int64
    public var payload: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case step, position, stepType = "step_type", stepName = "step_name", latencyMs = "latency_ms", tokens, costUSD = "cost_usd"
        case isError = "is_error", timestamp, payload
    }
    public typealias Columns = CodingKeys
}
