import Foundation
import HTTPTypes
import Hummingbird
import LogbookCore
import Logging
import LogbookPostgres
import LogbookProjections
import NIOCore

/// An error as the API returns it: `{"error": {"code": …, "message": …, …}}` with the status the
/// code calls for, and the same message the CLI prints.
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra members of the error object (index, line, field, actual_version, …).
    public var details: [String: DetailValue] = [:]
    public var headers: HTTPFields = [:]

    public enum DetailValue: Encodable, Sendable {
        case int(Int64)
        case string(String)

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }
    public static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, code: "unauthorized", message: message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message: message) }
    public static func unavailable(_ message: String) -> APIError { APIError(.serviceUnavailable, code: "unavailable", message: message) }
    public static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: "the body is over the limit of \(limit) bytes; send fewer events per request")
    }

    /// The API's view of a store error.
    public init(_ error: LogbookError) {
        switch error.code {
        case .invalidEvent: self.init(.badRequest, code: "invalid_event", message: error.message)
        case .wrongExpectedVersion: self.init(.conflict, code: "conflict", message: error.message)
        case .idConflict: self.init(.conflict, code: "id_conflict", message: error.message)
        case .notFound: self.init(.notFound, code: "not_found", message: error.message)
        case .closed: self.init(.serviceUnavailable, code: "unavailable", message: error.message)
        default: self.init(.internalServerError, code: "internal", message: error.message)
        }
        if let event = error.event {
            details["index"] = .int(Int64(event.index))
            if let line = event.line { details["line"] = .int(Int64(line)) }
        }
        if let field = error.field { details["field"] = .string(field) }
        if let actual = error.actualVersion { details["actual_version"] = .int(Int64(actual)) }
        if let conflict = error.conflict {
            details["id"] = .string(conflict.id.description)
            if let position = conflict.position { details["position"] = .int(Int64(position)) }
        }
    }

    /// Any error a handler threw, as the API reports it.
    public static func from(_ error: Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as LogbookError: return APIError(error)
        case let error as ProjectionError where error.code == .notProjected:
            return APIError(.serviceUnavailable, code: "not_projected", message: error.message)
        case let error as PostgresProjectionError where error.code == .unreachable:
            return APIError(.serviceUnavailable, code: "postgres_unreachable", message: error.message)
        case is NIOTooManyBytesError: return .tooLarge(ServerConfiguration.defaultMaxBodyBytes)
        case let error as HTTPError where error.status == .notFound:
            return .notFound(error.body ?? "no such route (GET /openapi.json lists them)")
        case let error as HTTPError: return APIError(error.status, code: "bad_request", message: error.body ?? "\(error.status)")
        default: return APIError(.internalServerError, code: "internal", message: "\(error)")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: try body()))
    }

    /// `{"error": {"code": …, "message": …, …}}`, keys sorted.
    func body() throws -> ByteBuffer {
        var fields = details
        fields["code"] = .string(code)
        fields["message"] = .string(message)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(["error": fields]))
    }

    /// What a client is told when `request` failed with `error`, this error: the message
    /// without the store's directory (that is the server's business, so messages name it
    /// "this store"), and server errors, which say nothing a client can act on, logged whole.
    func reported(_ error: any Error, of request: String, storeDirectory: String, logger: Logger) -> APIError {
        if status.code >= 500 && status != .serviceUnavailable {
            logger.error("\(request) failed: \(error)")
        }
        var redacted = self
        redacted.message = message
            .replacingOccurrences(of: "the store at \(storeDirectory)", with: "this store")
            .replacingOccurrences(of: storeDirectory, with: "<store>")
        return redacted
    }
}
