import LogbookCore

extension EventBody {
    /// A body in either format as it arrives, a chunk at a time (`ArrayParser` or
    /// `LineParser`): what a server streams a request into, whatever its content type said.
    public struct Parser {
        // One of the two, mutated in place through the optional.
        private var array: ArrayParser?
        private var lines: LineParser?

        public init(_ format: Format, defaultTimestampMs: Int64) {
            switch format {
            case .json: array = ArrayParser(defaultTimestampMs: defaultTimestampMs)
            case .jsonLines: lines = LineParser(defaultTimestampMs: defaultTimestampMs)
            }
        }

        /// Parses the events `chunk` completes.
        public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(LogbookError) {
            try array?.consume(chunk)
            try lines?.consume(chunk)
        }

        /// The events of the body, once all of it has been consumed.
        public mutating func finish() throws(LogbookError) -> [EventDraft] {
            if array != nil { return try array!.finish() }
            return try lines!.finish()
        }
    }
}
