/// A budget of bytes for the Bloom filters of index runs held in memory. A filter that does
/// not fit is probed on disk (`RunFilter`), so the memory of an index stays under its
/// budget however large the log grows, and a lookup still costs one block per run.
final class FilterMemory: Sendable {
    let limit: Int
    private let used = Locked(0)

    init(limit: Int) {
        self.limit = limit
    }

    var usedBytes: Int { used.withLock { $0 } }

    /// Takes `bytes` from the budget when they fit.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used + bytes <= limit else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }
}
