import Foundation
import Hummingbird

/// Turns whatever a handler or middleware threw into the API's JSON error, so no client ever
/// sees a bare status or an HTML page; server errors are logged with the request id, and
/// messages do not name the store's directory (`APIError.redacting`).
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let storeDirectory: String
    let routes = RouteMethods(openAPIJSON: OpenAPIDocument.json)

    public init(storeDirectory: String) {
        self.storeDirectory = storeDirectory
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = APIError.from(error)
            if let error = error as? HTTPError, error.status == .notFound,
               let notAllowed = routes.methodNotAllowed(request.method, path: request.uri.path) {
                apiError = notAllowed
            }
            apiError = apiError.redacting(storeDirectory: storeDirectory)
            if apiError.status.code >= 500 && apiError.status != .serviceUnavailable {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
