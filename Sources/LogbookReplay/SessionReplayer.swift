import LogbookCore

/// Replays sessions from the log alone: reads a session's events through the session
/// index (only the segments and blocks that hold them, never a scan of the log) and
/// folds them as of a point.
public struct SessionReplayer: Sendable {
    public let reader: LogReader

    public init(reader: LogReader) {
        self.reader = reader
    }

    /// The session's context at `point`. A session with no event at all is an error; one
    /// whose events all come after `point` has an empty context (it did not exist yet).
    public func context(session: LogUUID, at point: ReplayPoint = .latest) throws(LogbookError) -> SessionContext {
        let events = try visibleEvents(session: session, at: point)
        return SessionFold.context(session: session, events: events, point: point)
    }

    /// The session's events visible at `point`, in session order. The session is read once:
    /// only a position point bounds the read, so only then can an empty read leave the
    /// session's existence open (its events may all come later), which a second read settles.
    public func visibleEvents(session: LogUUID, at point: ReplayPoint) throws(LogbookError) -> [RecordedEvent] {
        let read = try reader.events(session: session, before: point.readBound)
        guard !read.isEmpty else {
            if point.readBound != .max, try !reader.events(session: session).isEmpty {
                return []
            }
            throw .unknownSession(session, directory: reader.directory)
        }
        return point.visible(read)
    }
}
