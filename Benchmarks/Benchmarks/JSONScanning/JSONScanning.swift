import Benchmark
import Foundation
import LogbookJSON
import LogbookWorkload

/// Validating JSON on the ingest path: the scanner (one allocation-free pass) against
/// Foundation's JSONSerialization (which builds the objects), on the payloads and on the whole
/// lines of a generated workload. Each iteration handles every sample once.
let benchmarks: @Sendable () -> Void = {
    let lines = WorkloadGenerator.lines(sessions: 40, seed: 7).map { Array($0.utf8) }
    let payloads: [[UInt8]] = lines.map { line in
        let envelope = try! EnvelopeScanner.scan(line)
        return Array(line[envelope.payload!])
    }
    let payloadBytes = payloads.reduce(0) { $0 + $1.count }
    let lineBytes = lines.reduce(0) { $0 + $1.count }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .instructions],
        maxDuration: .seconds(2)
    )
    let payloadLabel = "\(payloads.count) payloads, \(payloadBytes >> 10) KB"
    let lineLabel = "\(lines.count) lines, \(lineBytes >> 10) KB"

    Benchmark("JSONScanner.validate (\(payloadLabel))", configuration: configuration) { _ in
        for payload in payloads { blackHole(try! JSONScanner.validate(payload)) }
    }
    Benchmark("Foundation JSONSerialization (\(payloadLabel))", configuration: configuration) { _ in
        for payload in payloads { blackHole(try! JSONSerialization.jsonObject(with: Data(payload))) }
    }
    Benchmark("EnvelopeScanner.scan (\(lineLabel))", configuration: configuration) { _ in
        for line in lines { blackHole(try! EnvelopeScanner.scan(line)) }
    }
    Benchmark("Foundation JSONSerialization (\(lineLabel))", configuration: configuration) { _ in
        for line in lines { blackHole(try! JSONSerialization.jsonObject(with: Data(line))) }
    }
}
