/// The Bloom filter section of an index run file, read on the first lookup: kept in memory
/// when its `FilterMemory` has room, else probed on disk. The filter is blocked (one 64-byte
/// block answers for a key), so a probe on disk is one read of one block, which the page
/// cache serves for a run in use. Its checksum is checked once either way.
final class RunFilter: Sendable {
    private enum State {
        case unread
        case inMemory(BloomFilter)
        case onDisk
    }

    private let file: LogFile
    private let offset: Int
    private let byteCount: Int
    private let crc: UInt32
    private let memory: FilterMemory
    private let state = Locked(State.unread)

    init(file: LogFile, offset: Int, byteCount: Int, crc: UInt32, memory: FilterMemory) {
        self.file = file
        self.offset = offset
        self.byteCount = byteCount
        self.crc = crc
        self.memory = memory
    }

    deinit {
        if case .inMemory = state.withLock({ $0 }) { memory.release(byteCount) }
    }

    /// The filter, when it is held in memory (read now if it is unread): probing it needs
    /// no lock, for callers that probe many runs per id.
    func inMemory() throws(LogbookError) -> BloomFilter? {
        if case .inMemory(let bloom) = try current() { return bloom }
        return nil
    }

    private func current() throws(LogbookError) -> State {
        try state.withLock { (state) throws(LogbookError) -> State in
            if case .unread = state { state = try load() }
            return state
        }
    }

    /// Whether the run may hold `key`: false is certain.
    func mayContain(_ key: LogUUID) throws(LogbookError) -> Bool {
        switch try current() {
        case .inMemory(let bloom):
            return bloom.mayContain(key)
        case .onDisk, .unread:
            let hash = key.mixedHash
            let block = BloomFilter.block(hash: hash, blockCount: byteCount / BloomFilter.blockBytes)
            let bytes = try file.readExactly(count: BloomFilter.blockBytes, at: offset + block * BloomFilter.blockBytes, what: "index filter block")
            return bytes.withUnsafeBytes { BloomFilter.blockMayContain(hash: hash, $0) }
        }
    }

    private func load() throws(LogbookError) -> State {
        guard byteCount >= BloomFilter.blockBytes, byteCount % BloomFilter.blockBytes == 0 else {
            throw .corruption("index filter has a size that is not whole blocks", path: file.path, offset: offset)
        }
        if memory.reserve(byteCount) {
            let bytes: [UInt8]
            do {
                bytes = try file.readExactly(count: byteCount, at: offset, what: "index filter")
            } catch {
                memory.release(byteCount)
                throw error
            }
            guard CRC32C.checksum(bytes) == crc, let bloom = bytes.withUnsafeBytes({ BloomFilter(encoded: $0) }) else {
                memory.release(byteCount)
                throw .corruption("index filter fails its checksum", path: file.path, offset: offset)
            }
            return .inMemory(bloom)
        }
        var checksum: UInt32 = 0
        var done = 0
        while done < byteCount {
            let chunk = try file.readExactly(count: min(1 << 20, byteCount - done), at: offset + done, what: "index filter")
            checksum = CRC32C.checksum(chunk, extending: checksum)
            done += chunk.count
        }
        guard checksum == crc else { throw .corruption("index filter fails its checksum", path: file.path, offset: offset) }
        return .onDisk
    }
}
