import HTTPTypes
import Hummingbird
import NIOCore
import LogbookCore
import LogbookOTLP
import LogbookStore

/// `POST /v1/traces` and `POST /v1/logs`: OTLP/HTTP as the specification defines it —
/// protobuf or JSON bodies, gzip, the export response in the request's encoding with partial
/// success for what was rejected, and the status codes whose retry semantics exporters follow
/// (400 and 415 are not retried; 503 is).
struct OTLPRoutes {
    let store: LogbookStore
    let configuration: ServerConfiguration

    func add(to group: RouterGroup<LogbookRequestContext>) {
        group.post("traces") { request, _ in try await export(request, signal: .traces) }
        group.post("logs") { request, _ in try await export(request, signal: .logs) }
    }

    func export(_ request: Request, signal: OTLPSignal) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard let encoding = OTLPEncoding(contentType: contentType) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "Content-Type '\(contentType)' is neither application/x-protobuf nor application/json")
        }
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.body.collect(upTo: configuration.maxBodyBytes))
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(configuration.maxBodyBytes)
        }
        do {
            // Decompressing and mapping are CPU work: off the event loop, like the store's reads.
            let gzipped = request.headers[.contentEncoding]?.lowercased() == "gzip"
            let limit = configuration.maxBodyBytes
            let compressed = body
            let batch = try await offLoop {
                let plain = gzipped ? try Gzip.decompress(compressed, limit: limit) : compressed
                return switch signal {
                case .traces: try OTLPMapper.traces(plain, encoding: encoding)
                case .logs: try OTLPMapper.logs(plain, encoding: encoding)
                }
            }
            if !batch.events.isEmpty {
                let lines = batch.events.reduce(into: [UInt8]()) { $0 += $1; $0.append(0x0A) }
                _ = try await store.append(body: lines, format: .jsonLines)
            }
            return Response(
                status: .ok, headers: [.contentType: encoding.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: batch.responseBody(for: signal, encoding: encoding))))
        } catch let error as OTLPError {
            throw APIError.badRequest(error.message)
        }
    }
}
