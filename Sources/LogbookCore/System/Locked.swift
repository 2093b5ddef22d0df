import Foundation

/// A value behind a lock, for the small shared state of the log (queues, heads, catalogs).
/// It takes an `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`, because
/// ThreadSanitizer on Linux does not see `Mutex`'s synchronisation and reports every
/// access it guards as a race; with this lock a TSan run (`scripts/tsan.sh`) means something.
final class Locked<Value>: @unchecked Sendable {
    // Only touched inside `withLock`, under `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
