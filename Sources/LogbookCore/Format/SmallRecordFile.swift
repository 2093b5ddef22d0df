#if canImport(Glibc)
import Glibc
#endif

/// A tiny fixed-size record file of 64-bit values with a checksum: the writer's `HEAD`
/// (the first position not yet visible, for readers in other processes) and `CHECKPOINT`
/// (how much of the active segment is known good, so recovery checksums only the rest).
struct SmallRecordFile {
    let path: String

    func write(_ values: [UInt64], file: LogFile) throws(LogbookError) {
        var writer = ByteWriter(capacity: values.count * 8 + 4)
        for value in values { writer.append(value) }
        writer.append(CRC32C.checksum(writer.bytes))
        try file.write(writer.bytes, at: 0)
    }

    /// The values, or nil when the file is absent, short or fails its checksum.
    func read(count: Int) -> [UInt64]? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        let size = count * 8 + 4
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        guard read == size else { return nil }
        return bytes.withUnsafeBytes { raw -> [UInt64]? in
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(count * 8)])) == raw.loadLE(at: count * 8, as: UInt32.self) else {
                return nil
            }
            return (0..<count).map { raw.loadLE(at: $0 * 8, as: UInt64.self) }
        }
    }
}
