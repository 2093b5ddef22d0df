import LogbookCore

/// Replays one trace (an agent run) as a waterfall, reading it through the trace index.
public struct TraceReplayer: Sendable {
    public let reader: LogReader

    public init(reader: LogReader) {
        self.reader = reader
    }

    /// The trace's steps as of `point`. A trace with no event at all is an error; one whose
    /// events all come after `point` gives an empty waterfall.
    public func waterfall(trace: LogUUID, at point: ReplayPoint = .latest) throws(LogbookError) -> TraceWaterfall {
        let read = try reader.events(trace: trace, before: point.readBound)
        guard !read.isEmpty else {
            // Nothing before a position: the trace may still exist, later (an unbounded read
            // that found nothing has settled it already).
            if point.readBound != .max, try !reader.events(trace: trace).isEmpty {
                return TraceWaterfall(traceID: trace, point: point)
            }
            throw .unknownTrace(trace, directory: reader.directory)
        }
        return TraceWaterfall.build(trace: trace, events: point.visible(read), point: point)
    }
}

extension TraceWaterfall {
    /// The waterfall of `events` (one trace's, in position order).
    public static func build(trace: LogUUID, events: [RecordedEvent], point: ReplayPoint = .latest) -> TraceWaterfall {
        TraceWaterfallBuilder.build(trace: trace, events: events, point: point)
    }
}
