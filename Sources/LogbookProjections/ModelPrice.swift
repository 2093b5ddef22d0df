import Foundation

/// One model of the price catalogue: the clause that picks it and its prices over time.
struct PricedModel: Sendable, Decodable {
    var id: String
    var match: PriceClause
    /// In catalogue order: the last whose constraint holds applies, else the first.
    var prices: [ConditionalPrice]

    /// The prices in force at `timestampMs` (ms since the epoch, UTC).
    func prices(atMs timestampMs: Int64) -> ModelPrice? {
        prices.last { $0.constraint?.holds(atMs: timestampMs) ?? true }?.prices ?? prices.first?.prices
    }
}

struct ConditionalPrice: Sendable, Decodable {
    var constraint: PriceConstraint?
    var prices: ModelPrice
}

/// When a price applies: from a date on (UTC), or within a daily window (off-peak prices).
enum PriceConstraint: Sendable, Decodable {
    /// Milliseconds since the epoch of the start day's midnight, UTC.
    case from(Int64)
    /// Milliseconds since midnight UTC: [start, end), wrapping past midnight when end < start.
    case daily(start: Int64, end: Int64)

    func holds(atMs timestampMs: Int64) -> Bool {
        switch self {
        case .from(let start): return timestampMs >= start
        case .daily(let start, let end):
            let day: Int64 = 86_400_000
            let time = ((timestampMs % day) + day) % day
            return end < start ? (time >= start || time < end) : (start <= time && time < end)
        }
    }

    private enum Key: String, CodingKey {
        case startDate = "start_date", startTime = "start_time", endTime = "end_time"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let date = try container.decodeIfPresent(String.self, forKey: .startDate) {
            guard let start = Self.midnightMs(date) else {
                throw DecodingError.dataCorruptedError(forKey: .startDate, in: container, debugDescription: "not a YYYY-MM-DD date: \(date)")
            }
            self = .from(start)
        } else {
            self = .daily(
                start: Self.timeMs(try container.decode(String.self, forKey: .startTime)),
                end: Self.timeMs(try container.decode(String.self, forKey: .endTime)))
        }
    }

    /// `YYYY-MM-DD` as ms since the epoch at 00:00 UTC.
    static func midnightMs(_ day: String) -> Int64? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    /// `HH:MM[:SS]` as ms since midnight.
    static func timeMs(_ text: String) -> Int64 {
        let parts = text.prefix(8).split(separator: ":").compactMap { Int64($0) }
        return parts.enumerated().reduce(0) { total, item in total + item.element * [3_600_000, 60_000, 1000][min(item.offset, 2)] }
    }
}

/// A model's prices in US dollars per million tokens, by genai-prices' keys (`input_mtok`,
/// `cache_read_mtok`, `cache_write_mtok`, `output_mtok`, `output_reasoning_mtok`, …).
struct ModelPrice: Sendable, Decodable {
    var values: [String: PriceValue]

    init(from decoder: Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: PriceValue].self)
    }

    /// The price of `key` for a call with `inputTokens` prompt tokens (tiers are chosen by them).
    func price(_ key: String, inputTokens: Int64) -> Double? {
        values[key]?.price(inputTokens: inputTokens)
    }
}

/// A flat price, or a tiered one: past a tier's start (in prompt tokens) its price applies to every token.
enum PriceValue: Sendable, Decodable {
    case flat(Double)
    case tiered(base: Double, tiers: [(start: Int64, price: Double)])

    func price(inputTokens: Int64) -> Double {
        switch self {
        case .flat(let price): return price
        case .tiered(let base, let tiers):
            return tiers.last { inputTokens > $0.start }?.price ?? base
        }
    }

    private struct Tiered: Decodable {
        struct Tier: Decodable {
            var start: Int64
            var price: Double
        }
        var base: Double
        var tiers: [Tier]
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flat = try? container.decode(Double.self) {
            self = .flat(flat)
        } else {
            let tiered = try container.decode(Tiered.self)
            self = .tiered(base: tiered.base, tiers: tiered.tiers.sorted { $0.start < $1.start }.map { ($0.start, $0.price) })
        }
    }
}
