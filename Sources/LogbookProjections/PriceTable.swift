import Foundation

/// The price catalogue (`schemas/prices.json`), exported from the `genai-prices` package by
/// `scripts/update-prices.sh`: providers and models with the match clauses that pick them,
/// prices that change on a date, tiered prices, cache-read and cache-write prices, in US
/// dollars per million tokens. Nothing is fetched at build or run time.
///
/// Matching follows genai-prices: the provider is the one named (by id, else by its
/// provider clause), or, when none is named, the one whose model clause the model matches;
/// a model written with a provider prefix (`openai/gpt-4.1`) is looked up under that
/// provider; then the provider's first model whose clause matches, else that of a provider
/// it falls back to, else the same with a compact date (`-20250414`) written with dashes.
/// Matching is deterministic: the catalogue's order decides.
public struct PriceTable: Sendable {
    /// Part of the priced projectors' versions: a new catalogue re-prices on rebuild.
    public let version: Int
    /// The genai-prices version the catalogue was exported from.
    public let sourceVersion: String
    let providers: [PricedProvider]
    private let lookups = PriceLookups()

    /// Decodes a catalogue in the format of `schemas/prices.json`.
    public init(json: Data) throws {
        struct File: Decodable {
            struct Source: Decodable {
                var version: String
            }
            var version: Int
            var source: Source
            var providers: [PricedProvider]
        }
        let file = try JSONDecoder().decode(File.self, from: json)
        version = file.version
        sourceVersion = file.source.version
        providers = file.providers
    }

    /// The catalogue the package carries (`schemas/prices.json`).
    public static let standard: PriceTable = {
        do {
            return try PriceTable(json: Data(ReadModelSchema.pricesJSON.utf8))
        } catch {
            preconditionFailure("schemas/prices.json does not decode: \(error)")
        }
    }()

    /// Which catalogue entry prices `model` from `provider` (nil: named by the model alone):
    /// the provider's and the model's ids; nil when none does.
    public func match(provider: String?, model: String) -> (provider: String, model: String)? {
        entry(provider: provider, model: model).map { ($0.provider, $0.model.id) }
    }

    private func entry(provider: String?, model: String) -> PriceLookups.Entry? {
        lookups.value(for: (provider ?? "") + "\u{0}" + model) {
            resolve(provider: provider, model: model).map { ($0.provider.id, $0.model) }
        }
    }

    /// The cost in US dollars, rounded to 1e-9; nil when no price matches. `input` counts
    /// every prompt token: `cacheRead` of them are priced at the cache-read price and
    /// `cacheWrite` at the cache-write price (each at the input price when the model has
    /// none), the rest at the input price; `reasoning` of the `output` tokens at the
    /// reasoning price when the model has one. Tiers are chosen by `input`.
    public func cost(
        provider: String?, model: String, atMs timestampMs: Int64,
        input: Int64, cacheRead: Int64, cacheWrite: Int64 = 0, output: Int64, reasoning: Int64
    ) -> Double? {
        guard let price = entry(provider: provider, model: model)?.model.prices(atMs: timestampMs) else { return nil }
        let input = max(input, 0)
        let cached = min(max(cacheRead, 0), input)
        let written = min(max(cacheWrite, 0), input - cached)
        let output = max(output, 0)
        let reasoned = min(max(reasoning, 0), output)
        func rate(_ key: String, else fallback: String) -> Double {
            price.price(key, inputTokens: input) ?? price.price(fallback, inputTokens: input) ?? 0
        }
        let micro = Double(input - cached - written) * rate("input_mtok", else: "input_mtok")
            + Double(cached) * rate("cache_read_mtok", else: "input_mtok")
            + Double(written) * rate("cache_write_mtok", else: "input_mtok")
            + Double(output - reasoned) * rate("output_mtok", else: "output_mtok")
            + Double(reasoned) * rate("output_reasoning_mtok", else: "output_mtok")
        return Self.roundToNano(micro / 1_000_000)
    }

    /// The version of a projector whose rows hold costs from this catalogue: its own version
    /// (`base`) and the catalogue's, so a new catalogue rebuilds it and re-prices history.
    public func projectorVersion(_ base: Int) -> Int {
        base * 1_000_000 + version
    }

    /// Rounds dollars to nine decimals, the precision totals are kept at.
    public static func roundToNano(_ dollars: Double) -> Double {
        (dollars * 1e9).rounded() / 1e9
    }

    // MARK: Matching

    private func resolve(provider named: String?, model: String) -> (provider: PricedProvider, model: PricedModel)? {
        var model = model.lowercased()
        var provider = named.flatMap { self.provider(named: $0) }
        if named != nil, provider == nil { return nil }
        if let slash = model.firstIndex(of: "/"), let prefixed = self.provider(named: String(model[..<slash])),
           provider == nil || provider?.id == prefixed.id {
            provider = prefixed
            model = String(model[model.index(after: slash)...])
        }
        guard let provider = provider ?? providers.first(where: { $0.modelMatch?.matches(model) == true }) else { return nil }
        for candidate in [model, Self.dashedDate(model)] {
            if let found = provider.model(matching: candidate) { return (provider, found) }
            for id in provider.fallbackModelProviders {
                if let found = providers.first(where: { $0.id == id })?.model(matching: candidate) { return (provider, found) }
            }
        }
        return nil
    }

    /// The provider a name denotes: by id, else by its provider clause.
    private func provider(named name: String) -> PricedProvider? {
        let name = name.lowercased().trimmingCharacters(in: .whitespaces)
        return providers.first { $0.id == name } ?? providers.first { $0.providerMatch?.matches(name) == true }
    }

    /// `gpt-5.2-20251211` → `gpt-5.2-2025-12-11`, as LiteLLM and OpenRouter write dated refs.
    static func dashedDate(_ model: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "-(20\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?=-|:|$)") else { return model }
        return regex.stringByReplacingMatches(in: model, range: NSRange(model.startIndex..., in: model), withTemplate: "-$1-$2-$3")
    }
}

/// Lookups already made, by provider and model: matching walks thousands of clauses, and a
/// log names few models. Guarded by an `NSLock`, the lock policy of the package (LogbookCore's
/// `Locked`), which makes the class safe to share.
final class PriceLookups: @unchecked Sendable {
    typealias Entry = (provider: String, model: PricedModel)
    private let lock = NSLock()
    private var results: [String: Entry?] = [:]

    func value(for key: String, _ compute: () -> Entry?) -> Entry? {
        lock.lock()
        if let known = results[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        results[key] = value
        lock.unlock()
        return value
    }
}
