/// Event id → position, for the ids of the unsealed segments and of a group being staged.
///
/// An open-addressing table hashed with `LogUUID.mixedHash` salted per process: the
/// standard Dictionary spends most of the writer's lookup time seeding SipHash, and every
/// appended event is looked up and inserted a few times (measured with `perf`: Hasher and
/// Dictionary.find were ~12% of ingest CPU). The salt keeps crafted ids from colliding.
struct IDTable {
    private static let salt = UInt64.random(in: .min ... .max)
    private static let empty = UInt64.max

    private var keys: [LogUUID]
    /// Positions; `empty` marks a free slot (no event is ever at position UInt64.max).
    private var values: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [LogUUID](repeating: LogUUID(high: 0, low: 0), count: size)
        values = [UInt64](repeating: Self.empty, count: size)
        mask = size - 1
    }

    init(_ dictionary: [LogUUID: UInt64]) {
        self.init(capacity: dictionary.count)
        for (id, position) in dictionary { insert(id, at: position) }
    }

    subscript(id: LogUUID) -> UInt64? {
        var slot = Self.slot(id, mask)
        while values[slot] != Self.empty {
            if keys[slot] == id { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Records `id` at `position` unless it is already there; the first position wins.
    mutating func insert(_ id: LogUUID, at position: UInt64) {
        if (count + 1) * 2 > values.count { grow() }
        var slot = Self.slot(id, mask)
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

    private static func slot(_ id: LogUUID, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (id.mixedHash ^ salt) &* 0x9E37_79B9_7F4A_7C15 >> 7) & mask
    }
}
