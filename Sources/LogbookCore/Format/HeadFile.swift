#if canImport(Glibc)
import Glibc
#endif

/// `HEAD`: the first position the writer has not made visible yet, for readers in other
/// processes. The writer publishes it after every group commit, so it is written in place —
/// one `pwrite`, where a temp file and a rename cost as much as the commit's `fdatasync`.
///
/// Two slots of `[head u64][CRC32C u32]`, written in turn. A write moves on to the other slot
/// only once it has succeeded, so a write that fails, a crash in the middle of one, or a
/// reader that meets one half-done spoils at most the slot being written: the other still
/// holds an earlier head, and an earlier head is always safe to read. Heads only grow while a
/// writer runs, so a reader takes the larger of the valid slots. The earlier layout was the
/// first slot alone, which both sides still read.
final class HeadFile {
    static let name = "HEAD"
    private static let slotSize = 12

    private let file: LogFile
    private var slot = 0
    private var written = 0

    /// Opens (creating) the file of `directory` for writing.
    init(directory: String, io: SystemIO) throws(LogbookError) {
        file = try LogFile(path: joinPath(directory, Self.name), flags: O_RDWR | O_CREAT, io: io)
    }

    /// Publishes `head`. Until both slots hold a head of this writer, it writes both: a head
    /// left by an earlier process may be larger (events it published that did not survive).
    func write(_ head: UInt64) throws(LogbookError) {
        var record = ByteWriter(capacity: Self.slotSize)
        record.append(head)
        record.append(CRC32C.checksum(record.bytes))
        repeat {
            try file.write(record.bytes, at: slot * Self.slotSize)
            slot = 1 - slot
            written += 1
        } while written < 2
    }

    /// The head in `directory`'s file; nil when it is absent or neither slot is intact.
    static func read(directory: String, io: SystemIO) -> UInt64? {
        guard let file = try? LogFile(path: joinPath(directory, name), flags: O_RDONLY, io: io),
              let bytes = try? file.read(count: 2 * slotSize, at: 0)
        else { return nil }
        return bytes.withUnsafeBytes { raw -> UInt64? in
            (0..<2).compactMap { index -> UInt64? in
                let start = index * slotSize
                guard raw.count >= start + slotSize else { return nil }
                let stored = raw.loadLE(at: start + 8, as: UInt32.self)
                guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 8)])) == stored else { return nil }
                return raw.loadLE(at: start, as: UInt64.self)
            }.max()
        }
    }
}
