import Dispatch
import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookWorkload

/// `logbook bench --sweep --growth`: grows one log to the largest size (10 million events
/// and more) with events generated in this process straight into the append path — no
/// JSONL file on disk — and at each size measures what must stay flat as a log grows: the
/// ingest rate of the last stretch, peak RSS, open file descriptors, opening a copy left as
/// a `kill -9` leaves it, and session replay latency. Small segments (`segmentBytes`) give
/// the many sealed segments of a very large log.
public struct GrowthSweep {
    public var configuration: BenchConfiguration
    /// Log sizes, in events, at which to measure.
    public var sizes: [Int] = [100_000, 1_000_000, 10_000_000]
    public var segmentBytes = 4 << 20
    /// The ingest rate at a size is that of the events appended just before it: the last
    /// tenth, and at least `window` events, so that a large size's rate averages over the
    /// index merges it pays for (one lands every few segments) rather than catching or
    /// missing one. The window's time runs until the sealer has finished the work its
    /// appends handed over.
    public var window = 100_000

    func window(at size: Int) -> Int { max(window, size / 10) }
    private let progress: BenchProgress

    public init(configuration: BenchConfiguration, progress: @escaping BenchProgress = { _ in }) {
        self.configuration = configuration
        self.progress = progress
    }

    /// Grows a fresh log once. For several runs, run each in a process of its own (peak RSS
    /// and descriptors are the process's, and a run must not inherit the memory the one
    /// before it kept) and combine their reports with `Report.combining`.
    public func run() throws(BenchError) -> Report {
        try configuration.validate()
        let targets = sizes.sorted()
        guard targets.last != nil, targets.allSatisfy({ $0 > 0 }) else { throw BenchError("give log sizes of at least 1 event") }
        return Report(segmentBytes: segmentBytes, batchSize: configuration.batchSize, pipeline: configuration.pipeline, window: window, runs: [try grow(to: targets)])
    }

    private func grow(to targets: [Int]) throws(BenchError) -> [Point] {
        let largest = targets[targets.count - 1]
        let scratch = try BenchFiles.makeScratchDirectory(under: configuration.scratchParent)
        defer { if !configuration.keep { BenchFiles.removeScratchDirectory(scratch) } }
        let store = BenchFiles.path(scratch, "logbook")
        var options = LogbookSubject.durableOptions
        options.segmentBytes = segmentBytes
        let log: EventLog
        do {
            log = try EventLog.open(directory: store, options: options, logger: configuration.logger)
        } catch {
            throw BenchError("cannot open \(store): \(error.message)")
        }
        defer { log.close() }
        let source = GeneratedBatches(seed: configuration.seed, events: largest, batchSize: configuration.batchSize)
        let inFlight = DispatchSemaphore(value: configuration.pipeline)
        let failure = LockedFailure()
        var appended = 0
        var points: [Point] = []
        ProcessMetrics.resetPeakRSS()
        for target in targets {
            let windowStart = max(appended, target - window(at: target))
            // Up to the window, unmeasured; then the window, timed.
            for (end, timed) in [(windowStart, false), (target, true)] {
                let started = ProcessMetrics.now()
                let before = appended
                while appended < end, let batch = source.next(upTo: end - appended) {
                    inFlight.wait()
                    log.append(batch) { result in
                        if case .failure(let error) = result { failure.record(error) }
                        inFlight.signal()
                    }
                    appended += batch.count
                }
                for _ in 0..<configuration.pipeline { inFlight.wait() }
                for _ in 0..<configuration.pipeline { inFlight.signal() }
                // Each window starts and ends with the sealer idle: it pays for the seals and
                // merges its own appends cause, neither more nor less. Without this, a small
                // size ends with its last segments still to seal and reads faster than it is.
                log.waitUntilSealed()
                if let error = failure.first { throw BenchError("append failed at \(appended) events: \(error.message)") }
                if timed {
                    let seconds = ProcessMetrics.now() - started
                    points.append(try measure(log: log, store: store, scratch: scratch, events: appended, rate: Double(appended - before) / seconds, sessions: source.sampledSessions))
                    progress("\(Format.count(appended)) events: \(Format.rate(points.last!.windowEventsPerSecond)) events/s, "
                        + "peak RSS \(Format.megabytes(points.last!.peakRSSBytes)), \(points.last!.openFileDescriptors) fds, "
                        + "open after kill -9 \(Format.milliseconds(points.last!.crashOpenMs)) ms, replay p99 \(Format.milliseconds(points.last!.replayP99Ms)) ms")
                }
            }
        }
        return points
    }

