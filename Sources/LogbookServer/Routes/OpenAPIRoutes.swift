import Hummingbird
import NIOCore

/// `GET /openapi.json`: the API's OpenAPI 3.1 document (schemas/http/openapi.yaml), open to
/// every client, so tools can be pointed at a running server.
struct OpenAPIRoutes {
    func add(to router: Router<LogbookRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
