/// A 128-bit identifier (event id, session id, trace id) kept as two integers so that
/// hashing, comparing and encoding never allocate. Parsed and printed in the canonical
/// 8-4-4-4-12 form; printing is always lowercase.
public struct LogUUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses the canonical form (either case); nil when `text` is not one.
    public init?(_ text: String) {
        var text = text
        let parsed = text.withUTF8 { LogUUID(utf8: UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the canonical form from UTF-8 bytes: three ids per ingested line, so the
    /// digits go through a lookup table rather than a switch.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 36, bytes[8] == 0x2D, bytes[13] == 0x2D, bytes[18] == 0x2D, bytes[23] == 0x2D else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        var invalid: UInt8 = 0
        let ok: Bool = Self.hexDigits.withUnsafeBufferPointer { table in
            var index = 0
            for word in 0..<2 {
                var value: UInt64 = 0
                for _ in 0..<16 {
                    if index == 8 || index == 13 || index == 18 || index == 23 { index += 1 }
                    let digit = table[Int(bytes[index])]
                    invalid |= digit
                    value = value << 4 | UInt64(digit & 0x0F)
                    index += 1
                }
                if word == 0 { words.0 = value } else { words.1 = value }
            }
            return invalid & 0xF0 == 0
        }
        guard ok else { return nil }
        self.init(high: words.0, low: words.1)
    }

    /// Hex digit values; 0xFF for every byte that is not one.
    private static let hexDigits: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x30...0x39: UInt8(byte - 0x30)
        case 0x41...0x46: UInt8(byte - 0x41 + 10)
        case 0x61...0x66: UInt8(byte - 0x61 + 10)
        default: 0xFF
        }
    }

    /// A random version-4 UUID.
    public static func random() -> LogUUID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A version-4 UUID drawn from `generator`.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> LogUUID {
        let high = (generator.next() & ~0xF000) | 0x4000
        let low = (generator.next() & ~(0xC000 << 48)) | (0x8000 << 48)
        return LogUUID(high: high, low: low)
    }

    /// One word into the hasher instead of two: ids are hashed several times per appended
    /// event (idempotency and batch checks), and the bits are random already.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high ^ (low &* 0x9E37_79B9_7F4A_7C15))
    }

    public static func < (lhs: LogUUID, rhs: LogUUID) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    public var description: String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        appendCanonical(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the lowercase canonical form to `output`.
    public func appendCanonical(to output: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { hex in
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    output.append(UInt8(ascii: "-"))
                }
                let word = nibble < 16 ? high : low
                let shift = UInt64(60 - 4 * (nibble % 16))
                output.append(hex[Int((word >> shift) & 0xF)])
            }
        }
    }

    /// A well-mixed 64-bit hash, for bloom filters: ids chosen by clients need not be random.
    var mixedHash: UInt64 {
        var value = high ^ (low &* 0x9E37_79B9_7F4A_7C15)
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }
}
