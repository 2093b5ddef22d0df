/// The result of one `logbook bench` run: Logbook and its baselines side by side, section
/// by section (ingest, full replay, session replay, a session scattered through a large
/// log, rebuild), and every ratio that has a target gathered in `targets`.
public struct BenchReport: Codable, Sendable {
    public var kind = "bench"
    public var workload: WorkloadInfo
    public var runs: Int
    public var environment: BenchEnvironment
    public var sections: [Section]
    /// The ratios with a target, section by section: what "fast enough" means, and whether it is met.
    public var targets: [Target] = []
    /// Where the scratch files are, when they were kept.
    public var keptAt: String?

    public struct WorkloadInfo: Codable, Sendable {
        public var events: Int
        public var jsonlBytes: Int
        public var sessions: Int
        public var seed: UInt64
        public var sessionsReplayed: Int
    }

    /// One thing measured (ingest, a replay, a rebuild) for each subject.
    public struct Section: Codable, Sendable {
        public var id: String
        public var title: String
        /// False for what cannot be measured yet; `note` says why.
        public var available: Bool
        public var note: String?
        public var rows: [Row]
        public var ratios: [Ratio]

        public func row(_ id: String) -> Row? { rows.first { $0.id == id } }
    }

    /// One subject's figures in a section. Rates and latencies are spreads over the runs.
    public struct Row: Codable, Sendable {
        /// "logbook", "sqlite" or "bare_loop".
        public var id: String
        public var label: String
        /// How the subject was set up, printed next to its figures.
        public var setting: String
        public var eventsPerSecond: Spread?
        /// Megabytes (2^20 bytes) of JSONL input per second.
        public var megabytesPerSecond: Spread?
        /// Per-session read latency: each run's median, and each run's 99th percentile.
        public var latencyMs: Spread?
        public var latencyP99Ms: Spread?
        public var bytesOnDisk: Int?
        public var bytesOnDiskPerEvent: Double?
        /// The process's peak resident set size while this row ran (the highest run).
        public var peakRSSBytes: Int?

        public init(id: String, label: String, setting: String) {
            self.id = id
            self.label = label
            self.setting = setting
        }

        public func value(of metric: Metric) -> Double? {
            switch metric {
            case .eventsPerSecond: eventsPerSecond?.median
            case .megabytesPerSecond: megabytesPerSecond?.median
            case .latencyMs: latencyMs?.median
            case .latencyP99Ms: latencyP99Ms?.median
            case .bytesOnDiskPerEvent: bytesOnDiskPerEvent
            }
        }
    }

    public enum Metric: String, Codable, Sendable {
        case eventsPerSecond = "events_per_second"
        case megabytesPerSecond = "megabytes_per_second"
        /// The median of the runs' p50 latencies.
        case latencyMs = "latency_ms"
        /// The median of the runs' p99 latencies.
        case latencyP99Ms = "latency_p99_ms"
        case bytesOnDiskPerEvent = "bytes_on_disk_per_event"

        var unit: String {
            switch self {
            case .eventsPerSecond: "events/s"
            case .megabytesPerSecond: "MB/s"
            case .latencyMs: "p50 latency"
            case .latencyP99Ms: "p99 latency"
            case .bytesOnDiskPerEvent: "bytes on disk"
            }
        }
    }

    /// Ours over a baseline, on the medians.
    public struct Ratio: Codable, Sendable {
        public var metric: Metric
        public var numerator: String
        public var denominator: String
        public var value: Double
        /// The goal set for this ratio, if any: at least (`higherIsBetter`) or at most `target`.
        public var target: Double?
        public var higherIsBetter: Bool
        public var meetsTarget: Bool?
        /// What a ratio with a target measures, as the targets table names it.
        public var measurement: String?

        static func of(
            _ metric: Metric, _ numerator: Row?, over denominator: Row?, target: Double? = nil, higherIsBetter: Bool = true,
            measurement: String? = nil
        ) -> Ratio? {
            guard let numerator, let denominator, let top = numerator.value(of: metric), let bottom = denominator.value(of: metric), bottom > 0 else { return nil }
            let value = top / bottom
            return Ratio(
                metric: metric, numerator: numerator.id, denominator: denominator.id, value: value, target: target,
                higherIsBetter: higherIsBetter, meetsTarget: target.map { higherIsBetter ? value >= $0 : value <= $0 },
                measurement: measurement
            )
        }
    }

    /// A ratio with a target, with the two figures it divides.
    public struct Target: Codable, Sendable {
        public var measurement: String
        public var section: String
        public var metric: Metric
        public var logbook: Double
        public var baseline: Double
        public var baselineLabel: String
        /// Logbook over the baseline.
        public var ratio: Double
        public var target: Double
        /// At least `target` when true, at most when false.
        public var higherIsBetter: Bool
        public var met: Bool
    }

    /// Every ratio of the sections that has a target, in section order.
    func collectTargets() -> [Target] {
        sections.flatMap { section in
            section.ratios.compactMap { ratio -> Target? in
                guard let target = ratio.target, let top = section.row(ratio.numerator), let bottom = section.row(ratio.denominator),
                      let logbook = top.value(of: ratio.metric), let baseline = bottom.value(of: ratio.metric) else { return nil }
                return Target(
                    measurement: ratio.measurement ?? "\(section.title), \(ratio.metric.unit)", section: section.id, metric: ratio.metric,
                    logbook: logbook, baseline: baseline, baselineLabel: bottom.label, ratio: ratio.value, target: target,
                    higherIsBetter: ratio.higherIsBetter, met: ratio.meetsTarget ?? false)
            }
        }
    }

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }
}

/// What the figures were measured on.
public struct BenchEnvironment: Codable, Sendable {
    public var scratchFileSystem: String
    public var sqliteVersion: String
    public var processors: Int
    /// "release" or "debug": a debug build's figures say little.
    public var build: String
    /// How peak RSS is taken.
    public var peakRSS: String
    public var pageCache = "warm (every read follows the write of the same files); dirty pages written back (sync) before each measurement"

    static func current(scratch: String, peakResets: Bool) -> BenchEnvironment {
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return BenchEnvironment(
            scratchFileSystem: BenchFiles.fileSystemName(scratch),
            sqliteVersion: SQLiteEventsTable.sqliteVersion,
            processors: ProcessInfoLite.processors,
            build: build,
            peakRSS: peakResets
                ? "getrusage ru_maxrss of the whole process, its high-water mark reset before each measurement"
                : "getrusage ru_maxrss of the whole process since it started (the high-water mark could not be reset)"
        )
    }
}
