import Foundation

/// OTLP/JSON departs from the protobuf JSON mapping in one way that matters for decoding: trace
/// and span ids are hex strings, not base64. This rewrites their values to base64 so that
/// SwiftProtobuf's JSON decoder reads them as the bytes fields they are; every other byte is
/// copied unchanged. The input must be valid JSON (the caller validated it).
///
/// The id fields are message fields (Span, Span.Link, LogRecord); user data travels in
/// `key`/`value` members, so no attribute can be mistaken for an id.
enum OTLPJSONIDs {
    static let fields: Set<String> = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"]

    static func rewrite(_ json: [UInt8]) throws(OTLPError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        var index = 0
        while index < json.count {
            guard json[index] == UInt8(ascii: "\"") else {
                output.append(json[index])
                index += 1
                continue
            }
            let end = endOfString(json, from: index)
            output.append(contentsOf: json[index..<end])
            var next = skipWhitespace(json, from: end)
            guard next < json.count, json[next] == UInt8(ascii: ":"),
                let key = String(validating: json[(index + 1)..<(end - 1)], as: UTF8.self), fields.contains(key)
            else {
                index = end
                continue
            }
            next = skipWhitespace(json, from: next + 1)
            output.append(contentsOf: json[end..<next])
            index = next
            guard json[next] == UInt8(ascii: "\"") else { continue }
            let valueEnd = endOfString(json, from: next)
            let digits = json[(next + 1)..<(valueEnd - 1)]
            guard let bytes = Hex.decode(digits) else {
                throw .invalidID(field: key, value: String(decoding: digits, as: UTF8.self), offset: next)
            }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: Data(bytes).base64EncodedString().utf8)
            output.append(UInt8(ascii: "\""))
            index = valueEnd
        }
        return output
    }

    /// The index just past the closing quote of the string that opens at `start`.
    private static func endOfString(_ json: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return json.count
    }

    private static func skipWhitespace(_ json: [UInt8], from start: Int) -> Int {
        var index = start
        while index < json.count, [0x20, 0x09, 0x0A, 0x0D].contains(json[index]) { index += 1 }
        return index
    }
}
