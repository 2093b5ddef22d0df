import Hummingbird
import ServiceLifecycle
import Synchronization

/// Answers 503 to requests that arrive once a graceful shutdown has begun, while requests
/// already in flight (an append waiting for its sync) finish and are acknowledged.
final class ShutdownGate: Service, Sendable {
    private let closing = Mutex(false)

    var isClosing: Bool { closing.withLock { $0 } }

    func run() async throws {
        try? await gracefulShutdown()
        closing.withLock { $0 = true }
    }
}

struct ShutdownMiddleware: RouterMiddleware {
    typealias Context = LogbookRequestContext
    let gate: ShutdownGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !gate.isClosing else {
            var error = APIError.unavailable("the server is shutting down; retry against its replacement")
            error.headers[.connection] = "close"
            throw error
        }
        return try await next(request, context)
    }
}
