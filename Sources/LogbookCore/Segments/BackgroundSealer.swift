import Dispatch
import Foundation
import Logging

/// Seals rolled segments on a thread of its own, oldest first, so that compressing a full
/// segment never stalls appends. A failed seal (a full disk) leaves the segment in its
/// active format, still readable, and is retried a second later; a seal still pending
/// when the process dies is finished by the next open.
final class BackgroundSealer: Sendable {
    private struct State {
        var pending: [UInt64] = []
        var sealed: [UInt64] = []
        var stopping = false
        /// A batch taken from `pending` is still being sealed, indexed or merged.
        var working = false
        var finished = false
    }

    private let state = Locked(State())
    /// At most this many segments are sealed together (their indexes are held in memory).
    static let batchLimit = 16
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    /// Broadcast whenever the thread runs out of work (`waitUntilIdle`).
    private let idle = NSCondition()

    init(directory: String, io: SystemIO, catalog: SegmentCatalog, idIndex: IDIndex, logger: Logger) {
        let sealer = SegmentSealer(directory: directory, io: io)
        // Merging the directories' runs is the part of sealing whose cost grows with the log
        // (O(log n) amortized per key): done here, after the seal, never when opening.
        @Sendable func compactDirectories() {
            do {
                for name in [StreamFiles.sessions, StreamFiles.traces] {
                    _ = try StreamDirectory.open(path: joinPath(directory, name), io: io, cache: catalog.streamRuns).compacted()
                }
            } catch {
                logger.warning("could not merge the session and trace directories' runs; the next seal tries again", metadata: ["error": "\(error)"])
            }
        }
        @Sendable func indexIDs() {
            do { try idIndex.catchUp(catalog: catalog) } catch {
                // The segments stay looked up one by one until the next seal tries again.
                logger.warning("could not add sealed segments to the id index", metadata: ["error": "\(error)"])
            }
        }
        Thread { [self] in
            while true {
                // Everything pending at once (up to a bound): one directory run for all.
                let (next, stopping) = state.withLock { state in
                    let next = Array(state.pending.prefix(Self.batchLimit))
                    state.working = !next.isEmpty
                    return (next, state.stopping)
                }
                guard let base = next.first else {
                    announceIdle()
                    if stopping { break }
                    wakeUp.wait()
                    continue
                }
                do {
                    let sessions = try StreamDirectory.open(path: joinPath(directory, StreamFiles.sessions), io: io, cache: catalog.streamRuns)
                    let traces = try StreamDirectory.open(path: joinPath(directory, StreamFiles.traces), io: io, cache: catalog.streamRuns)
                    let outcomes = try sealer.seal(bases: next, sessions: sessions, traces: traces)
                    logger.debug("sealed segments", metadata: ["first": "\(SegmentName.fileName(base: base))", "count": "\(outcomes.count)"])
                    state.withLock {
                        $0.pending.removeFirst(outcomes.count)
                        $0.sealed.append(contentsOf: next.prefix(outcomes.count))
                    }
                    // Readers pick the sealed file up on their next refresh if this one fails.
                    do { try catalog.refresh() } catch {
                        logger.warning("could not refresh the segment list after sealing", metadata: ["error": "\(error)"])
                    }
                    indexIDs()
                    compactDirectories()
                } catch {
                    logger.error("sealing failed; will retry", metadata: ["segment": "\(SegmentName.fileName(base: base))", "error": "\(error)"])
                    if stopping { break }
                    _ = wakeUp.wait(timeout: .now() + .seconds(1))
                }
            }
            state.withLock { $0.finished = true }
            announceIdle()
            stopped.signal()
        }.start()
    }

    func enqueue(_ base: UInt64) {
        state.withLock { $0.pending.append(base) }
        wakeUp.signal()
    }

    /// Returns once every segment handed over so far is sealed, indexed and merged: work
    /// that appends cause but do not wait for, which a measurement of them must include.
    /// Waits through failed seals, which are retried, until one succeeds or the sealer stops.
    func waitUntilIdle() {
        idle.lock()
        defer { idle.unlock() }
        while state.withLock({ !$0.finished && (!$0.pending.isEmpty || $0.working) }) { idle.wait() }
    }

    private func announceIdle() {
        idle.lock()
        idle.broadcast()
        idle.unlock()
    }

    /// The segments sealed since the last call.
    func takeSealed() -> [UInt64] {
        state.withLock { state in
            defer { state.sealed.removeAll() }
            return state.sealed
        }
    }

    /// Seals what is pending (giving up at the first failure: the next open retries), then
    /// stops the thread.
    func stop() {
        state.withLock { $0.stopping = true }
        wakeUp.signal()
        stopped.wait()
    }
}
