/// Logbook ids derived from other systems' ids, so that exporting the same spans twice gives
/// the same events (the store then reports duplicates instead of storing them again).
///
/// A 16-byte trace id is the UUID of the same bytes; any other text maps to
/// uuid5(NAMESPACE, text) with NAMESPACE = uuid5(NAMESPACE_URL, "https://logbook.dev/ids");
/// an event made from a span gets uuid5(NAMESPACE, "<span id hex>:<role>").
enum DerivedID {
    /// RFC 9562's namespace for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    static let urlNamespace: [UInt8] = [
        0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8,
    ]

    static let namespace: [UInt8] = uuid5(namespace: urlNamespace, name: "https://logbook.dev/ids")

    /// The UUID with the same 16 bytes as an OTLP trace id.
    static func trace(_ id: some Collection<UInt8>) -> String {
        format(Array(id))
    }

    /// The id of the event a span gives in `role` (for example "run.started").
    static func event(spanID: String, role: String) -> String {
        format(uuid5(namespace: namespace, name: "\(spanID):\(role)"))
    }

    /// `text` itself when it is a UUID (canonical or 32 hex digits, lowercased), else
    /// uuid5(NAMESPACE, text): how a `session.id` or `gen_ai.conversation.id` becomes a session.
    static func external(_ text: String) -> String {
        canonicalUUID(text) ?? format(uuid5(namespace: namespace, name: text))
    }

    /// `text` as a lowercase canonical UUID, when it is one.
    static func canonicalUUID(_ text: String) -> String? {
        let utf8 = Array(text.utf8)
        let digits: [UInt8]
        if utf8.count == 36 {
            guard [8, 13, 18, 23].allSatisfy({ utf8[$0] == UInt8(ascii: "-") }) else { return nil }
            digits = utf8.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        } else if utf8.count == 32 {
            digits = utf8
        } else {
            return nil
        }
        guard let bytes = Hex.decode(digits), bytes.count == 16 else { return nil }
        return format(bytes)
    }

    static func uuid5(namespace: [UInt8], name: String) -> [UInt8] {
        var bytes = Array(SHA1.hash(namespace + Array(name.utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x50
        bytes[8] = bytes[8] & 0x3F | 0x80
        return bytes
    }

    /// 8-4-4-4-12 lowercase hex.
    static func format(_ bytes: [UInt8]) -> String {
        let hex = Hex.encode(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)]
        }
        return parts.joined(separator: "-")
    }
}
