import Hummingbird
import LogbookWeb

/// The web viewer: `/` and each deep link answer the one page, `/ui/…` its scripts and styles.
/// None of it needs a token: the page holds no data, and every API call it makes carries the
/// token the user signed in with.
struct WebRoutes {
    /// The views the page draws from its path (see web/app.js).
    static let pages = ["/", "sign-in", "sessions", "sessions/:id", "runs/:id", "costs", "live"]

    func add(to router: Router<LogbookRequestContext>) {
        for page in Self.pages {
            router.get(RouterPath(page)) { request, context in
                try await Self.serve(WebAssets.index, request, context)
            }
        }
        router.get("ui/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let asset = WebAssets.asset(path) else { throw APIError.notFound("no file /ui/\(path) in the viewer") }
            return try await Self.serve(asset, request, context)
        }
    }

    /// The asset, or 304 when the browser's copy is current. Files change only with the binary,
    /// but their names do not, so browsers revalidate every time (`no-cache`) by ETag.
    static func serve(_ asset: WebAsset, _ request: Request, _ context: LogbookRequestContext) async throws -> Response {
        var headers: HTTPFields = [
            .cacheControl: "no-cache",
            .contentType: asset.contentType,
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Referrer-Policy")!: "no-referrer",
        ]
        if asset.path == WebAssets.index.path {
            headers[.init("Content-Security-Policy")!] =
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        }
        return try await request.ifNoneMatch(headers: headers, eTag: asset.eTag, context: context) {
            Response(status: .ok, headers: [:], body: .init(byteBuffer: ByteBuffer(bytes: asset.body)))
        }
    }
}
