import Benchmark
import LogbookCore

/// CRC32C, which guards every batch and every sealed block: the function the log calls
/// (SSE4.2 where the CPU has it) next to the portable slicing-by-8 one. Throughput is
/// buffers/s; bytes/s is that times the buffer size.
let benchmarks: @Sendable () -> Void = {
    for size in [4 << 10, 64 << 10, 1 << 20] {
        let label = size >= 1 << 20 ? "\(size >> 20)MB" : "\(size >> 10)KB"
        let buffer = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .instructions],
            scalingFactor: size <= 4 << 10 ? .kilo : .one,
            maxDuration: .seconds(2)
        )
        Benchmark("crc32c \(label) (log's: \(CRC32C.usesHardware ? "hardware" : "software"))", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(buffer.withUnsafeBytes { CRC32C.checksum($0) })
            }
        }
        Benchmark("crc32c \(label) (software)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(buffer.withUnsafeBytes { CRC32C.portableChecksum($0) })
            }
        }
    }
}
