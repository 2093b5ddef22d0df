/// Event id → position, for the ids of the unsealed segments and of a group being staged.
///
/// An open-addressing table with linear probing: the standard Dictionary spends most of the
/// writer's lookup time seeding SipHash, and every appended event is looked up and inserted
/// a few times (measured with `perf`: Hasher and Dictionary.find were ~12% of ingest CPU).
/// Ids are chosen by clients, so the hash is keyed with a per-process random seed mixed in
/// before each finalizer round: ids crafted to collide without the seed do not collide
/// with it, and the writer thread never goes quadratic.
struct IDTable {
    private static let seed = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    private static let empty = UInt64.max

    private var keys: [LogUUID]
    /// Positions; `empty` marks a free slot (no event is ever at position UInt64.max).
    private var values: [UInt64]
    private(set) var count = 0
    private var mask: Int
    /// The home slot is the hash's top bits, the best mixed ones.
    private var shift: Int

    init(capacity: Int = 16) {
        var size = 16
        var bits = 4
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        keys = [LogUUID](repeating: LogUUID(high: 0, low: 0), count: size)
        values = [UInt64](repeating: Self.empty, count: size)
        mask = size - 1
        shift = 64 - bits
    }

    init(_ dictionary: [LogUUID: UInt64]) {
        self.init(capacity: dictionary.count)
        for (id, position) in dictionary { insert(id, at: position) }
    }

    subscript(id: LogUUID) -> UInt64? {
        var slot = slot(of: id)
        while values[slot] != Self.empty {
            if keys[slot] == id { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// How many slots a lookup of `id` visits: tests check that it stays short.
    func probes(id: LogUUID) -> Int {
        var slot = slot(of: id)
        var visited = 1
        while values[slot] != Self.empty, keys[slot] != id {
            slot = (slot + 1) & mask
            visited += 1
        }
        return visited
    }

    /// Records `id` at `position` unless it is already there; the first position wins.
    mutating func insert(_ id: LogUUID, at position: UInt64) {
        if (count + 1) * 2 > values.count { grow() }
        var slot = slot(of: id)
        while values[slot] != Self.empty {
            if keys[slot] == id { return }
            slot = (slot + 1) & mask
        }
        keys[slot] = id
        values[slot] = position
        count += 1
    }

    mutating func insert(contentsOf other: IDTable) {
        for slot in 0..<other.values.count where other.values[slot] != Self.empty {
            insert(other.keys[slot], at: other.values[slot])
        }
    }

    private mutating func grow() {
        let old = self
        self = IDTable(capacity: values.count)
        insert(contentsOf: old)
    }

    private func slot(of id: LogUUID) -> Int {
        let keyed = Self.finalize(Self.finalize(id.high ^ Self.seed.0) ^ id.low ^ Self.seed.1)
        return Int(truncatingIfNeeded: keyed >> UInt64(shift))
    }

    /// The murmur3 64-bit finalizer: every input bit flips each output bit with probability ½.
    private static func finalize(_ input: UInt64) -> UInt64 {
        var value = input
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }
}
