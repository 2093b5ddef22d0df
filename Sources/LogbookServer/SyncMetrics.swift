import LogbookCore
import Metrics

/// The log's syncs as a metric: `logbook_fsync_duration_seconds`, a histogram whose count
/// is the number of fsyncs (data and directories) the store has made.
public enum SyncMetrics {
    /// A file-system layer for the store that records every sync; make it after
    /// `MetricsSystem.bootstrap`.
    public static func observedIO() -> SystemIO {
        let timer = Timer(label: "logbook_fsync_duration_seconds", preferredDisplayUnit: .seconds)
        return SystemIO(syncObserver: { nanoseconds in timer.recordNanoseconds(Int64(clamping: nanoseconds)) })
    }
}
