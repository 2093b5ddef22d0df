import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

@Suite struct SubscriptionTests {
    @Test func subscribersSeeEveryEventOnceInOrderAcrossRollsAndSeals() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory, segmentBytes: 32 << 10)
        let drafts = Workload.drafts(sessions: 30, seed: 17)
        try await TestLog.append(Array(drafts.prefix(300)), to: log)

        let subscribers = (0..<3).map { index in
            Task { () throws -> [RecordedEvent] in
                var seen: [RecordedEvent] = []
                for try await event in log.reader.subscribe(from: UInt64(index * 100)) {
                    seen.append(event)
                    if event.position + 1 == UInt64(drafts.count) { break }
                }
                return seen
            }
        }
        // Four appenders race while the subscribers follow.
        let rest = Array(drafts.dropFirst(300))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<4 {
                let slice = stride(from: part * 10, to: rest.count, by: 40).flatMap { rest[$0..<min($0 + 10, rest.count)] }
                group.addTask { try await TestLog.append(slice, to: log, batchSize: 10) }
            }
            try await group.waitForAll()
        }
        let all = try log.reader.read()
        #expect(all.count == drafts.count)
        for (index, subscriber) in subscribers.enumerated() {
            let seen = try await subscriber.value
            #expect(seen == Array(all.dropFirst(index * 100)), "subscriber \(index) saw \(seen.count) events")
        }
        #expect(try TestLog.segmentFiles(directory).count > 5)
        log.close()
    }

    @Test func aSubscriptionEndsWhenTheLogCloses() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        try await log.append([Workload.draft(session: nil)])
        let follower = Task { () throws -> Int in
            var count = 0
            for try await _ in log.reader.subscribe() { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(100))
        log.close()
        #expect(try await follower.value == 1)
    }

    @Test func anotherProcessReaderSeesOnlyDurableEvents() async throws {
        let directory = TemporaryDirectory()
        // An interval no test run lasts, however loaded the machine: nothing syncs before close.
        let log = try TestLog.open(directory, durability: .interval(milliseconds: 24 * 3_600_000))
        try await log.append([Workload.draft(session: nil)])
        let outside = try LogReader.open(directory: directory.path)
        // Written but not synced yet: neither this process's readers nor others see it.
        #expect(try log.reader.head() == 0)
        #expect(try outside.head() == 0)
        log.close()
        #expect(try outside.head() == 1)
    }
}
