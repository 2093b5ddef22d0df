import Hummingbird
import Logging
import LogbookStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Checks `Authorization: Bearer TOKEN` on every request it guards and puts the token's scope
/// in the context; the routes say which scope they need.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = LogbookRequestContext

    let tokens: TokenCache

    public init(tokens: TokenCache) {
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.scope = try tokens.scope(authorization: request.headers[.authorization])
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

/// The store's tokens in memory, read again whenever the token file has changed (a new inode,
/// size or modification time: `logbook token create` and `revoke` replace it by a rename), so a
/// token created while the server runs works at once and a revoked one stops working; a
/// request costs one `stat`, not a read of the file.
public final class TokenCache: Sendable {
    private let store: TokenStore
    private let logger: Logger
    private let state: Mutex<(tokens: [StoredToken], version: FileVersion?)>

    public init(store: TokenStore, logger: Logger) throws {
        self.store = store
        self.logger = logger
        let version = FileVersion(path: store.path)
        state = Mutex((try store.list(), version))
    }

    public var isEmpty: Bool { state.withLock { $0.tokens.isEmpty } }

    /// The scope an `Authorization: Bearer TOKEN` header grants; 401 when it grants none.
    /// On every append's path: the scheme is matched and the token trimmed on the UTF-8
    /// bytes, where Foundation's `trimmingCharacters` and `lowercased` took 7% of the server.
    func scope(authorization header: String?) throws(APIError) -> TokenScope {
        guard let header else {
            throw APIError.unauthorized("this route needs an Authorization: Bearer TOKEN header (create one with `logbook token create`)")
        }
        let bytes = header.utf8
        let scheme = "bearer ".utf8
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        let rest = bytes.dropFirst(scheme.count)
        let token = rest.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
        guard let stored = match(String(decoding: token, as: UTF8.self)) else {
            throw APIError.unauthorized("the bearer token is not valid (revoked, or from another store)")
        }
        return stored.scope
    }

    /// A header this cache accepted and the token file it was checked against. A connection
    /// keeps its last one, so that its next appends with the same header skip parsing and
    /// hashing it (a tenth of the event loops' time under single appends, perf).
    struct Accepted {
        fileprivate let header: [UInt8]
        fileprivate let version: FileVersion?
        let scope: TokenScope
    }

    /// `scope(authorization:)`, answered from `accepted` when the header is the same, compared
    /// in constant time, and the token file has not changed since; else checked and remembered.
    func scope(authorization header: String?, remembering accepted: inout Accepted?) throws(APIError) -> TokenScope {
        let version = FileVersion(path: store.path)
        let bytes = header.map { Array($0.utf8) }
        if let bytes, let known = accepted, known.version == version, TokenStore.constantTimeEqual(known.header, bytes) {
            return known.scope
        }
        let scope = try scope(authorization: header)
        accepted = bytes.map { Accepted(header: $0, version: version, scope: scope) }
        return scope
    }

    func match(_ token: String) -> StoredToken? {
        let current = FileVersion(path: store.path)
        if state.withLock({ $0.version != current }) {
            do {
                let tokens = try store.list()
                state.withLock { $0 = (tokens, current) }
            } catch {
                logger.error("could not reload tokens: \(error)")
            }
        }
        return state.withLock { TokenStore.match(token, in: $0.tokens) }
    }
}

/// What tells one version of a file from the next: inode, size, modification time.
struct FileVersion: Equatable, Sendable {
    var inode: UInt64
    var size: Int64
    var modifiedNs: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedNs = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
