import Foundation

/// A match clause of the price catalogue (`schemas/prices.json`, exported from genai-prices):
/// how a model or provider name picks its entry. Text clauses compare case-insensitively; a
/// regex is searched for in the lowercased name, as genai-prices does.
indirect enum PriceClause: Sendable, Decodable {
    case equals(String)
    case startsWith(String)
    case endsWith(String)
    case contains(String)
    case regex(NSRegularExpression)
    case or([PriceClause])
    case and([PriceClause])

    /// Whether `name` (already lowercased) matches.
    func matches(_ name: String) -> Bool {
        switch self {
        case .equals(let text): return name == text
        case .startsWith(let text): return name.hasPrefix(text)
        case .endsWith(let text): return name.hasSuffix(text)
        case .contains(let text): return name.contains(text)
        case .regex(let pattern):
            return pattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        case .or(let clauses): return clauses.contains { $0.matches(name) }
        case .and(let clauses): return clauses.allSatisfy { $0.matches(name) }
        }
    }

    private enum Key: String, CodingKey {
        case equals, regex, contains, or, and
        case startsWith = "starts_with", endsWith = "ends_with"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an empty match clause"))
        }
        switch key {
        case .equals: self = .equals(try container.decode(String.self, forKey: key).lowercased())
        case .startsWith: self = .startsWith(try container.decode(String.self, forKey: key).lowercased())
        case .endsWith: self = .endsWith(try container.decode(String.self, forKey: key).lowercased())
        case .contains: self = .contains(try container.decode(String.self, forKey: key).lowercased())
        case .regex: self = .regex(try NSRegularExpression(pattern: try container.decode(String.self, forKey: key)))
        case .or: self = .or(try container.decode([PriceClause].self, forKey: key))
        case .and: self = .and(try container.decode([PriceClause].self, forKey: key))
        }
    }
}