    private static func copy(_ from: String, to: String) throws(BenchError) {
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            throw BenchError("cannot copy \(from): \(error.localizedDescription)")
        }
    }

    private func measure(log: EventLog, store: String, scratch: String, events: Int, rate: Double, sessions: [LogUUID]) throws(BenchError) -> Point {
        let peak = ProcessMetrics.peakRSS()
        let descriptors = (try? BenchFiles.listDirectory("/proc/self/fd").count) ?? -1
        // A copy as `kill -9` leaves a log: immutable files linked, the rest copied, and a
        // write cut short at the end of the active segment; the open recovers it. The writer
        // goes on meanwhile, so the small files that describe the data (manifests, CHECKPOINT,
        // HEAD) are copied first: a crash never leaves them newer than the segments and runs
        // they describe, while a copy taken the other way round could.
        let copy = BenchFiles.path(scratch, "crashed")
        BenchFiles.remove(copy)
        try BenchFiles.makeDirectory(copy)
        func isData(_ name: String) -> Bool { name.hasSuffix(".seg") || (name.hasSuffix(".idx") && name.contains("-")) }
        func isTransient(_ name: String) -> Bool { name.hasSuffix(".tmp") || name.hasSuffix(".sealing") }
        for name in try BenchFiles.listDirectory(store) where !isData(name) && !isTransient(name) {
            try Self.copy(BenchFiles.path(store, name), to: BenchFiles.path(copy, name))
        }
        let names = try BenchFiles.listDirectory(store).filter { isData($0) && !isTransient($0) }
        let newest = names.filter { $0.hasSuffix(".seg") }.max()
        for name in names {
            let from = BenchFiles.path(store, name)
            let to = BenchFiles.path(copy, name)
            if name != newest, link(from, to) == 0 { continue }
            // A run merged away since the manifest was copied: the open finds it missing and
            // rebuilds that directory from the sealed segments.
            if !FileManager.default.fileExists(atPath: from) { continue }
            try Self.copy(from, to: to)
        }
        if let newest { try BenchFiles.appendTail(SweepRunner.tornTail(bytes: 64 << 10), to: BenchFiles.path(copy, newest)) }
        BenchFiles.settle()
        let (_, crashOpen) = try ProcessMetrics.timed { () throws(BenchError) in
            do {
                try EventLog.open(directory: copy, options: LogbookSubject.durableOptions, logger: configuration.logger).close()
            } catch {
                throw BenchError("cannot open the crashed copy: \(error)")
            }
        }
        BenchFiles.remove(copy)
        var latencies: [Double] = []
        for session in sessions.suffix(configuration.sessionSamples) {
            let (_, seconds) = try ProcessMetrics.timed { () throws(BenchError) in
                do { blackHole(try log.reader.events(session: session)) } catch {
                    throw BenchError("session read failed: \(error)")
                }
            }
            latencies.append(seconds)
        }
        return Point(
            events: events, windowEventsPerSecond: rate, peakRSSBytes: peak, openFileDescriptors: descriptors,
            segments: names.count { $0.hasSuffix(".seg") }, idRuns: try BenchFiles.listDirectory(store).count { $0.hasSuffix(".run") },
            crashOpenMs: crashOpen * 1000,
            replayP50Ms: latencies.isEmpty ? 0 : Spread.percentile(0.5, of: latencies) * 1000,
            replayP99Ms: latencies.isEmpty ? 0 : Spread.percentile(0.99, of: latencies) * 1000
        )
    }
}

/// Generates the workload's events on a thread of their own, a few batches ahead of the
/// appender, so generating costs the ingest as little as it can on a small machine.
private final class GeneratedBatches: @unchecked Sendable {
    // `queue`, `finished` and `sessions` are guarded by `lock`; the generator is confined to the thread.
    private let lock = NSCondition()
    private var queue: [[EventDraft]] = []
    private var finished = false
    private var sessions: [LogUUID] = []
    private let ahead = 4

    init(seed: UInt64, events: Int, batchSize: Int) {
        Thread { [self] in
            // About 49 events per session.
            var generator = WorkloadGenerator(sessions: events / 30 + 16, seed: seed)
            var line: [UInt8] = []
            var produced = 0
            var seen = Set<LogUUID>()
            while produced < events {
                var batch: [EventDraft] = []
                batch.reserveCapacity(batchSize)
                var newSessions: [LogUUID] = []
                while batch.count < batchSize, produced < events, generator.nextLine(into: &line) {
                    let index = batch.count
                    let draft = line.withUnsafeBytes { bytes in
                        try? EventDraft.parse(jsonLine: UnsafeRawBufferPointer(rebasing: bytes.dropLast()), location: EventLocation(index: index), defaultTimestampMs: 0)
                    }
                    line.removeAll(keepingCapacity: true)
                    guard let draft else { continue }
                    // A sample of sessions to replay: one in 5,000 events starts one.
                    if produced % 5000 == 0, let session = draft.sessionID, seen.insert(session).inserted { newSessions.append(session) }
                    batch.append(draft)
                    produced += 1
                }
                lock.lock()
                while queue.count >= ahead { lock.wait() }
                queue.append(batch)
                sessions += newSessions
                lock.broadcast()
                lock.unlock()
                if batch.isEmpty { break }
            }
            lock.lock()
            finished = true
            lock.broadcast()
            lock.unlock()
        }.start()
    }

    /// The next batch, cut to at most `limit` events (the rest comes next); nil at the end.
    func next(upTo limit: Int) -> [EventDraft]? {
        lock.lock()
        defer { lock.unlock() }
        while queue.isEmpty && !finished { lock.wait() }
        guard !queue.isEmpty, !queue[0].isEmpty else { return nil }
        if queue[0].count > limit {
            let head = Array(queue[0].prefix(limit))
            queue[0].removeFirst(limit)
            return head
        }
        lock.broadcast()
        return queue.removeFirst()
    }

    var sampledSessions: [LogUUID] {
        lock.lock()
        defer { lock.unlock() }
        return sessions
    }
}

/// The first append failure, recorded from the writer thread.
private final class LockedFailure: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var error: LogbookError?

    func record(_ error: LogbookError) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    var first: LogbookError? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }
}
