import Foundation
import LogbookTestSupport
import Testing
@testable import LogbookCore

/// The id index holds its runs' filters in memory only up to its budget; past it a filter is
/// probed on disk, one block per lookup, and every id is still found.
@Suite struct FilterMemoryTests {
    @Test(arguments: [0, 1 << 10, IDIndex.filterMemoryLimit])
    func idsAreFoundWithinTheFilterBudget(limit: Int) async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<3000).map { Workload.draft(session: nil, text: "event \($0)") }
        do {
            let log = try TestLog.open(directory, segmentBytes: 4 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 20)
            log.close()
        }
        let faults = FaultInjector()
        let memory = FilterMemory(limit: limit)
        let index = try IDIndex(directory: directory.path, io: SystemIO(faults: faults), logger: TestLog.logger, filterMemory: memory)
        #expect(index.runCount >= 2)
        for (position, draft) in drafts.enumerated() where UInt64(position) < index.coveredEnd && position % 5 == 0 {
            #expect(try index.position(of: draft.id) == UInt64(position))
        }
        #expect(memory.usedBytes <= limit)
        // An absent id reads at most one filter block per run that is not in memory (and,
        // rarely, an entry or two after a false positive).
        let before = faults.bytesRead
        for _ in 0..<200 { #expect(try index.position(of: .random()) == nil) }
        let perLookup = Double(faults.bytesRead - before) / 200
        print("budget \(limit): \(memory.usedBytes) bytes of filters in memory, \(perLookup) bytes read per absent id over \(index.runCount) runs")
        #expect(perLookup <= Double(index.runCount * BloomFilter.blockBytes + 2 * IDRun.entrySize * 12))
        if limit == 0 { #expect(perLookup >= Double(index.runCount * BloomFilter.blockBytes)) }
        if limit == IDIndex.filterMemoryLimit { #expect(perLookup < Double(BloomFilter.blockBytes)) }
    }
}
