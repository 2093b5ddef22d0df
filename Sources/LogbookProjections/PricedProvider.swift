/// A provider of the price catalogue: which model and provider names pick it, its models,
/// and the providers whose prices it falls back to (Azure to OpenAI, say).
struct PricedProvider: Sendable, Decodable {
    var id: String
    var name: String
    var modelMatch: PriceClause?
    var providerMatch: PriceClause?
    var fallbackModelProviders: [String]
    var models: [PricedModel]

    enum CodingKeys: String, CodingKey {
        case id, name, models
        case modelMatch = "model_match", providerMatch = "provider_match"
        case fallbackModelProviders = "fallback_model_providers"
    }

    /// The first of its models that `model` (lowercased) matches.
    func model(matching model: String) -> PricedModel? {
        models.first { $0.match.matches(model) }
    }
}
