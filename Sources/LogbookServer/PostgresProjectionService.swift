import LogbookCore
import LogbookPostgres
import Logging
import ServiceLifecycle

/// Keeps this node's read models current in PostgreSQL inside the server, beside the SQLite
/// ones: catches up, then follows. Each batch commits with its checkpoints, so a restart
/// resumes exactly; when the database is unreachable or refuses a batch, the service logs it
/// and tries again (every `retrySeconds`) rather than stopping the server. The projectors are
/// synchronous and wait for the database's answers on the task's thread.
struct PostgresProjectionService: Service {
    let location: PostgresLocation
    let reader: LogReader
    let logger: Logger
    var retrySeconds = 5

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await project()
                    return
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("PostgreSQL projections stopped; retrying in \(retrySeconds) s: \(error)")
                    try await Task.sleep(for: .seconds(retrySeconds))
                }
            }
        }
    }

    private func project() async throws {
        let engine = try await PostgresProjectionEngine.open(location: location, reader: reader, logger: logger)
        do {
            let summary = try await engine.catchUp()
            logger.info("PostgreSQL projections caught up to \(summary.head) (\(summary.events) events)")
            try await engine.follow()
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
    }
}
