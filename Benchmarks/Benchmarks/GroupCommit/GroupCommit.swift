import Benchmark
import LogbookBenchmarkSupport
import LogbookCore

/// 64 durable single-event appends per iteration, from 1, 8 or 64 concurrent tasks. The writer
/// commits whatever is queued with one write and one fdatasync (group commit), so more tasks
/// should mean fewer syncs per event: compare writeSyscalls and the wall clock across the three.
let benchmarks: @Sendable () -> Void = {
    let appendsPerIteration = 64
    for tasks in [1, 8, 64] {
        Benchmark(
            "64 single-event appends from \(tasks) task\(tasks == 1 ? "" : "s")",
            configuration: .init(
                metrics: [.wallClock, .throughput, .cpuTotal, .writeSyscalls, .writeBytesPhysical, .contextSwitches],
                warmupIterations: 2,
                maxDuration: .seconds(3),
                maxIterations: 500,
                teardown: { Fixtures.removeAll() }
            )
        ) { benchmark, fixture in
            fixture.round += 1
            let round = fixture.round
            let log = fixture.log
            let template = fixture.template
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        for index in stride(from: task, to: appendsPerIteration, by: tasks) {
                            var draft = template
                            draft.id = LogUUID(high: round, low: UInt64(index) | 0x8000_0000_0000_0000)
                            _ = try! await log.append([draft])
                        }
                    }
                }
            }
        } setup: {
            GroupCommitFixture()
        }
    }
}

final class GroupCommitFixture {
    let log = Fixtures.openLog(Fixtures.scratchDirectory("group-commit"))
    let template = Fixtures.drafts(count: 1, payloadBytes: 300)[0]
    var round: UInt64 = 0

    deinit {
        log.close()
    }
}
