import Foundation

/// Model prices by provider, model and effective date (`schemas/prices.json`), in US dollars
/// per million tokens, with separate prices for fresh input, cached input, output and
/// reasoning tokens.
public struct PriceTable: Sendable {
    public struct Price: Sendable, Equatable, Decodable {
        public var provider: String
        public var model: String
        /// `YYYY-MM-DD`, UTC: the price applies from that day until the model's next entry.
        public var effectiveFrom: String
        public var input: Double
        public var cachedInput: Double
        public var output: Double
        public var reasoning: Double

        enum CodingKeys: String, CodingKey {
            case provider, model, input, output, reasoning
            case effectiveFrom = "effective_from"
            case cachedInput = "cached_input"
        }

        public init(provider: String, model: String, effectiveFrom: String, input: Double, cachedInput: Double, output: Double, reasoning: Double) {
            self.provider = provider
            self.model = model
            self.effectiveFrom = effectiveFrom
            self.input = input
            self.cachedInput = cachedInput
            self.output = output
            self.reasoning = reasoning
        }
    }

    public let version: Int
    /// Per provider and model, entries with their start in milliseconds since the epoch, oldest first.
    private let entries: [String: [(startMs: Int64, price: Price)]]

    public init(version: Int, prices: [Price]) {
        self.version = version
        var entries: [String: [(startMs: Int64, price: Price)]] = [:]
        for price in prices {
            entries[Self.key(price.provider, price.model), default: []].append((Self.startMs(price.effectiveFrom), price))
        }
        self.entries = entries.mapValues { $0.sorted { $0.startMs < $1.startMs } }
    }

    /// Decodes a table in the format of `schemas/prices.json`.
    public init(json: Data) throws {
        struct File: Decodable {
            var version: Int
            var prices: [Price]
        }
        let file = try JSONDecoder().decode(File.self, from: json)
        self.init(version: file.version, prices: file.prices)
    }

    /// The table the package carries (`schemas/prices.json`).
    public static let standard: PriceTable = {
        do {
            return try PriceTable(json: Data(ReadModelSchema.pricesJSON.utf8))
        } catch {
            preconditionFailure("schemas/prices.json does not decode: \(error)")
        }
    }()

    /// The price of `model` on the day of `timestampMs`; nil for a model the table does not
    /// know, or a call before its first price.
    public func price(provider: String?, model: String, atMs timestampMs: Int64) -> Price? {
        let candidates = entries[Self.key(provider ?? "", model)] ?? entries.first { $0.key.hasSuffix("/" + model) }?.value
        return candidates?.last { $0.startMs <= timestampMs }?.price
    }

    /// The cost in US dollars, rounded to 1e-9: cached input tokens are part of `input` and
    /// reasoning tokens part of `output`, each priced once at its own rate. Nil when the
    /// model has no price.
    public func cost(
        provider: String?, model: String, atMs timestampMs: Int64,
        input: Int64, cachedInput: Int64, output: Int64, reasoning: Int64
    ) -> Double? {
        guard let price = price(provider: provider, model: model, atMs: timestampMs) else { return nil }
        let cached = min(max(cachedInput, 0), max(input, 0))
        let reasoned = min(max(reasoning, 0), max(output, 0))
        let micro = Double(max(input, 0) - cached) * price.input + Double(cached) * price.cachedInput
            + Double(max(output, 0) - reasoned) * price.output + Double(reasoned) * price.reasoning
        return Self.roundToNano(micro / 1_000_000)
    }

    /// The version of a projector whose rows hold costs from this table: its own version
    /// (`base`) and the table's, so a new price catalogue rebuilds it and re-prices history.
    public func projectorVersion(_ base: Int) -> Int {
        base * 1_000_000 + version
    }

    /// Rounds dollars to nine decimals, the precision totals are kept at.
    public static func roundToNano(_ dollars: Double) -> Double {
        (dollars * 1e9).rounded() / 1e9
    }

    private static func key(_ provider: String, _ model: String) -> String { provider + "/" + model }

    private static func startMs(_ day: String) -> Int64 {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return .max }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return .max }
        return Int64(date.timeIntervalSince1970 * 1000)
    }
}
