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
    }

    private let state = Locked(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(directory: String, io: SystemIO, catalog: SegmentCatalog, idIndex: IDIndex, logger: Logger) {
        let sealer = SegmentSealer(directory: directory, io: io)
        @Sendable func indexIDs() {
            do { try idIndex.catchUp(catalog: catalog) } catch {
                // The segments stay looked up one by one until the next seal tries again.
                logger.warning("could not add sealed segments to the id index", metadata: ["error": "\(error)"])
            }
        }
        Thread { [self] in
            while true {
                let (next, stopping) = state.withLock { ($0.pending.first, $0.stopping) }
                guard let base = next else {
                    if stopping { break }
                    wakeUp.wait()
                    continue
                }
                do {
                    let sessions = try StreamDirectory.open(path: joinPath(directory, StreamFiles.sessions), io: io)
                    let traces = try StreamDirectory.open(path: joinPath(directory, StreamFiles.traces), io: io)
                    let outcome = try sealer.seal(base: base, sessions: sessions, traces: traces)
                    logger.debug("sealed segment", metadata: ["segment": "\(SegmentName.fileName(base: base))", "bytes": "\(outcome.sealedBytes)"])
                    state.withLock {
                        $0.pending.removeFirst()
                        $0.sealed.append(base)
                    }
                    // Readers pick the sealed file up on their next refresh if this one fails.
                    do { try catalog.refresh() } catch {
                        logger.warning("could not refresh the segment list after sealing", metadata: ["error": "\(error)"])
                    }
                    indexIDs()
                } catch {
                    logger.error("sealing failed; will retry", metadata: ["segment": "\(SegmentName.fileName(base: base))", "error": "\(error)"])
                    if stopping { break }
                    _ = wakeUp.wait(timeout: .now() + .seconds(1))
                }
            }
            stopped.signal()
        }.start()
    }

    func enqueue(_ base: UInt64) {
        state.withLock { $0.pending.append(base) }
        wakeUp.signal()
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
