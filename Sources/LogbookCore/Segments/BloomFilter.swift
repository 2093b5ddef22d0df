/// A blocked Bloom filter over event ids (one 512-bit block per key, eight bits set in it):
/// an id lookup touches one cache line per sealed segment, and nearly every absent id is
/// ruled out without reading the segment's id table from disk.
struct BloomFilter {
    static let blockBytes = 64
    static let bitsPerKey = 16
    private static let probes = 8

    private(set) var words: [UInt64]

    var blockCount: Int { words.count / 8 }

    init(expectedKeys: Int) {
        let blocks = max(1, (expectedKeys * Self.bitsPerKey + 511) / 512)
        words = [UInt64](repeating: 0, count: blocks * 8)
    }

    init?(encoded bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 64, bytes.count % 64 == 0 else { return nil }
        words = (0..<(bytes.count / 8)).map { bytes.loadLE(at: $0 * 8, as: UInt64.self) }
    }

    mutating func insert(_ id: LogUUID) {
        let hash = id.mixedHash
        let base = Self.block(hash: hash, blockCount: blockCount) * 8
        var bits = hash >> 32 | hash << 32
        for _ in 0..<Self.probes {
            let bit = Int(bits & 511)
            words[base + bit >> 6] |= 1 << UInt64(bit & 63)
            bits = bits >> 9 | bits << 55
        }
    }

    func mayContain(_ id: LogUUID) -> Bool {
        let hash = id.mixedHash
        return words.withUnsafeBytes { bytes in
            Self.blockMayContain(hash: hash, UnsafeRawBufferPointer(rebasing: bytes[(Self.block(hash: hash, blockCount: blockCount) * Self.blockBytes)...]))
        }
    }

    /// Marks in `maybe` the keys of `hashes` the filter may hold, skipping those marked
    /// already: one filter over many keys, whose probes do not wait on one another.
    func markMayContain(hashes: [UInt64], in maybe: inout [Bool]) {
        words.withUnsafeBytes { bytes in
            for index in hashes.indices where !maybe[index] {
                let hash = hashes[index]
                let offset = Self.block(hash: hash, blockCount: blockCount) * Self.blockBytes
                if Self.blockMayContain(hash: hash, UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Self.blockBytes)])) {
                    maybe[index] = true
                }
            }
        }
    }

    /// The block that answers for `id` in a filter of `blockCount` blocks: a filter kept on
    /// disk is probed by reading that one block.
    /// `hash` is the key's `mixedHash`.
    static func block(hash: UInt64, blockCount: Int) -> Int {
        Int(hash % UInt64(blockCount))
    }

    /// Whether the block `bytes` (at least `blockBytes`, as encoded) may hold the key of `hash`.
    static func blockMayContain(hash: UInt64, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var bits = hash >> 32 | hash << 32
        for _ in 0..<probes {
            let bit = Int(bits & 511)
            if bytes.loadLE(at: (bit >> 6) * 8, as: UInt64.self) & (1 << UInt64(bit & 63)) == 0 { return false }
            bits = bits >> 9 | bits << 55
        }
        return true
    }

    func encode(into writer: inout ByteWriter) {
        for word in words { writer.append(word) }
    }
}
