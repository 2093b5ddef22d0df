import LogbookCore
import LogbookWorkload

/// A generated workload as drafts, one at a time, so a million events never sit in memory.
struct DraftStream {
    private var generator: WorkloadGenerator
    private var line: [UInt8] = []
    private var index = 0

    init(sessions: Int, seed: UInt64) {
        generator = WorkloadGenerator(sessions: sessions, seed: seed)
    }

    mutating func next() -> EventDraft? {
        line.removeAll(keepingCapacity: true)
        guard generator.nextLine(into: &line) else { return nil }
        index += 1
        return try! line.dropLast().withUnsafeBytes { bytes in
            try EventDraft.parse(jsonLine: bytes, location: EventLocation(index: index), defaultTimestampMs: 0)
        }
    }
}
