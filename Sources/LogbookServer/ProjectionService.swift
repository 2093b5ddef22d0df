import Logging
import LogbookCore
import LogbookProjections
import ServiceLifecycle

/// Keeps the read models at the log's head inside the server, so queries answer with what
/// was just appended: catches up (rebuilding a projector whose version changed), then
/// follows. Stops at graceful shutdown; the checkpoint is in each batch's transaction, so a
/// restart resumes exactly.
struct ProjectionService: Service {
    let reader: LogReader
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            let engine = try ProjectionEngine(reader: reader, logger: logger)
            let summary = try engine.catchUp()
            logger.info("projections caught up to \(summary.head) (\(summary.events) events)")
            try await engine.follow()
        }
    }
}
