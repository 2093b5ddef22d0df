import Benchmark
import LogbookBenchmarkSupport
import LogbookCore

/// Sealing through the public API: each iteration appends 4 MB of a realistic workload to a
/// new log and closes it, once with a segment size above 4 MB (nothing rolls) and once with a
/// 1 MB segment size, so three segments roll and are rewritten into LZ4 blocks with their
/// indexes before close returns. The difference between the two is what sealing costs;
/// writeBytesPhysical shows the sealed (compressed) copies being written.
let benchmarks: @Sendable () -> Void = {
    let drafts = Fixtures.workload(sessions: 120)
    var bytes = 0
    let slice = Array(drafts.prefix { draft in
        bytes += draft.payload.count + 120
        return bytes <= 4 << 20
    })
    for (name, segmentBytes) in [("append 4 MB, no seal", 64 << 20), ("append 4 MB, seal three 1 MB segments", 1 << 20)] {
        Benchmark(
            name,
            configuration: .init(
                metrics: [.wallClock, .throughput, .cpuTotal, .writeBytesPhysical, .writeSyscalls, .mallocCountTotal],
                warmupIterations: 1,
                maxDuration: .seconds(5),
                maxIterations: 100,
                teardown: { Fixtures.removeAll() }
            )
        ) { benchmark in
            let directory = Fixtures.scratchDirectory("seal")
            let log = Fixtures.openLog(directory, durability: .none, segmentBytes: segmentBytes)
            for start in stride(from: 0, to: slice.count, by: 500) {
                _ = try! await log.append(Array(slice[start..<min(start + 500, slice.count)]))
            }
            log.close()
            benchmark.stopMeasurement()
            Fixtures.removeAll()
        }
    }
}
