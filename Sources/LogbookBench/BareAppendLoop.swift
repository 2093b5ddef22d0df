#if canImport(Glibc)
import Glibc
#endif

/// The disk's limit for a durable append: the JSONL bytes themselves written in chunks of
/// `linesPerChunk` lines, each with one `pwrite` and one `fdatasync`, to a new file. No
/// parsing, no framing, no index: what is left is what any durable log pays.
public enum BareAppendLoop {
    /// Copies `jsonl` into `path` chunk by chunk; returns the bytes written.
    @discardableResult
    public static func run(jsonl: String, to path: String, linesPerChunk: Int = 1000) throws(BenchError) -> Int {
        precondition(linesPerChunk > 0, "linesPerChunk must be at least 1")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(4 << 20)
        var lines = 0
        var offset = 0
        var failure: BenchError?

        func flush() -> Bool {
            guard !chunk.isEmpty else { return true }
            let written = chunk.withUnsafeBytes { bytes -> Int in
                var done = 0
                while done < bytes.count {
                    let count = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                    if count < 0 {
                        if errno == EINTR { continue }
                        return -1
                    }
                    done += count
                }
                return done
            }
            guard written == chunk.count, fdatasync(fd) == 0 else {
                failure = BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
                return false
            }
            offset += written
            chunk.removeAll(keepingCapacity: true)
            lines = 0
            return true
        }

        do {
            try LineReaders.open(jsonl).forEachLine { line, _ in
                chunk.append(contentsOf: line)
                chunk.append(0x0A)
                lines += 1
                return lines < linesPerChunk || flush()
            }
        } catch {
            throw BenchError("cannot read \(jsonl): \(error)")
        }
        if failure == nil { _ = flush() }
        if let failure { throw failure }
        return offset
    }
}
