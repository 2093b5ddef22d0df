import LogbookCore
import LogbookStore

/// The parser of a taken request's body: one of the two, mutated in place.
struct BodyParser {
    private var array: EventBody.ArrayParser?
    private var lines: EventBody.LineParser?

    init(array: EventBody.ArrayParser) { self.array = array }
    init(lines: EventBody.LineParser) { self.lines = lines }

    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(LogbookError) {
        try array?.consume(chunk)
        try lines?.consume(chunk)
    }

    mutating func finish() throws(LogbookError) -> [EventDraft] {
        if array != nil { return try array!.finish() }
        return try lines!.finish()
    }
}
