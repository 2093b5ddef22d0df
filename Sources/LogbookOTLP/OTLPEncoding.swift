import Foundation

/// How an OTLP/HTTP body is encoded, from its Content-Type: binary protobuf or OTLP/JSON.
/// Responses use the encoding of their request.
public enum OTLPEncoding: Sendable, Equatable {
    /// `application/x-protobuf`
    case protobuf
    /// `application/json`: the protobuf JSON mapping with OTLP's differences (hex ids).
    case json

    /// The encoding a Content-Type names (parameters such as `; charset=utf-8` are ignored);
    /// nil for any other media type, which OTLP/HTTP answers with 415.
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch mediaType {
        case "application/x-protobuf", "application/protobuf": self = .protobuf
        case "application/json": self = .json
        default: return nil
        }
    }

    /// The Content-Type of a response in this encoding.
    public var contentType: String {
        switch self {
        case .protobuf: "application/x-protobuf"
        case .json: "application/json"
        }
    }
}
