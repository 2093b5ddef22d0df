#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one writer of a store's projections: `flock` on `projections.lock`, released by the
/// kernel when the process dies. Readers of the projections never take it.
final class ProjectionLock {
    private let descriptor: Int32

    init(directory: String) throws(ProjectionError) {
        let path = directory + "/projections.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .lock(path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            throw code == EWOULDBLOCK ? .busy(path: path) : .lock(path: path, errno: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
