import Benchmark
import LogbookBenchmarkSupport
import LogbookCore

/// Durable appends (acknowledged after fdatasync) of one batch per iteration: batch sizes
/// 1, 100 and 1,000 with payloads of about 300 B, 1 KB and 16 KB. Throughput is batches/s;
/// multiply by the batch size for events/s. writeSyscalls and writeBytesPhysical show what
/// one batch costs the disk (the segment write, the HEAD record and, now and then, a checkpoint).
let benchmarks: @Sendable () -> Void = {
    for payloadBytes in [300, 1024, 16 << 10] {
        for batchSize in [1, 100, 1000] {
            let name = "append batch=\(batchSize) payload=\(payloadBytes == 16 << 10 ? "16KB" : payloadBytes == 1024 ? "1KB" : "300B")"
            Benchmark(
                name,
                configuration: .init(
                    metrics: [.wallClock, .throughput, .cpuTotal, .writeSyscalls, .writeBytesPhysical, .mallocCountTotal],
                    warmupIterations: 3,
                    maxDuration: .seconds(3),
                    maxIterations: batchSize * payloadBytes >= 1 << 20 ? 200 : 2000,
                    teardown: { Fixtures.removeAll() }
                )
            ) { benchmark, fixture in
                var batch = fixture.drafts
                fixture.round += 1
                Fixtures.renew(&batch, round: fixture.round)
                benchmark.startMeasurement()
                let result = try! await fixture.log.append(batch)
                benchmark.stopMeasurement()
                blackHole(result)
            } setup: {
                AppendFixture(batchSize: batchSize, payloadBytes: payloadBytes)
            }
        }
    }
}

final class AppendFixture {
    let log: EventLog
    let drafts: [EventDraft]
    var round: UInt64 = 0

    init(batchSize: Int, payloadBytes: Int) {
        log = Fixtures.openLog(Fixtures.scratchDirectory("append"))
        drafts = Fixtures.drafts(count: batchSize, payloadBytes: payloadBytes)
    }

    deinit {
        log.close()
    }
}
