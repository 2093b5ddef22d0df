/// The stream runs a log handle has open, shared by the session and trace directories it
/// opens (one per read): a run's file is opened and its filter read once, not at every
/// lookup. Runs no longer listed are dropped when a newer manifest is opened.
///
/// Bounds: the runs of the current manifests (at most `fanOut - 1` per level per stream,
/// one descriptor each), and at most `filterMemoryLimit` bytes of filters in memory; the
/// filters past it are probed on disk, one 64-byte block per lookup.
final class StreamRunCache: Sendable {
    static let filterMemoryLimit = 16 << 20

    let memory: FilterMemory
    private let runs = Locked<[String: StreamRun]>([:])
    private let layouts = Locked<[String: (descriptors: [StreamRun.Descriptor], paths: [String])]>([:])

    init(filterMemoryLimit: Int = StreamRunCache.filterMemoryLimit) {
        memory = FilterMemory(limit: filterMemoryLimit)
    }

    /// The run at `path`, opened now unless the cache holds it with the same `descriptor`.
    func run(path: String, descriptor: StreamRun.Descriptor, io: SystemIO) throws(LogbookError) -> StreamRun {
        if let cached = runs.withLock({ $0[path] }), cached.descriptor == descriptor { return cached }
        let opened = try StreamRun(path: path, expected: descriptor, memory: memory, io: io)
        runs.withLock { $0[path] = opened }
        return opened
    }

    /// The run paths of the directory whose manifest is at `manifest`, listing `descriptors`,
    /// made by `make` only when the manifest changed since the last call; then the runs it no
    /// longer lists leave the cache too. A reader opens the directory for every session it
    /// reads, and formatting the paths and pruning were an eighth of such a read.
    func runPaths(manifest: String, stream: String, descriptors: [StreamRun.Descriptor], make: () -> [String]) -> [String] {
        if let last = layouts.withLock({ $0[manifest] }), last.descriptors == descriptors { return last.paths }
        let paths = make()
        layouts.withLock { $0[manifest] = (descriptors, paths) }
        keepOnly(paths, stream: stream)
        return paths
    }

    /// Drops the cached runs of `stream` other than those at `current`.
    private func keepOnly(_ current: [String], stream: String) {
        let kept = Set(current)
        runs.withLock { runs in
            for path in runs.keys where !kept.contains(path) && StreamRun.isRun(path.split(separator: "/").last.map(String.init) ?? path, stream: stream) {
                runs[path] = nil
            }
        }
    }
}
