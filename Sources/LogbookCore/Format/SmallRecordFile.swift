#if canImport(Glibc)
import Glibc
#endif

/// A tiny fixed-size record file of 64-bit values with a checksum: the writer's `CHECKPOINT`
/// (how much of the active segment is known good, so recovery checksums only the rest).
///
/// Replaced whole — written to a temp file, then renamed over the old one — so a reader
/// never meets a half-written file, and a write that fails leaves the previous values.
struct SmallRecordFile {
    let path: String

    /// Writes `values`; with `durable`, the temp file is synced before the rename, so after a
    /// crash the file holds either the old values or these (the rename itself may be lost,
    /// which leaves the old ones: older is always safe for both files).
    func write(_ values: [UInt64], durable: Bool, io: SystemIO) throws(LogbookError) {
        var writer = ByteWriter(capacity: values.count * 8 + 4)
        for value in values { writer.append(value) }
        writer.append(CRC32C.checksum(writer.bytes))
        let temporaryPath = path + ".tmp"
        let file = try LogFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC, io: io)
        try file.write(writer.bytes, at: 0)
        if durable { try file.syncData() }
        try io.rename(temporaryPath, to: path)
    }

    /// The values, or nil when the file is absent, short or fails its checksum.
    func read(count: Int, io: SystemIO) -> [UInt64]? {
        guard let file = try? LogFile(path: path, flags: O_RDONLY, io: io) else { return nil }
        let size = count * 8 + 4
        guard let bytes = try? file.read(count: size, at: 0), bytes.count == size else { return nil }
        return bytes.withUnsafeBytes { raw -> [UInt64]? in
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(count * 8)])) == raw.loadLE(at: count * 8, as: UInt32.self) else {
                return nil
            }
            return (0..<count).map { raw.loadLE(at: $0 * 8, as: UInt64.self) }
        }
    }
}
