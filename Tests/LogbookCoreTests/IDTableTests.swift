import Foundation
import Testing
@testable import LogbookCore

/// Ids are chosen by clients: ids crafted to collide must not make the writer's id table
/// (and so the single writer thread) quadratic.
@Suite struct IDTableTests {
    /// Ids whose unkeyed `mixedHash` is one and the same value.
    static func collidingIDs(_ count: Int) -> [LogUUID] {
        (0..<UInt64(count)).map { index in
            let low = index &* 0x1234_5678_9ABC_DEF1 | 1
            return LogUUID(high: 0x0123_4567_89AB_CDEF ^ (low &* 0x9E37_79B9_7F4A_7C15), low: low)
        }
    }

    static func meanProbes(_ ids: [LogUUID]) -> Double {
        var table = IDTable()
        for (position, id) in ids.enumerated() { table.insert(id, at: UInt64(position)) }
        for (position, id) in ids.enumerated() { precondition(table[id] == UInt64(position)) }
        return Double(ids.reduce(0) { $0 + table.probes(id: $1) }) / Double(ids.count)
    }

    @Test func craftedCollidingIdsStayFewProbesAway() {
        let ids = Self.collidingIDs(20_000)
        #expect(Set(ids.map(\.mixedHash)).count == 1, "the crafted ids should collide without a key")
        let started = Date()
        let mean = Self.meanProbes(ids)
        print("20,000 crafted colliding ids: \(mean) probes per lookup on average, \(Date().timeIntervalSince(started)) s to insert and look up")
        #expect(mean < 3)
    }

    @Test func randomIdsUseEveryHomeSlot() {
        let ids = (0..<20_000).map { _ in LogUUID.random() }
        // A table at most half full with linear probing averages 1.5 probes per hit.
        #expect(Self.meanProbes(ids) < 2)
    }
}
