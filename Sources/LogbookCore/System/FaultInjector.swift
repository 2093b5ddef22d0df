/// The system calls a `FaultInjector` can make fail.
package enum SyscallKind: String, Sendable, CaseIterable {
    case open, write, sync, truncate, rename, directorySync, read, list, lock
}

/// What an armed fault does to the call it hits.
package enum IOFault: Sendable, Equatable {
    case error(Int32)
    /// Half the bytes reach the file, then the call fails with ENOSPC (a disk that fills mid-write).
    case shortWrite
    /// The call succeeds after this many milliseconds (a slow disk).
    case delay(milliseconds: Int)

    var errno: Int32 {
        switch self {
        case .error(let code): code
        case .shortWrite: 28
        case .delay: 0
        }
    }
}

/// Makes the Nth call of a kind fail, for tests. Thread-safe: the writer thread and the
/// test thread share it.
package final class FaultInjector: Sendable {
    private struct Armed {
        var kind: SyscallKind
        var remaining: Int
        var fault: IOFault
        var repeats: Bool
        /// Only calls on a path containing this count (nil: every call of the kind).
        var path: String?
    }

    private let state = Locked<(armed: [Armed], counts: [SyscallKind: Int], bytesRead: Int)>(([], [:], 0))
    /// Bytes read and written per path, for the tests that measure what an operation touches.
    private let traffic = Locked<(read: [String: Int], written: [String: Int])>(([:], [:]))

    package init() {}

    /// The `nth` call of `kind` from now on (1 = the next one) fails with `fault`;
    /// with `repeats`, every call after it fails too until `clear()` (a disk that stays full).
    /// With `path`, only calls on a path containing it count: one file's calls, whatever
    /// else the log does meanwhile.
    package func arm(_ kind: SyscallKind, nth: Int = 1, fault: IOFault, repeats: Bool = false, path: String? = nil) {
        state.withLock { $0.armed.append(Armed(kind: kind, remaining: nth, fault: fault, repeats: repeats, path: path)) }
    }

    /// Disarms every fault (space came back).
    package func clear() {
        state.withLock { $0.armed.removeAll() }
    }

    /// How many calls of `kind` went through the layer so far.
    package func count(_ kind: SyscallKind) -> Int {
        state.withLock { $0.counts[kind, default: 0] }
    }

    /// How many bytes reads returned so far.
    package var bytesRead: Int { state.withLock { $0.bytesRead } }

    /// How many bytes reads of files whose path contains `fragment` returned so far.
    package func bytesRead(pathContaining fragment: String) -> Int {
        traffic.withLock { $0.read.reduce(0) { $0 + ($1.key.contains(fragment) ? $1.value : 0) } }
    }

    /// How many bytes were written to files whose path contains `fragment` so far.
    package func bytesWritten(pathContaining fragment: String) -> Int {
        traffic.withLock { $0.written.reduce(0) { $0 + ($1.key.contains(fragment) ? $1.value : 0) } }
    }

    func recordRead(_ bytes: Int, path: String) {
        state.withLock { $0.bytesRead += bytes }
        traffic.withLock { $0.read[path, default: 0] += bytes }
    }

    func recordWrite(_ bytes: Int, path: String) {
        traffic.withLock { $0.written[path, default: 0] += bytes }
    }

    func consume(_ kind: SyscallKind, path: String) -> IOFault? {
        state.withLock { state in
            state.counts[kind, default: 0] += 1
            guard let index = state.armed.firstIndex(where: { armed in
                armed.kind == kind && (armed.path.map { path.contains($0) } ?? true)
            }) else { return nil }
            state.armed[index].remaining -= 1
            guard state.armed[index].remaining <= 0 else { return nil }
            let fault = state.armed[index].fault
            if !state.armed[index].repeats { state.armed.remove(at: index) }
            return fault
        }
    }
}
