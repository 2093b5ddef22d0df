import Foundation
import LogbookIngest
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A file written from the start with plain `write` calls.
final class OutputFile {
    let path: String
    private var fd: Int32

    init(path: String) throws(BenchError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    func append(_ bytes: [UInt8]) throws(BenchError) {
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        if let failure { throw BenchError("cannot write \(path): \(String(cString: strerror(failure)))") }
    }

    func close() throws(BenchError) {
        guard fd >= 0 else { return }
        let result = Glibc.close(fd)
        fd = -1
        if result != 0 { throw BenchError("cannot close \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }
}

enum LineReaders {
    /// A reader for generated JSONL, whose lines stay far below this limit.
    static func open(_ path: String) throws -> LineReader {
        try LineReader(path: path, maxLineBytes: 64 << 20)
    }
}

/// The bench's scratch directory and the file operations it needs.
public enum BenchFiles {
    /// The scratch directories of runs in progress, for `removeScratchDirectories()`.
    private static let scratchDirectories = Mutex<Set<String>>([])

    /// Creates a fresh directory `logbook-bench-XXXXXX` under `parent`.
    public static func makeScratchDirectory(under parent: String) throws(BenchError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create \(parent): \(error.localizedDescription)")
        }
        var template = Array("\(parent)/logbook-bench-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw BenchError("cannot create a scratch directory under \(parent): \(String(cString: strerror(errno)))")
        }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        scratchDirectories.withLock { _ = $0.insert(path) }
        return path
    }

    /// Removes a scratch directory made by `makeScratchDirectory`.
    static func removeScratchDirectory(_ path: String) {
        remove(path)
        scratchDirectories.withLock { _ = $0.remove(path) }
    }

    /// Removes the scratch directories of the runs in progress: for a command interrupted
    /// with Ctrl-C, whose run never reaches its own cleanup.
    public static func removeScratchDirectories() {
        for path in scratchDirectories.withLock({ $0 }) { remove(path) }
    }

    /// The default parent of scratch directories: $TMPDIR, else /tmp.
    public static var defaultParent: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// Writes every dirty page of the system back before a measurement, so that one subject's
    /// fdatasync never pays for what the previous step (the workload file, another store)
    /// left in the page cache. Not timed.
    static func settle() {
        sync()
    }

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func makeDirectory(_ path: String) throws(BenchError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create \(path): \(error.localizedDescription)")
        }
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    static func listDirectory(_ path: String) throws(BenchError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw BenchError("cannot list \(path): \(error.localizedDescription)")
        }
    }

    /// Copies a closed log directory to `destination` for a recovery measurement. Segments
    /// other than the newest are hard-linked: sealed segments are never written again, and
    /// recovery replaces a file by renaming a new one over it, so the original stays intact.
    static func copyLog(_ source: String, to destination: String) throws(BenchError) {
        try makeDirectory(destination)
        let names = try listDirectory(source)
        let newestSegment = names.filter { $0.hasSuffix(".seg") }.max()
        for name in names {
            let from = path(source, name)
            let to = path(destination, name)
            if name.hasSuffix(".seg") && name != newestSegment {
                if link(from, to) == 0 { continue }
            }
            do {
                try FileManager.default.copyItem(atPath: from, toPath: to)
            } catch {
                throw BenchError("cannot copy \(from): \(error.localizedDescription)")
            }
        }
    }

    /// Appends `bytes` to the file at `path`, as a write cut short by a crash leaves them.
    static func appendTail(_ bytes: [UInt8], to path: String) throws(BenchError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw BenchError("cannot append to \(path): \(String(cString: strerror(errno)))") }
    }

    /// The type of the file system holding `path` (ext4, xfs, tmpfs …), from /proc/mounts:
    /// the mount point that is the longest prefix of the path.
    static func fileSystemName(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "unknown" }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1])
            let inside = point == "/" || absolute == point || absolute.hasPrefix(point + "/")
            if inside, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type ?? "unknown"
    }
}
