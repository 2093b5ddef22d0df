import Logging
import LogbookCore
import LogbookProjections
import ServiceLifecycle

/// Keeps the read models at the log's head inside the server, so queries answer with what
/// was just appended: catches up (rebuilding a projector whose version changed), then
/// follows, both on the follower's own thread (a catch-up can take minutes; it must not hold
/// a cooperative thread). Stops at graceful shutdown; the checkpoint is in each batch's transaction, so a
/// restart resumes exactly.
struct ProjectionService: Service {
    let reader: LogReader
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            let engine = try ProjectionEngine(reader: reader, logger: logger)
            try await engine.follow(onCaughtUp: { [logger] summary in
                logger.info("projections caught up to \(summary.head) (\(summary.events) events)")
            })
        }
    }
}
