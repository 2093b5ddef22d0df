import LogbookCore
import LogbookReplay

extension LogbookStore {
    /// The session's context at `point`; `notFound` when the log has no event of it.
    public func replay(session: LogUUID, at point: ReplayPoint = .latest) throws(LogbookError) -> SessionContext {
        try SessionReplayer(reader: reader).context(session: session, at: point)
    }

    /// One run's steps as a waterfall at `point`; `notFound` when the log has no event of it.
    public func replay(trace: LogUUID, at point: ReplayPoint = .latest) throws(LogbookError) -> TraceWaterfall {
        try TraceReplayer(reader: reader).waterfall(trace: trace, at: point)
    }
}
