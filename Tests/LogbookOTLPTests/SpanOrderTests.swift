import Foundation
import Testing
@testable import LogbookOTLP

/// Exporters batch spans as they end and may split a trace across requests in any order; the
/// events must not depend on it.
@Suite struct SpanOrderTests {
    @Test(arguments: Fixture.traces)
    func spansInAnyOrderGiveTheSameEvents(fixture: Fixture) throws {
        let request = try TraceRequest(serializedBytes: fixture.protobuf())
        let expected = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        let seed = UInt64.random(in: 0...UInt64.max)
        print("SpanOrderTests seed \(seed) for \(fixture.name)")
        var random = SplitMix64(seed: seed)
        for _ in 0..<20 {
            // Shuffle the spans and deal them out over several resource/scope groups.
            var shuffled = request
            for resource in shuffled.resourceSpans.indices {
                for scope in shuffled.resourceSpans[resource].scopeSpans.indices {
                    shuffled.resourceSpans[resource].scopeSpans[scope].spans.shuffle(using: &random)
                }
                let scopes = shuffled.resourceSpans[resource].scopeSpans
                shuffled.resourceSpans[resource].scopeSpans = scopes.flatMap { scope in
                    let cut = Int.random(in: 0...scope.spans.count, using: &random)
                    var first = scope
                    var second = scope
                    first.spans = Array(scope.spans[..<cut])
                    second.spans = Array(scope.spans[cut...])
                    return [second, first]
                }
            }
            let batch = try OTLPMapper.traces(shuffled.serializedBytes(), encoding: .protobuf)
            #expect(batch == expected, "seed \(seed)")
        }
    }

    @Test func aSpanSentTwiceIsMappedOnce() throws {
        let fixture = Fixture.traces[0]
        var request = try TraceRequest(serializedBytes: fixture.protobuf())
        let once = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        request.resourceSpans.append(request.resourceSpans[0])
        let twice = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        #expect(twice == once)
    }

    @Test func aSpanSentTwiceWithDifferentContentKeepsOneAndRejectsTheOther() throws {
        let fixture = Fixture.traces[0]
        var request = try TraceRequest(serializedBytes: fixture.protobuf())
        var changed = request.resourceSpans[0]
        changed.scopeSpans[0].spans = [changed.scopeSpans[0].spans[0]]
        changed.scopeSpans[0].spans[0].name += " (again)"
        request.resourceSpans.append(changed)
        let batch = try OTLPMapper.traces(request.serializedBytes(), encoding: .protobuf)
        #expect(batch.rejected == 1)
        #expect(batch.errorMessage.contains("sent again with different content"))
        let reversed = try OTLPMapper.traces(
            { var copy = request; copy.resourceSpans.reverse(); return try copy.serializedBytes() }(), encoding: .protobuf)
        #expect(reversed.events == batch.events)
    }
}

/// A small seeded generator, so a failing shuffle can be replayed from the printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
