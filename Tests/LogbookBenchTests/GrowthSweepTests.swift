import Foundation
import LogbookBench
import LogbookTestSupport
import Logging
import Testing

/// The growth sweep on a small scale: its windows, its points, and how runs combine.
@Suite struct GrowthSweepTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func sweep(_ directory: TemporaryDirectory) -> GrowthSweep {
        var configuration = BenchConfiguration(logger: logger)
        configuration.batchSize = 100
        configuration.sessionSamples = 5
        configuration.scratchParent = directory.path
        var sweep = GrowthSweep(configuration: configuration)
        sweep.sizes = [3000, 12000]
        sweep.segmentBytes = 64 << 10
        sweep.window = 1000
        return sweep
    }

    @Test func eachSizeIsMeasuredAndRunsCombineIntoMediansAndTheWorstBounds() throws {
        let directory = TemporaryDirectory("growth")
        let sweep = Self.sweep(directory)
        let first = try sweep.run()
        let second = try sweep.run()
        #expect(first.runs.count == 1)
        #expect(first.runs[0].map(\.events) == [3000, 12000])
        let largest = first.runs[0][1]
        #expect(largest.segments > 2 * 8, "small segments give many sealed ones")
        #expect(largest.idRuns > 0, "the sealer indexed them before the window ended")
        #expect(largest.windowEventsPerSecond > 0 && largest.replayP99Ms > 0)

        let combined = try GrowthSweep.Report.combining([first, second])
        #expect(combined.runs.count == 2)
        #expect(combined.sizes.map(\.point.events) == [3000, 12000])
        for (index, size) in combined.sizes.enumerated() {
            let points = [first.runs[0][index], second.runs[0][index]]
            #expect(size.eventsPerSecond.samples == points.map(\.windowEventsPerSecond))
            #expect(size.point.peakRSSBytes == points.map(\.peakRSSBytes).max())
            #expect(size.point.replayP99Ms == points.map(\.replayP99Ms).max())
        }
        #expect(combined.sizes[0].ratioToFirst == 1)
        #expect(combined.sizes[1].ratioToFirst == combined.sizes[1].eventsPerSecond.median / combined.sizes[0].eventsPerSecond.median)
        #expect(combined.table().contains("median [range] of 2 runs"))
    }

    @Test func runsOfOtherSizesDoNotCombine() throws {
        let directory = TemporaryDirectory("growth")
        var sweep = Self.sweep(directory)
        let report = try sweep.run()
        sweep.sizes = [3000]
        let other = try sweep.run()
        #expect(throws: BenchError.self) { try GrowthSweep.Report.combining([report, other]) }
    }
}
