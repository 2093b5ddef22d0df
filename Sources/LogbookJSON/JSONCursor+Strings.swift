/// String scanning: validation on the hot path, decoding only for the few envelope fields that
/// need their text.
extension JSONCursor {
    /// Scans the string whose opening quote is at `position` and leaves `position` just after its
    /// closing quote.
    ///
    /// Returns whether the string contains escapes, so a caller that needs the text knows whether
    /// the raw bytes can be used as they are.
    mutating func scanString() throws(JSONSyntaxError) -> Bool {
        let start = position
        var index = start + 1
        var hasEscapes = false
        while true {
            index = skipPlainASCII(from: index)
            guard index < bytes.count else {
                throw JSONSyntaxError(offset: start, message: "unterminated string")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return hasEscapes
            } else if byte == UInt8(ascii: "\\") {
                index = try scanEscape(at: index, stringStart: start)
                hasEscapes = true
            } else if byte >= 0x80 {
                index = try validateUTF8Sequence(at: index)
            } else {
                throw JSONSyntaxError(
                    offset: index, message: "unescaped control character \(Self.hex(byte)) in string")
            }
        }
    }

    /// Scans an object key; `position` must be where the key should start.
    mutating func scanKey() throws(JSONSyntaxError) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(
                offset: position, message: "expected string key in object, found \(describe(at: position))")
        }
        return try scanString()
    }

    /// Returns the index of the first byte at or after `start` that is a quote, a backslash, a
    /// control character or non-ASCII (or the end of the buffer).
    ///
    /// Plain ASCII is most of the text in agent events, so it is skipped eight bytes at a time
    /// with SWAR arithmetic instead of one branch per byte.
    @inline(__always)
    private func skipPlainASCII(from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let special = Self.specialByteLanes(word)
            if special != 0 { return index &+ (special.trailingZeroBitCount &>> 3) }
            index &+= 8
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
            index += 1
        }
        return index
    }

    /// Sets the high bit of every byte lane of `word` (little-endian) that holds '"', '\\', a
    /// control character or a non-ASCII byte.
    ///
    /// Lanes above the first match may be flagged falsely (a subtraction borrow carries upwards
    /// out of a matching lane), but the lowest flagged lane is always a true match, which is all
    /// `skipPlainASCII` uses.
    @inline(__always)
    private static func specialByteLanes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let quoteLanes = (quotes &- ones) & ~quotes
        let backslashLanes = (backslashes &- ones) & ~backslashes
        let controlLanes = (word &- ones &* 0x20) & ~word
        return (quoteLanes | backslashLanes | controlLanes | word) & highBits
    }

    /// Validates the escape whose backslash is at `index` and returns the index after it.
    /// A `\u` high surrogate must be followed by a `\u` low surrogate; anything else is a lone
    /// surrogate, which cannot be turned into valid UTF-8 and so is rejected.
    private func scanEscape(at index: Int, stringStart: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < bytes.count else {
            throw JSONSyntaxError(offset: stringStart, message: "unterminated string")
        }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexEscape(at: index, stringStart: stringStart)
            switch unit {
            case 0xD800...0xDBFF:
                let next = index + 6
                guard next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                      case 0xDC00...0xDFFF = try hexEscape(at: next, stringStart: stringStart)
                else { throw Self.loneSurrogate(unit, at: index) }
                return next + 6
            case 0xDC00...0xDFFF:
                throw Self.loneSurrogate(unit, at: index)
            default:
                return index + 6
            }
        default:
            let escaped = bytes[index + 1]
            let shown = escaped > 0x20 && escaped < 0x7F
                ? String(Character(Unicode.Scalar(escaped)))
                : " followed by byte \(Self.hex(escaped))"
            throw JSONSyntaxError(offset: index, message: "invalid escape \\\(shown)")
        }
    }

    /// Reads the four hex digits of the `\u` escape whose backslash is at `index`.
    private func hexEscape(at index: Int, stringStart: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for offset in index + 2..<index + 6 {
            guard offset < bytes.count else {
                throw JSONSyntaxError(offset: stringStart, message: "unterminated string")
            }
            guard let digit = Self.hexDigitValue(bytes[offset]) else {
                throw JSONSyntaxError(offset: index, message: "invalid \\u escape, expected 4 hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func loneSurrogate(_ unit: UInt16, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, message: "lone surrogate \\u\(String(unit, radix: 16, uppercase: true))")
    }

    @inline(__always)
    private static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Decodes the string content `range` (quotes excluded), which `scanString` has already
    /// validated, so escapes and surrogate pairs are known to be well-formed here.
    func decodeString(_ range: Range<Int>, hasEscapes: Bool) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        // An escape never decodes to more bytes than it occupies, so the raw length is enough.
        return String(unsafeUninitializedCapacity: raw.count) { output in
            var read = 0
            var written = 0
            while read < raw.count {
                let byte = raw[read]
                guard byte == UInt8(ascii: "\\") else {
                    output[written] = byte
                    written += 1
                    read += 1
                    continue
                }
                let escaped = raw[read + 1]
                read += 2
                switch escaped {
                case UInt8(ascii: "b"): output[written] = 0x08
                case UInt8(ascii: "f"): output[written] = 0x0C
                case UInt8(ascii: "n"): output[written] = 0x0A
                case UInt8(ascii: "r"): output[written] = 0x0D
                case UInt8(ascii: "t"): output[written] = 0x09
                case UInt8(ascii: "u"):
                    var scalar = UInt32(Self.decodedHex(raw, at: read))
                    read += 4
                    if (0xD800...0xDBFF).contains(scalar) {  // validated: a low surrogate escape follows
                        let low = UInt32(Self.decodedHex(raw, at: read + 2))
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        read += 6
                    }
                    written = Self.encodeUTF8(scalar, into: output, at: written)
                    continue
                default: output[written] = escaped  // '"', '\\' or '/'
                }
                written += 1
            }
            return written
        }
    }

    private static func decodedHex(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in index..<index + 4 {
            value = value << 4 | UInt16(hexDigitValue(raw[offset]) ?? 0)
        }
        return value
    }

    /// Writes `scalar` as UTF-8 at `index` and returns the index after it.
    private static func encodeUTF8(
        _ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        switch scalar {
        case ..<0x80:
            output[index] = UInt8(scalar)
            return index + 1
        case ..<0x800:
            output[index] = UInt8(0xC0 | scalar >> 6)
            output[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return index + 2
        case ..<0x10000:
            output[index] = UInt8(0xE0 | scalar >> 12)
            output[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return index + 3
        default:
            output[index] = UInt8(0xF0 | scalar >> 18)
            output[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return index + 4
        }
    }
}
