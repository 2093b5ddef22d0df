import Benchmark
import LogbookBenchmarkSupport
import LogbookCore

/// Reads of a closed log of a realistic workload (about 600 sessions, 4 MB segments: several
/// sealed segments and an active one): a full replay with forEach, and one session's replay
/// through the session index (a different session each iteration).
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "full replay (forEach over every event)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .readSyscalls],
            maxDuration: .seconds(3),
            teardown: { Fixtures.removeAll() }
        )
    ) { _, fixture in
        var count = 0
        try! fixture.reader.forEach(in: 0..<UInt64.max) { event in
            count += event.payload.count
            return true
        }
        blackHole(count)
    } setup: {
        await ReplayFixture()
    }

    Benchmark(
        "session replay (events(session:))",
        configuration: .init(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .readSyscalls],
            maxDuration: .seconds(3),
            teardown: { Fixtures.removeAll() }
        )
    ) { _, fixture in
        fixture.next += 1
        let session = fixture.sessions[fixture.next % fixture.sessions.count]
        blackHole(try! fixture.reader.events(session: session))
    } setup: {
        await ReplayFixture()
    }
}

final class ReplayFixture {
    let reader: LogReader
    let sessions: [LogUUID]
    var next = 0

    init() async {
        let drafts = Fixtures.workload(sessions: 600)
        let directory = await Fixtures.closedLog("replay", drafts: drafts, segmentBytes: 4 << 20)
        reader = try! LogReader.open(directory: directory)
        var seen = Set<LogUUID>()
        sessions = drafts.compactMap(\.sessionID).filter { seen.insert($0).inserted }
    }
}
