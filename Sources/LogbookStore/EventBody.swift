import LogbookCore

/// Events as a client sends them in one request or file: a JSON array of event objects, one
/// event object, or JSONL (one per line). Each event keeps where it came from (its index, and
/// its line for JSONL), so an error names it.
public enum EventBody {
    public enum Format: Sendable {
        case json
        case jsonLines
    }

    /// Parses `bytes` into drafts; an event without `timestamp_ms` gets `defaultTimestampMs`.
    public static func parse(_ bytes: [UInt8], format: Format, defaultTimestampMs: Int64) throws(LogbookError) -> [EventDraft] {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(LogbookError) in try parse(buffer, format: format, defaultTimestampMs: defaultTimestampMs) }
        }.get()
    }

    public static func parse(_ buffer: UnsafeRawBufferPointer, format: Format, defaultTimestampMs: Int64) throws(LogbookError) -> [EventDraft] {
        var parser = Parser(format, defaultTimestampMs: defaultTimestampMs)
        try parser.consume(buffer)
        return try parser.finish()
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func bodyError(_ reason: String) -> LogbookError {
        LogbookError(code: .invalidEvent, message: "the body \(reason); nothing was written")
    }

    static func invalid(_ location: EventLocation, _ reason: String) -> LogbookError {
        var error = LogbookError(code: .invalidEvent, message: "\(location): \(reason); nothing of this batch was written")
        error.event = location
        return error
    }
}
