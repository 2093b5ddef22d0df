#if canImport(Glibc)
import Glibc
#endif

/// A sealed segment mapped whole into memory, read-only. A sealed segment never changes
/// after the rename that creates it (a footer repair renames a new file over it; nothing
/// cuts it), so the mapping taken at open stays valid, and a read is a slice of it: no
/// system call, no copy into a buffer. Those were half of a point read's time (the kernel's
/// copy of each block and its page-cache lookup, `docs/bench-results.md`).
final class MappedFile: @unchecked Sendable {
    let file: LogFile
    /// The file's size when it was mapped; every read is checked against it.
    let count: Int
    private let address: UnsafeRawPointer

    init(_ file: LogFile) throws(LogbookError) {
        self.file = file
        count = try file.size()
        guard count > 0 else {
            throw .corruption("sealed segment is empty", path: file.path, offset: 0)
        }
        address = try file.io.mapReadOnly(file.fd, count: count, path: file.path)
    }

    deinit { file.io.unmap(address, count: count) }

    var path: String { file.path }

    /// Calls `body` with the `length` bytes at `offset`, or reports the file as damaged there
    /// when they are not all in it. `body` must not keep the bytes past its return.
    func withBytes<R>(
        _ length: Int, at offset: Int, what: String, _ body: (UnsafeRawBufferPointer) throws(LogbookError) -> R
    ) throws(LogbookError) -> R {
        guard length >= 0, offset >= 0, offset <= count, length <= count - offset else {
            let found = offset >= 0 && offset <= count ? count - offset : 0
            throw .corruption("\(what) ends early (wanted \(length) bytes, found \(found))", path: path, offset: offset)
        }
        try file.io.readMapped(length, path: path)
        return try body(UnsafeRawBufferPointer(start: address + offset, count: length))
    }

    /// A copy of the `length` bytes at `offset`, for what outlives the read.
    func bytes(_ length: Int, at offset: Int, what: String) throws(LogbookError) -> [UInt8] {
        try withBytes(length, at: offset, what: what) { Array($0) }
    }
}
