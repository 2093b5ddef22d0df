/// A random RFC 4122 version-4 UUID held as two words: copying it is free and
/// `JSONWriter` formats it straight into the output, with no Foundation `UUID`.
struct UUID128: Sendable {
    let high: UInt64
    let low: UInt64

    /// Placeholder for identifiers a session has not assigned yet; every step
    /// that reads one runs after the step that assigns it, so it is never written.
    static let unassigned = UUID128(high: 0, low: 0)

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 122 random bits with the version nibble set to 4 and the variant bits to 10.
    init(_ rng: inout Xoshiro256) {
        high = (rng.next() & ~0xF000) | 0x4000
        low = (rng.next() & ~(0xC << 60)) | (0x8 << 60)
    }
}
