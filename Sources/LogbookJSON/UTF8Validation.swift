/// UTF-8 validation for string contents, following the well-formed byte sequences of the
/// Unicode Standard (Table 3-7): shortest form only, no encoded UTF-16 surrogates, nothing above
/// U+10FFFF. Text that passes can be turned into a Swift `String` or re-emitted byte for byte
/// without repair.
extension JSONCursor {
    /// Validates the multi-byte sequence whose lead byte (>= 0x80) is at `index` and returns the
    /// index after it. Errors point at the lead byte.
    @inline(__always)
    func validateUTF8Sequence(at index: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        // Allowed range of the second byte; Table 3-7 narrows it for a few lead bytes.
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, lowest) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, highest) = (3, 0x9F)
        case 0xF0: (length, lowest) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, highest) = (4, 0x8F)
        case 0x80...0xBF:
            throw JSONSyntaxError(offset: index, message: "unexpected UTF-8 continuation byte \(Self.hex(lead))")
        case 0xC0, 0xC1:
            throw JSONSyntaxError(offset: index, message: "overlong UTF-8 sequence")
        default:
            throw JSONSyntaxError(offset: index, message: "invalid UTF-8 byte \(Self.hex(lead))")
        }
        guard index + length <= bytes.count else {
            throw JSONSyntaxError(offset: index, message: "truncated UTF-8 sequence")
        }
        for offset in index + 1..<index + length where bytes[offset] & 0xC0 != 0x80 {
            throw JSONSyntaxError(offset: index, message: "truncated UTF-8 sequence")
        }
        let second = bytes[index + 1]
        guard second >= lowest, second <= highest else {
            let message = switch lead {
            case 0xED: "UTF-8-encoded surrogate"
            case 0xF4: "UTF-8 sequence above U+10FFFF"
            default: "overlong UTF-8 sequence"
            }
            throw JSONSyntaxError(offset: index, message: message)
        }
        return index + length
    }
}
