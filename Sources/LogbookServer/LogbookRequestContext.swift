import Hummingbird
import LogbookStore

/// The context of one request: Hummingbird's core storage, the scope its bearer token grants
/// (set by `AuthMiddleware`), and the body limit.
public struct LogbookRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var scope: TokenScope?
    public var maxUploadSize: Int { ServerConfiguration.defaultMaxBodyBytes }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        scope = nil
    }
}
