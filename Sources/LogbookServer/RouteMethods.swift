import HTTPTypes
import LogbookJSON

/// Which methods each path of the API takes, read from the OpenAPI document the server
/// serves, so that a known path asked with another method gets 405 and an `Allow` header
/// rather than the router's 404.
struct RouteMethods: Sendable {
    /// Path templates split into segments (`{id}` matches any one segment), with their methods.
    private let routes: [(segments: [Substring], methods: [String])]

    init(openAPIJSON: String) {
        guard case .object(let document)? = try? JSONValue.parse(Array(openAPIJSON.utf8)),
              case .object(let paths)? = document["paths"] else {
            preconditionFailure("the embedded OpenAPI document has no paths")
        }
        let known = ["get", "put", "post", "delete", "patch", "head", "options"]
        routes = paths.map { path, item in
            let methods: [String]
            if case .object(let operations) = item {
                methods = known.filter { operations[$0] != nil }.map { $0.uppercased() }
            } else {
                methods = []
            }
            return (path.split(separator: "/"), methods)
        }
    }

    /// The methods `path` takes; empty when the API has no such path.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        var found: Set<String> = []
        for route in routes where route.segments.count == segments.count {
            if zip(route.segments, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) {
                found.formUnion(route.methods)
            }
        }
        return found.sorted()
    }

    /// The 405 for `request`, when its path exists with other methods only.
    func methodNotAllowed(_ method: HTTPRequest.Method, path: String) -> APIError? {
        let allowed = methods(for: path)
        guard !allowed.isEmpty, !allowed.contains(method.rawValue) else { return nil }
        var error = APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(path) takes \(allowed.joined(separator: ", ")), not \(method.rawValue)")
        error.headers[.allow] = allowed.joined(separator: ", ")
        return error
    }
}
