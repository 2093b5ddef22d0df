import LogbookJSON

/// Reads JSON text into a `JSONValue`: used where exporters put JSON inside string attributes
/// (`gen_ai.input.messages`, `llm.invocation_parameters`, document metadata). The text is
/// validated by LogbookJSON's scanner first, so the parser only builds values; numbers keep
/// their tokens and objects their member order.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0

    /// nil when `text` is not exactly one JSON value.
    static func parse(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard (try? JSONScanner.validate(bytes)) != nil else { return nil }
        var parser = JSONParser(bytes: bytes)
        return parser.value()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    // Recursion depth is bounded by the scanner's nesting limit.
    private mutating func value() -> JSONValue {
        skipWhitespace()
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var object = JSONObject()
            skipWhitespace()
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                let key = string()
                skipWhitespace()
                position += 1  // ':'
                object.append(key, value())
                skipWhitespace()
                let separator = bytes[position]
                position += 1
                if separator == UInt8(ascii: "}") { return .object(object) }
            }
        case UInt8(ascii: "["):
            position += 1
            var array: [JSONValue] = []
            skipWhitespace()
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(array)
            }
            while true {
                array.append(value())
                skipWhitespace()
                let separator = bytes[position]
                position += 1
                if separator == UInt8(ascii: "]") { return .array(array) }
            }
        case UInt8(ascii: "\""):
            return .string(string())
        case UInt8(ascii: "t"):
            position += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            position += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            position += 4
            return .null
        default:
            let start = position
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
            let token = String(decoding: bytes[start..<position], as: UTF8.self)
            return Int64(token).map(JSONValue.int) ?? .number(token)
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    /// A string token, unescaped; `position` is at its opening quote.
    private mutating func string() -> String {
        position += 1
        var output: [UInt8] = []
        while bytes[position] != UInt8(ascii: "\"") {
            let byte = bytes[position]
            position += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4()
                // The scanner checked that a high surrogate is followed by an escaped low one.
                if (0xD800..<0xDC00).contains(scalar) {
                    position += 2  // "\u"
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (hex4() - 0xDC00)
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: output.append(escape)  // '"', '\\', '/'
            }
        }
        position += 1
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func hex4() -> UInt32 {
        let digits = Hex.decode(bytes[position..<position + 4]) ?? [0, 0]
        position += 4
        return UInt32(digits[0]) << 8 | UInt32(digits[1])
    }
}
