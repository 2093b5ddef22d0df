import Foundation
import Testing
@testable import LogbookOTLP

/// A capture from a real exporter (scripts/capture-otlp-fixtures.sh): the request bodies as
/// sent, their OTLP/JSON rendering and what the SDKs reported.
struct Fixture: CustomTestStringConvertible, Sendable {
    let name: String
    let signal: OTLPSignal

    static let traces = ["agents-openinference", "genai-semconv", "python-logging"].map { Fixture(name: $0, signal: .traces) }
    static let logs = [Fixture(name: "python-logging", signal: .logs)]
    static let all = traces + logs

    var testDescription: String { "\(name) \(signal)" }

    private var stem: String { "\(name).\(signal == .traces ? "traces" : "logs")" }

    static func url(_ file: String) -> URL {
        Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Fixtures")!
    }

    /// The protobuf body as the exporter sent it, inflated when it was sent gzip-compressed.
    func protobuf() throws -> [UInt8] {
        if let plain = Bundle.module.url(forResource: "\(stem).pb", withExtension: nil, subdirectory: "Fixtures") {
            return Array(try Data(contentsOf: plain))
        }
        return try Gzip.decompress(Array(Data(contentsOf: Self.url("\(stem).pb.gz"))), limit: 16 << 20)
    }

    func json() throws -> [UInt8] {
        Array(try Data(contentsOf: Self.url("\(stem).json")))
    }

    func expected() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Self.url("\(name).expected.json"))) as! [String: Any]
    }

    func map(_ body: [UInt8], _ encoding: OTLPEncoding) throws -> OTLPBatch {
        switch signal {
        case .traces: try OTLPMapper.traces(body, encoding: encoding)
        case .logs: try OTLPMapper.logs(body, encoding: encoding)
        }
    }
}

/// An event envelope read back with Foundation, for assertions.
struct Event {
    let object: [String: Any]

    init(_ line: [UInt8]) throws {
        object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
    }

    var type: String { object["event_type"] as! String }
    var id: String { object["id"] as! String }
    var traceID: String { object["trace_id"] as! String }
    var sessionID: String? { object["session_id"] as? String }
    var userID: String? { object["user_id"] as? String }
    var agentID: String? { object["agent_id"] as? String }
    var timestampMs: Int64 { (object["timestamp_ms"] as! NSNumber).int64Value }
    var payload: [String: Any] { object["payload"] as! [String: Any] }

    func int(_ key: String) -> Int { (payload[key] as? NSNumber)?.intValue ?? 0 }
    func string(_ key: String) -> String? { payload[key] as? String }
    func attribute(_ key: String) -> Any? { (payload["attributes"] as? [String: Any])?[key] }

    static func all(_ batch: OTLPBatch) throws -> [Event] {
        try batch.events.map(Event.init)
    }
}
