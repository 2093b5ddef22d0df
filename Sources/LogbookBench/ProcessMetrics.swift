#if canImport(Glibc)
import Glibc
#endif

/// Clocks and memory figures of this process.
public enum ProcessMetrics {
    /// A monotonic clock, in seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` and returns its result and the seconds it took.
    public static func timed<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> (T, Double) {
        let start = now()
        let value = try body()
        return (value, now() - start)
    }

    /// The peak resident set size of the whole process (`getrusage` `ru_maxrss`), in bytes:
    /// every thread counts, the writer's and the sealer's included.
    public static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// Starts a new peak: Linux resets the high-water mark that `ru_maxrss` reports when
    /// "5" is written to /proc/self/clear_refs. False where that is not possible; peaks are
    /// then the process's peak so far.
    @discardableResult
    public static func resetPeakRSS() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }
}

/// Keeps a computed value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

enum ProcessInfoLite {
    /// Processors online.
    static var processors: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
