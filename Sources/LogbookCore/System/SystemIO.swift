#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one door through which the log touches the file system. Every call can be made to
/// fail on purpose through a `FaultInjector`, which is how the tests prove that a full disk
/// or an I/O error loses nothing acknowledged and leaves the log usable.
public struct SystemIO: Sendable {
    /// Hears the duration of every sync the log makes (data or directory), in nanoseconds:
    /// how a server counts fsyncs and their latency without the log depending on metrics.
    public typealias SyncObserver = @Sendable (_ nanoseconds: UInt64) -> Void

    package let faults: FaultInjector?
    let syncObserver: SyncObserver?

    public init(syncObserver: SyncObserver? = nil) {
        faults = nil
        self.syncObserver = syncObserver
    }

    /// A layer whose calls fail when `faults` says so (tests and the crash harness only).
    package init(faults: FaultInjector?) {
        self.faults = faults
        syncObserver = nil
    }

    func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(LogbookError) -> Int32 {
        try inject(.open, path: path)
        let fd = retrying { Glibc.open(path, flags | O_CLOEXEC, mode) }
        if fd < 0 { throw .syscall("open", errno: errno, path: path) }
        return fd
    }

    /// Writes all of `bytes` at `offset`, looping over partial writes.
    func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws(LogbookError) {
        var written = 0
        switch faults?.consume(.write, path: path) {
        case nil:
            break
        case .delay(let milliseconds):
            usleep(useconds_t(milliseconds * 1000))
        case let fault?:
            if case .shortWrite = fault, bytes.count > 1 {
                // A disk that fills mid-write: part of the bytes land, then the call fails.
                _ = Glibc.pwrite(fd, bytes.baseAddress, bytes.count / 2, off_t(offset))
            }
            throw .syscall("pwrite", errno: fault.errno, path: path, detail: " at byte \(offset)")
        }
        while written < bytes.count {
            let result = Glibc.pwrite(fd, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if result < 0 {
                if errno == EINTR { continue }
                throw .syscall("pwrite", errno: errno, path: path, detail: " at byte \(offset + written)")
            }
            written += result
        }
        faults?.recordWrite(written, path: path)
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func pread(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String) throws(LogbookError) -> Int {
        try inject(.read, path: path)
        var total = 0
        while total < buffer.count {
            let result = Glibc.pread(fd, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if result < 0 {
                if errno == EINTR { continue }
                throw .syscall("pread", errno: errno, path: path, detail: " at byte \(offset + total)")
            }
            if result == 0 { break }
            total += result
        }
        faults?.recordRead(total, path: path)
        return total
    }

    /// Up to `count` bytes from `offset`. The buffer is not zeroed first: the zeroing was 2.6%
    /// of a session read, whose block reads are most of it.
    func preadBytes(_ fd: Int32, count: Int, at offset: Int, path: String) throws(LogbookError) -> [UInt8] {
        var failure: LogbookError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(LogbookError) {
                initialized = try pread(fd, into: UnsafeMutableRawBufferPointer(buffer), at: offset, path: path)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    func fdatasync(_ fd: Int32, path: String) throws(LogbookError) {
        try inject(.sync, path: path)
        if timed({ retrying({ Glibc.fdatasync(fd) }) }) != 0 { throw .syscall("fdatasync", errno: errno, path: path) }
    }

    func fsync(_ fd: Int32, path: String) throws(LogbookError) {
        try inject(.sync, path: path)
        if timed({ retrying({ Glibc.fsync(fd) }) }) != 0 { throw .syscall("fsync", errno: errno, path: path) }
    }

    /// Runs a sync, telling `syncObserver` (when there is one) how long it took.
    private func timed(_ sync: () -> Int32) -> Int32 {
        guard let syncObserver else { return sync() }
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let result = sync()
        clock_gettime(CLOCK_MONOTONIC, &end)
        syncObserver(UInt64(max(0, (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec))))
        return result
    }

    func ftruncate(_ fd: Int32, to size: Int, path: String) throws(LogbookError) {
        try inject(.truncate, path: path)
        if retrying({ Glibc.ftruncate(fd, off_t(size)) }) != 0 {
            throw .syscall("ftruncate", errno: errno, path: path, detail: " to \(size) bytes")
        }
    }

    func rename(_ source: String, to target: String) throws(LogbookError) {
        try inject(.rename, path: source)
        if Glibc.rename(source, target) != 0 {
            throw .syscall("rename", errno: errno, path: source, detail: " to \(target)")
        }
    }

    /// Makes a rename or a file creation in `directory` durable.
    func syncDirectory(_ directory: String) throws(LogbookError) {
        try inject(.directorySync, path: directory)
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .syscall("open", errno: errno, path: directory) }
        defer { Glibc.close(fd) }
        if timed({ retrying({ Glibc.fsync(fd) }) }) != 0 { throw .syscall("fsync", errno: errno, path: directory) }
    }

    /// `F_OFD_GETLK` and `F_OFD_SETLK` of `<fcntl.h>`, which Swift's Glibc does not import
    /// (they need `_GNU_SOURCE`); the same numbers on every Linux architecture.
    private static let ofdGetLock: Int32 = 36
    private static let ofdSetLock: Int32 = 37

    /// Takes (`exclusive`) or drops an open-file-description write lock on the whole file,
    /// without waiting; false when another description holds it. Unlike `flock`, such a lock
    /// can be tested without being taken (`isLocked`), so a reader asking whether a writer
    /// runs never keeps one from starting. The kernel drops it when the descriptor closes.
    func lock(_ fd: Int32, exclusive: Bool, path: String) throws(LogbookError) -> Bool {
        try inject(.lock, path: path)
        var request = Self.wholeFile(exclusive ? F_WRLCK : F_UNLCK)
        if retrying({ fcntl(fd, Self.ofdSetLock, &request) }) == 0 { return true }
        if errno == EAGAIN || errno == EACCES { return false }
        throw .syscall("fcntl(F_OFD_SETLK)", errno: errno, path: path)
    }

    /// True when another open file description holds the lock `lock` takes; takes nothing.
    func isLocked(_ fd: Int32, path: String) throws(LogbookError) -> Bool {
        var request = Self.wholeFile(F_WRLCK)
        if retrying({ fcntl(fd, Self.ofdGetLock, &request) }) != 0 { throw .syscall("fcntl(F_OFD_GETLK)", errno: errno, path: path) }
        return request.l_type != F_UNLCK
    }

    private static func wholeFile(_ type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        return request
    }

    func unlink(_ path: String) throws(LogbookError) {
        if Glibc.unlink(path) != 0 && errno != ENOENT { throw .syscall("unlink", errno: errno, path: path) }
    }

    func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    func fileSize(_ fd: Int32, path: String) throws(LogbookError) -> Int {
        Int(try status(fd, path: path).st_size)
    }

    /// The names the open file still has in the file system (0 once removed or renamed over).
    func linkCount(_ fd: Int32, path: String) throws(LogbookError) -> Int {
        Int(try status(fd, path: path).st_nlink)
    }

    private func status(_ fd: Int32, path: String) throws(LogbookError) -> stat {
        var info = stat()
        if fstat(fd, &info) != 0 { throw .syscall("fstat", errno: errno, path: path) }
        return info
    }

    /// Creates `path` and any missing parents (`mkdir -p`), so `--store ./data/logbook` works
    /// on a fresh machine.
    func makeDirectory(_ path: String) throws(LogbookError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw .syscall("mkdir", errno: errno, path: path) }
        let parent = parentDirectory(path)
        guard parent != path, !parent.isEmpty else { throw .syscall("mkdir", errno: ENOENT, path: path) }
        try makeDirectory(parent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .syscall("mkdir", errno: errno, path: path) }
    }

    private func parentDirectory(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.last == "/" { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func directoryExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in `directory`, unsorted.
    func listDirectory(_ path: String) throws(LogbookError) -> [String] {
        try inject(.list, path: path)
        guard let dir = opendir(path) else { throw .syscall("opendir", errno: errno, path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            // Read in place up to its NUL: a record is only as long as its name, so copying
            // the 256-byte `d_name` field can read past the end of the kernel's buffer.
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private func inject(_ kind: SyscallKind, path: String) throws(LogbookError) {
        if let fault = faults?.consume(kind, path: path) {
            if case .delay(let milliseconds) = fault {
                usleep(useconds_t(milliseconds * 1000))
                return
            }
            throw .syscall(kind.rawValue, errno: fault.errno, path: path)
        }
    }

    private func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}
