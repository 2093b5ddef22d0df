/// A model the price catalogue has no price for, with the calls that went unpriced.
public struct UnpricedModelRow: QueryRow, Equatable {
    public var provider: String?
    public var model: String?
    public var calls: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, model, calls, inputTokens = "input_tokens", outputTokens = "output_tokens"
    }
    public typealias Columns = CodingKeys
}
