/// A span's (or log record's) attributes, taken one by one as the mapping gives them a place in
/// the payload; what is left over goes to the payload's `attributes`, so nothing the exporter
/// sent is lost.
struct AttributeBag {
    private var entries: [KeyValue]

    init(_ attributes: [KeyValue]) {
        entries = attributes
    }

    var isEmpty: Bool { entries.isEmpty }

    /// What no rule took, in the exporter's order.
    var remaining: JSONObject { JSONObject(attributes: entries) }

    func peek(_ key: String) -> AnyValue? {
        entries.first { $0.key == key }?.value
    }

    func peekString(_ key: String) -> String? {
        if case .stringValue(let string) = peek(key)?.value { return string }
        return nil
    }

    func contains(prefix: String) -> Bool {
        entries.contains { $0.key.hasPrefix(prefix) }
    }

    /// Removes `key` and returns its (first) value.
    mutating func take(_ key: String) -> AnyValue? {
        guard let value = peek(key) else { return nil }
        entries.removeAll { $0.key == key }
        return value
    }

    /// The first of `keys` present, removed; the others stay.
    mutating func take(first keys: String...) -> AnyValue? {
        for key in keys {
            if let value = take(key) { return value }
        }
        return nil
    }

    /// Removes and returns `key` only when it holds a string.
    mutating func takeString(_ keys: String...) -> String? {
        for key in keys {
            if let string = peekString(key) {
                entries.removeAll { $0.key == key }
                return string
            }
        }
        return nil
    }

    /// Removes and returns the first of `keys` holding a count: a non-negative integer, or a
    /// double or decimal string with an integral value. Anything else stays in the attributes.
    mutating func takeCount(_ keys: String...) -> Int64? {
        for key in keys {
            guard let value = peek(key), let count = Self.count(value) else { continue }
            entries.removeAll { $0.key == key }
            return count
        }
        return nil
    }

    /// Removes every attribute whose key starts with `prefix`; returns them with the prefix cut.
    mutating func take(prefix: String) -> [(key: Substring, value: AnyValue)] {
        let taken = entries.filter { $0.key.hasPrefix(prefix) }.map { ($0.key.dropFirst(prefix.count), $0.value) }
        entries.removeAll { $0.key.hasPrefix(prefix) }
        return taken.map { (key: $0.0, value: $0.1) }
    }

    /// Removes the attributes under `prefix` whose next segment is an index (`gen_ai.prompt.0.role`,
    /// not `gen_ai.prompt.name`); nil when there are none.
    mutating func take(indexedPrefix prefix: String) -> [(key: Substring, value: AnyValue)]? {
        func indexed(_ key: String) -> Bool {
            guard key.hasPrefix(prefix) else { return false }
            let index = key.dropFirst(prefix.count).prefix { $0 != "." }
            return !index.isEmpty && index.allSatisfy(\.isASCII) && index.allSatisfy(\.isNumber)
        }
        let taken = entries.filter { indexed($0.key) }.map { (key: $0.key.dropFirst(prefix.count), value: $0.value) }
        guard !taken.isEmpty else { return nil }
        entries.removeAll { indexed($0.key) }
        return taken
    }

    private static func count(_ value: AnyValue) -> Int64? {
        switch value.value {
        case .intValue(let int): return int >= 0 ? int : nil
        case .doubleValue(let double):
            guard double >= 0, double < 9.0e18, double.rounded() == double else { return nil }
            return Int64(double)
        case .stringValue(let string):
            guard let int = Int64(string), int >= 0 else { return nil }
            return int
        default: return nil
        }
    }
}
