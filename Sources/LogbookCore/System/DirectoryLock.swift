#if canImport(Glibc)
import Glibc
#endif

/// The writer's exclusive lock on a log directory (an open-file-description lock on `LOCK`).
/// The kernel drops it when the process dies, so a crashed writer never blocks the next one.
final class DirectoryLock: Sendable {
    static let fileName = "LOCK"
    private let file: LogFile

    init(directory: String, io: SystemIO) throws(LogbookError) {
        let path = joinPath(directory, Self.fileName)
        let file = try LogFile(path: path, flags: O_RDWR | O_CREAT, io: io)
        guard try io.lock(file.fd, exclusive: true, path: path) else {
            let holder = Self.readPID(file)
            throw LogbookError(
                code: .locked,
                message: "another writer\(holder.map { " (pid \($0))" } ?? "") holds \(path); stop it, or read with a reader, or use another store directory",
                path: path
            )
        }
        // The holder's pid, for the message another writer gets; the lock works without it.
        try? file.truncate(to: 0)
        try? file.write(Array("\(getpid())\n".utf8), at: 0)
        self.file = file
    }

    /// Lets another writer in; the descriptor stays open until deinit (which closes it, and
    /// closing drops the lock too).
    func release() {
        _ = try? file.io.lock(file.fd, exclusive: false, path: file.path)
    }

    /// True while some process holds the writer lock of `directory`.
    static func isHeld(directory: String, io: SystemIO) -> Bool {
        let path = joinPath(directory, fileName)
        guard let file = try? LogFile(path: path, flags: O_RDONLY, io: io) else { return false }
        // Tested, never taken: taking even a shared lock for a moment would refuse a writer
        // that opens in that moment. A failed test counts as held, the cautious answer.
        return (try? io.isLocked(file.fd, path: path)) ?? true
    }

    private static func readPID(_ file: LogFile) -> Int32? {
        guard let bytes = try? file.read(count: 32, at: 0), !bytes.isEmpty else { return nil }
        return Int32(String(decoding: bytes, as: UTF8.self).trimmingSuffixNewline())
    }
}

extension String {
    func trimmingSuffixNewline() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
