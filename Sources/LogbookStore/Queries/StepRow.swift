/// One step of a trace in order (`query steps`).
public struct StepRow: QueryRow, Equatable {
    public var step: Int64
    public var stepType: String
    public var stepName: String?
    public var latencyMs: Int64?
    public var tokens: Int64?
    public var costUSD: Double?
    public var isError: Bool
    public var timestamp: Int64
    public var payload: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case step, stepType = "step_type", stepName = "step_name", latencyMs = "latency_ms", tokens, costUSD = "cost_usd"
        case isError = "is_error", timestamp, payload
    }
    public typealias Columns = CodingKeys
}
