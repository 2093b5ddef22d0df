#if canImport(Glibc)
import Glibc
#endif

/// An open file of the log: its descriptor, its path for messages, and the I/O layer
/// every call goes through. Closed when the last reference goes away.
final class LogFile: Sendable {
    let fd: Int32
    let path: String
    let io: SystemIO

    init(path: String, flags: Int32, io: SystemIO) throws(LogbookError) {
        self.fd = try io.open(path, flags: flags)
        self.path = path
        self.io = io
    }

    deinit { io.close(fd) }

    func size() throws(LogbookError) -> Int { try io.fileSize(fd, path: path) }

    /// False once the file was removed or replaced (renamed over) while open.
    func isLinked() throws(LogbookError) -> Bool { try io.linkCount(fd, path: path) > 0 }

    func read(count: Int, at offset: Int) throws(LogbookError) -> [UInt8] {
        try io.preadBytes(fd, count: count, at: offset, path: path)
    }

    /// Reads exactly `count` bytes, or reports the file as damaged at `offset`.
    func readExactly(count: Int, at offset: Int, what: String) throws(LogbookError) -> [UInt8] {
        let bytes = try read(count: count, at: offset)
        guard bytes.count == count else {
            throw .corruption("\(what) ends early (wanted \(count) bytes, found \(bytes.count))", path: path, offset: offset)
        }
        return bytes
    }

    func write(_ bytes: [UInt8], at offset: Int) throws(LogbookError) {
        try bytes.withBytes { (buffer) throws(LogbookError) in try io.pwriteAll(fd, buffer, at: offset, path: path) }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(LogbookError) {
        try io.pwriteAll(fd, bytes, at: offset, path: path)
    }

    func syncData() throws(LogbookError) { try io.fdatasync(fd, path: path) }

    func syncAll() throws(LogbookError) { try io.fsync(fd, path: path) }

    func truncate(to size: Int) throws(LogbookError) { try io.ftruncate(fd, to: size, path: path) }
}

/// Joins directory and file names; the log only ever builds paths this way.
func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
