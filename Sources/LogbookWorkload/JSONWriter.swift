/// Appends JSON straight into a reusable byte buffer. Events are written field by
/// field with no dictionaries, `String`s or `Codable` in between, which is what
/// lets the generator emit well over 100 MB/s. Callers nest correctly by
/// construction; the writer only tracks whether the next item needs a comma.
struct JSONWriter: Sendable {
    /// The output; `WorkloadGenerator` swaps the caller's line buffer in and out.
    var bytes: [UInt8] = []
    private var needsComma = false

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Ends a JSONL record; the next line starts from a clean state.
    mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
        needsComma = false
    }

    /// Keys are compile-time constants of the event schema and need no escaping.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendRaw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: StaticString) {
        value.withUTF8Buffer { string($0) }
    }

    mutating func string(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { string($0) }
    }

    /// Writes UTF-8 `value` as a JSON string, escaping per RFC 8259: quote,
    /// backslash and C0 controls. Unescaped runs are copied in one block.
    mutating func string(_ value: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in value.indices {
            let byte = value[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart..<index]))
            }
            appendEscape(for: byte)
            runStart = index + 1
        }
        if runStart < value.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A string made of a constant prefix and a zero-padded number, e.g. "user-0042".
    mutating func numberedString(_ prefix: StaticString, _ number: Int, width: Int) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendRaw(prefix)
        appendDigits(UInt(number), minimumWidth: width)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func int(_ value: Int) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumWidth: 1)
        needsComma = true
    }

    /// A non-negative decimal written from integer units, e.g. (4213, scale 6) →
    /// 0.004213, so prices and temperatures never go through `Double` formatting.
    mutating func fixedPoint(_ units: Int, scale: Int) {
        separate()
        var divisor: UInt = 1
        for _ in 0..<scale { divisor *= 10 }
        let magnitude = UInt(units)
        appendDigits(magnitude / divisor, minimumWidth: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(magnitude % divisor, minimumWidth: scale)
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        appendRaw(value ? "true" : "false")
        needsComma = true
    }

    /// Lowercase canonical 8-4-4-4-12 form.
    mutating func uuid(_ id: UUID128) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendHex(id.high >> 32, digits: 8)
        bytes.append(UInt8(ascii: "-"))
        appendHex(id.high >> 16, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(id.high, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(id.low >> 48, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(id.low, digits: 12)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    // MARK: Fields

    mutating func field(_ name: StaticString, _ value: StaticString) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(Array(value.utf8))
    }

    mutating func field(_ name: StaticString, _ value: [UInt8]) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func field(_ name: StaticString, _ value: UUID128) {
        key(name)
        uuid(value)
    }

    // MARK: Helpers

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            appendRaw("u00")
            appendHex(UInt64(byte), digits: 2)
        }
    }

    /// Decimal digits of `value`, left-padded with zeros to `minimumWidth`,
    /// written in place back to front so no temporary is needed.
    private mutating func appendDigits(_ value: UInt, minimumWidth: Int) {
        var digitCount = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }
        let width = max(digitCount, minimumWidth)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var remaining = value
        var index = start + width - 1
        while remaining > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// The low `digits` nibbles of `value` as lowercase hex.
    private mutating func appendHex(_ value: UInt64, digits: Int) {
        var shift = UInt64(digits - 1) * 4
        while true {
            let nibble = UInt8(truncatingIfNeeded: (value >> shift) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble)
            if shift == 0 { return }
            shift -= 4
        }
    }
}
