import Foundation

/// What `GrowthSweep` measures: a point per size and run, summarised per size over the runs.
extension GrowthSweep {
    public struct Point: Sendable, Codable {
        public var events: Int
        public var windowEventsPerSecond: Double
        public var peakRSSBytes: Int
        public var openFileDescriptors: Int
        public var segments: Int
        public var idRuns: Int
        public var crashOpenMs: Double
        public var replayP50Ms: Double
        public var replayP99Ms: Double
    }

    /// One size over every run: the median rate with its range, and the worst of the
    /// values that must stay under a bound.
    public struct Summary: Sendable, Codable {
        /// The size's point over the runs: the median rate and replay p50, the worst run's
        /// peak RSS, descriptors, open time and replay p99.
        public var point: Point
        public var eventsPerSecond: Spread
        /// Median rate over the median rate of the first (smallest) size.
        public var ratioToFirst: Double

        init(_ points: [Point], firstMedian: Double?) {
            let rates = Spread(points.map(\.windowEventsPerSecond))
            eventsPerSecond = rates
            ratioToFirst = rates.median / (firstMedian ?? rates.median)
            point = Point(
                events: points[0].events, windowEventsPerSecond: rates.median, peakRSSBytes: points.map(\.peakRSSBytes).max()!,
                openFileDescriptors: points.map(\.openFileDescriptors).max()!, segments: points.map(\.segments).max()!,
                idRuns: points.map(\.idRuns).max()!, crashOpenMs: points.map(\.crashOpenMs).max()!,
                replayP50Ms: Spread(points.map(\.replayP50Ms)).median, replayP99Ms: points.map(\.replayP99Ms).max()!)
        }
    }

    public struct Report: Sendable, Codable {
        public var segmentBytes: Int
        public var batchSize: Int
        public var pipeline: Int
        public var window: Int
        /// Every run's points, a list per run, smallest size first.
        public var runs: [[Point]]
        public var sizes: [Summary]

        init(segmentBytes: Int, batchSize: Int, pipeline: Int, window: Int, runs: [[Point]]) {
            self.segmentBytes = segmentBytes
            self.batchSize = batchSize
            self.pipeline = pipeline
            self.window = window
            self.runs = runs
            var sizes: [Summary] = []
            for index in runs[0].indices {
                sizes.append(Summary(runs.map { $0[index] }, firstMedian: sizes.first?.eventsPerSecond.median))
            }
            self.sizes = sizes
        }

        /// The runs of several reports of the same sweep, as one report.
        public static func combining(_ reports: [Report]) throws(BenchError) -> Report {
            guard let first = reports.first else { throw BenchError("no run to report") }
            let sizes = first.sizes.map(\.point.events)
            guard reports.allSatisfy({ $0.sizes.map(\.point.events) == sizes }) else { throw BenchError("the runs measured different sizes") }
            return Report(segmentBytes: first.segmentBytes, batchSize: first.batchSize, pipeline: first.pipeline, window: first.window, runs: reports.flatMap(\.runs))
        }

        public func table() -> String {
            var lines = [
                "Logbook as one log grows (events generated in-process into the append path; \(Format.megabytes(segmentBytes)) segments, "
                    + "batches of \(batchSize), \(pipeline) in flight, durable appends; median [range] of \(runs.count) runs, "
                    + "the worst run for RSS, fds, open and p99)",
                "",
                "events        events/s (last 10%, ≥\(Format.count(window)))  vs first   peak RSS   open fds   segments   id runs   open after kill -9   replay p50 / p99",
            ]
            for size in sizes {
                let rate = size.eventsPerSecond
                let columns = [
                    Format.count(size.point.events).padding(toLength: 14, withPad: " ", startingAt: 0),
                    "\(Format.rate(rate.median)) [\(Format.rate(rate.min))–\(Format.rate(rate.max))]".padding(toLength: 32, withPad: " ", startingAt: 0),
                    String(format: "%.2f×", size.ratioToFirst).padding(toLength: 11, withPad: " ", startingAt: 0),
                    Format.megabytes(size.point.peakRSSBytes).padding(toLength: 11, withPad: " ", startingAt: 0),
                    "\(size.point.openFileDescriptors)".padding(toLength: 11, withPad: " ", startingAt: 0),
                    "\(size.point.segments)".padding(toLength: 11, withPad: " ", startingAt: 0),
                    "\(size.point.idRuns)".padding(toLength: 10, withPad: " ", startingAt: 0),
                    "\(Format.milliseconds(size.point.crashOpenMs)) ms".padding(toLength: 21, withPad: " ", startingAt: 0),
                    "\(Format.milliseconds(size.point.replayP50Ms)) / \(Format.milliseconds(size.point.replayP99Ms)) ms",
                ]
                lines.append(columns.joined())
            }
            return lines.joined(separator: "\n")
        }

        public func json() throws(BenchError) -> String {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                return String(decoding: try encoder.encode(self), as: UTF8.self)
            } catch {
                throw BenchError("cannot encode the report: \(error)")
            }
        }
    }
}
