#if canImport(Glibc)
import Glibc
#endif

/// The writer's exclusive lock on a log directory (`flock` on `LOCK`). The kernel drops it
/// when the process dies, so a crashed writer never blocks the next one.
final class DirectoryLock: Sendable {
    static let fileName = "LOCK"
    private let fd: Int32

    init(directory: String) throws(LogbookError) {
        let path = joinPath(directory, Self.fileName)
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw .syscall("open", errno: errno, path: path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readPID(fd)
            Glibc.close(fd)
            throw LogbookError(
                code: .locked,
                message: "another writer\(holder.map { " (pid \($0))" } ?? "") holds \(path); stop it, or read with a reader, or use another store directory",
                path: path
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    /// Lets another writer in; the descriptor stays open until deinit.
    func release() {
        flock(fd, LOCK_UN)
    }

    deinit {
        flock(fd, LOCK_UN)
        Glibc.close(fd)
    }

    /// True while some process holds the writer lock of `directory`.
    static func isHeld(directory: String) -> Bool {
        let fd = Glibc.open(joinPath(directory, fileName), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingSuffixNewline())
    }
}

extension String {
    func trimmingSuffixNewline() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
