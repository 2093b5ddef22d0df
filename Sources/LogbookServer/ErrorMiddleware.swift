import Foundation
import Hummingbird

/// Turns whatever a handler or middleware threw into the API's JSON error, so no client ever
/// sees a bare status or an HTML page; server errors are logged with the request id, and
/// messages do not name the store's directory (`APIError.reported`).
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
            return try apiError
                .reported(error, of: "\(request.method) \(request.uri.path)", storeDirectory: storeDirectory, logger: context.logger)
                .response(from: request, context: context)
        }
    }
}
