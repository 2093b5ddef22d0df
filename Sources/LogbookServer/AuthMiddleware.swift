import Hummingbird
import Logging
import LogbookStore
import Synchronization

/// Checks `Authorization: Bearer TOKEN` on every request it guards and puts the token's scope
/// in the context; the routes say which scope they need. Tokens are read from the store's
/// token file, again when an unknown token arrives (at most once a second), so a token created
/// while the server runs works at once and a revoked one stops working.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = LogbookRequestContext

    let tokens: TokenCache

    public init(tokens: TokenCache) {
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("this route needs an Authorization: Bearer TOKEN header (create one with `logbook token create`)")
        }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased() else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        guard let stored = tokens.match(String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized("the bearer token is not valid (revoked, or from another store)")
        }
        var context = context
        context.scope = stored.scope
        return try await next(request, context)
    }
}

/// Refuses a request whose token lacks `scope` (403).
public struct ScopeMiddleware: RouterMiddleware {
    public typealias Context = LogbookRequestContext
    let scope: TokenScope

    public init(_ scope: TokenScope) {
        self.scope = scope
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let granted = context.scope, granted >= scope else {
            throw APIError.forbidden("this route needs a \(scope.rawValue) token; this one is \(context.scope?.rawValue ?? "none")")
        }
        return try await next(request, context)
    }
}

/// The store's tokens in memory, reloaded from the file when a token is not found.
public final class TokenCache: Sendable {
    private let store: TokenStore
    private let logger: Logger
    private let state: Mutex<(tokens: [StoredToken], loadedAt: ContinuousClock.Instant?)>

    public init(store: TokenStore, logger: Logger) throws {
        self.store = store
        self.logger = logger
        state = Mutex((try store.list(), ContinuousClock.now))
    }

    public var isEmpty: Bool { state.withLock { $0.tokens.isEmpty } }

    func match(_ token: String) -> StoredToken? {
        if let found = state.withLock({ TokenStore.match(token, in: $0.tokens) }) { return found }
        let now = ContinuousClock.now
        let reload = state.withLock { state -> Bool in
            guard let loaded = state.loadedAt, now - loaded < .seconds(1) else {
                state.loadedAt = now
                return true
            }
            return false
        }
        guard reload else { return nil }
        do {
            let tokens = try store.list()
            return state.withLock { state in
                state.tokens = tokens
                return TokenStore.match(token, in: tokens)
            }
        } catch {
            logger.error("could not reload tokens: \(error)")
            return nil
        }
    }
}
