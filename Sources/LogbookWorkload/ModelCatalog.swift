/// One provider model with list prices, so `llm.interaction` costs follow from
/// token counts the way a billing pipeline would compute them.
struct ModelSpec: Sendable {
    let provider: [UInt8]
    let name: [UInt8]
    /// US cents per million tokens: costs stay integers until they are written.
    let inputPrice: Int
    let cachedInputPrice: Int
    let outputPrice: Int
    /// Reasoning models report `reasoning_tokens` as part of their output.
    let reasons: Bool

    init(_ provider: String, _ name: String, input: Int, cached: Int, output: Int, reasons: Bool = false) {
        self.provider = Array(provider.utf8)
        self.name = Array(name.utf8)
        inputPrice = input
        cachedInputPrice = cached
        outputPrice = output
        self.reasons = reasons
    }

    /// Cost in millionths of a dollar, rounded to nearest.
    func costMicroUSD(input: Int, cached: Int, output: Int) -> Int {
        let hundredths = (input - cached) * inputPrice + cached * cachedInputPrice + output * outputPrice
        return (hundredths + 50) / 100
    }
}

/// The models agents route to. Prices approximate public list prices.
enum ModelCatalog {
    static let models: [ModelSpec] = [
        ModelSpec("openai", "gpt-4o", input: 250, cached: 125, output: 1_000),
        ModelSpec("openai", "gpt-4o-mini", input: 15, cached: 8, output: 60),
        ModelSpec("openai", "gpt-4.1", input: 200, cached: 50, output: 800),
        ModelSpec("openai", "o4-mini", input: 110, cached: 28, output: 440, reasons: true),
        ModelSpec("anthropic", "claude-sonnet-4-5", input: 300, cached: 30, output: 1_500),
        ModelSpec("anthropic", "claude-opus-4-1", input: 1_500, cached: 150, output: 7_500, reasons: true),
        ModelSpec("anthropic", "claude-haiku-4-5", input: 100, cached: 10, output: 500),
        ModelSpec("google", "gemini-2.5-pro", input: 125, cached: 31, output: 1_000, reasons: true),
        ModelSpec("google", "gemini-2.5-flash", input: 30, cached: 8, output: 250, reasons: true),
        ModelSpec("google", "gemini-2.0-flash", input: 10, cached: 3, output: 40),
    ]

    /// Index of the model called `name`; agent definitions refer to models by name.
    static func index(of name: String) -> Int {
        let bytes = Array(name.utf8)
        guard let index = models.firstIndex(where: { $0.name == bytes }) else {
            preconditionFailure("unknown model \(name)")
        }
        return index
    }
}
