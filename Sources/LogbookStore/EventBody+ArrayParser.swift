import LogbookCore
import LogbookJSON

extension EventBody {
    /// A JSON array of events as it arrives, a chunk at a time: the array is cut into its
    /// elements by their brackets and strings, and each event is parsed as soon as its last
    /// byte comes, so only the unfinished element is kept, never the whole body beside its
    /// events. A body that is one event object instead is kept until it ends (it is one
    /// event). An event is named by its index in the array.
    public struct ArrayParser {
        private enum State {
            /// Before the first byte that is not whitespace.
            case start
            /// The body is one object; every byte is kept.
            case object
            /// After `[` (`first`: nothing else yet) or after a `,`: a value comes next.
            case beforeElement(first: Bool)
            /// Inside a value.
            case inElement
            /// After a value: `,` or `]` comes next.
            case afterElement
            /// After the closing `]`: only whitespace may follow.
            case end
        }

        private let defaultTimestampMs: Int64
        private var drafts: [EventDraft] = []
        private var state = State.start
        /// The bytes of the element (or object) begun in an earlier chunk.
        private var kept: [UInt8] = []
        /// Where the body's current chunk starts, for the offsets errors give.
        private var consumed = 0
        /// Within the current element: its bracket depth, and where a string stands.
        private var depth = 0
        private var inString = false
        private var escaped = false
        /// Whether the current element ends by itself — an object or an array at its closing
        /// bracket, a string at its closing quote — rather than before `,`, `]` or whitespace
        /// (a number, `true`, `false`, `null`).
        private var endsByItself = false

        public init(defaultTimestampMs: Int64) {
            self.defaultTimestampMs = defaultTimestampMs
        }

        /// The bytes kept of an unfinished element (tests check the bound with it).
        var keptBytes: Int { kept.count }

        /// Parses the events `chunk` completes.
        public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(LogbookError) {
            defer { consumed += chunk.count }
            if case .object = state {
                kept.append(contentsOf: chunk)
                return
            }
            var elementStart: Int? = nil
            var index = 0
            while index < chunk.count {
                let byte = chunk[index]
                switch state {
                case .start:
                    if isBlank(byte) { break }
                    if byte == UInt8(ascii: "{") {
                        state = .object
                        kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[index...]))
                        return
                    }
                    guard byte == UInt8(ascii: "[") else { throw syntax("expected a JSON array, found \(describe(byte))", at: index) }
                    state = .beforeElement(first: true)
                case .beforeElement(let first):
                    if isBlank(byte) { break }
                    if byte == UInt8(ascii: "]"), first {
                        state = .end
                        break
                    }
                    guard byte != UInt8(ascii: "]"), byte != UInt8(ascii: ",") else {
                        throw syntax("expected a value, found \(describe(byte))", at: index)
                    }
                    begin(with: byte)
                    elementStart = index
                    state = .inElement
                case .inElement:
                    if endsByItself {
                        guard step(byte) else { break }
                        // The closing bracket or quote is part of the element.
                        try finishElement(chunk, from: elementStart, to: index + 1)
                        elementStart = nil
                        state = .afterElement
                    } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || isBlank(byte) {
                        try finishElement(chunk, from: elementStart, to: index)
                        elementStart = nil
                        state = .afterElement
                        continue  // the byte ends the scalar and is read again after it
                    }
                case .afterElement:
                    if isBlank(byte) { break }
                    if byte == UInt8(ascii: ",") {
                        state = .beforeElement(first: false)
                    } else if byte == UInt8(ascii: "]") {
                        state = .end
                    } else {
                        throw syntax("expected ',' or ']' after an array element, found \(describe(byte))", at: index)
                    }
                case .end:
                    guard isBlank(byte) else { throw syntax("unexpected \(describe(byte)) after JSON value", at: index) }
                case .object:
                    break
                }
                index += 1
            }
            if case .inElement = state { kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[(elementStart ?? 0)...])) }
        }

        /// The events of the body, once all of it has been consumed.
        public mutating func finish() throws(LogbookError) -> [EventDraft] {
            switch state {
            case .start:
                throw bodyError("is empty: send a JSON array of events, one event object, or JSONL")
            case .object:
                let body = kept
                kept = []
                return try body.withUnsafeBytes { bytes in
                    Result { () throws(LogbookError) in
                        [try EventDraft.parse(jsonLine: bytes, location: EventLocation(index: 0), defaultTimestampMs: defaultTimestampMs)]
                    }
                }.get()
            case .end:
                return drafts
            default:
                throw syntax("unexpected end of input: the array is not closed", at: 0)
            }
        }

        private mutating func begin(with byte: UInt8) {
            endsByItself = byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\"")
            depth = 0
            inString = false
            escaped = false
            if endsByItself { _ = step(byte) }
        }

        /// Moves the element's scan over `byte`; true when `byte` ends the element.
        private mutating func step(_ byte: UInt8) -> Bool {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    return depth == 0
                }
                return false
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                return depth == 0
            default: break
            }
            return false
        }

        /// Parses the element that ends at `end` of `chunk`: from `start` when it began in this
        /// chunk, else what was kept of it followed by the chunk's first `end` bytes.
        private mutating func finishElement(_ chunk: UnsafeRawBufferPointer, from start: Int?, to end: Int) throws(LogbookError) {
            if let start {
                try parseElement(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            } else {
                kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<end]))
                let element = kept
                kept.removeAll(keepingCapacity: true)
                try element.withUnsafeBytes { bytes in Result { () throws(LogbookError) in try parseElement(bytes) } }.get()
            }
        }

        private mutating func parseElement(_ element: UnsafeRawBufferPointer) throws(LogbookError) {
            let location = EventLocation(index: drafts.count)
            guard element.first == UInt8(ascii: "{") else {
                // Said as JSON says it: the kind of a valid value, or why it is not one.
                var wrapped: [UInt8] = [UInt8(ascii: "[")]
                wrapped.append(contentsOf: element)
                wrapped.append(UInt8(ascii: "]"))
                let scanned = wrapped.withUnsafeBytes { bytes in
                    Result { () throws(JSONSyntaxError) in try JSONArrayElements.scan(bytes)[0].kind }
                }
                switch scanned {
                case .success(let kind): throw EventBody.invalid(location, "must be a JSON object, got \(kind)")
                case .failure(let error): throw bodyError("is not a JSON array of events: element \(location.index) is not a JSON value (\(error.message))")
                }
            }
            drafts.append(try EventDraft.parse(jsonLine: element, location: location, defaultTimestampMs: defaultTimestampMs))
        }

        private func syntax(_ message: String, at index: Int) -> LogbookError {
            bodyError("is not a JSON array of events: \(JSONSyntaxError(offset: consumed + index, message: message))")
        }

        private func describe(_ byte: UInt8) -> String {
            byte > 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
        }

        private func isBlank(_ byte: UInt8) -> Bool { EventBody.isBlank(byte) }
    }
}
