import Foundation
import LogbookTestSupport
import Testing
@testable import LogbookCore

/// Under `interval` and `none`, nothing past the last checkpoint was promised durable, so
/// writeback that reached the disk out of order — a hole, then complete later groups — is
/// cut at the hole with a warning. Under `always`, or below the checkpoint, the same damage
/// is refused: those bytes were acknowledged as durable.
@Suite struct UnsyncedTailTests {
    struct Store {
        let directory: TemporaryDirectory
        let path: String
        /// Four groups, each appended by one group commit; the first is synced (and, under
        /// `interval`, checkpointed) before the machine dies.
        let groups: [[EventDraft]]
        /// Where each group's frame starts in the active segment.
        let starts: [Int]
        let end: Int
    }

    static func store(durability: LogOptions.Durability) throws -> Store {
        let directory = TemporaryDirectory()
        let options = TestLog.options(durability: durability)
        let groups = (0..<4).map { _ in (0..<10).map { _ in Workload.draft(session: nil) } }
        let path = directory.appending(SegmentName.fileName(base: 0))
        var starts: [Int] = []
        let recovered = try LogRecovery(directory: directory.path, options: options, logger: TestLog.logger).recover()
        let head = HeadState(head: recovered.activeIndex.nextPosition)
        let reader = try LogReader(directory: directory.path, io: options.io, headSource: .writer(head))
        let core = try WriterCore(directory: directory.path, options: options, catalog: reader.catalog, head: head, logger: TestLog.logger, recovered: recovered)
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int }
        for (index, group) in groups.enumerated() {
            starts.append(try size())
            core.process([AppendRequest(events: group, expectations: [:]) { _ in }])
            if index == 0 { core.syncIfNeeded() }
        }
        // The machine dies here: what closing writes to the checkpoint never reaches the disk.
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: directory.appending(CheckpointFile.name)))
        core.close()
        try checkpoint.write(to: URL(fileURLWithPath: directory.appending(CheckpointFile.name)))
        return Store(directory: directory, path: path, groups: groups, starts: starts, end: try size())
    }

    static func zero(_ range: Range<Int>, in path: String) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in range { bytes[offset] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test(arguments: [LogOptions.Durability.interval(milliseconds: 1000), .none])
    func aHoleFollowedByCompleteGroupsPastTheCheckpointIsCut(durability: LogOptions.Durability) async throws {
        let store = try Self.store(durability: durability)
        // The second group never reached the disk; the third and fourth did.
        try Self.zero(store.starts[1]..<store.starts[2], in: store.path)
        let reopened = try TestLog.open(store.directory, durability: durability)
        #expect(reopened.recovery.truncatedOffset == store.starts[1])
        #expect(reopened.recovery.truncatedBytes == store.end - store.starts[1])
        #expect(reopened.recovery.truncatedGroups == 2)
        #expect(try reopened.reader.read().map(\.draft) == store.groups[0])
        // Their ids were never stored: appended again, they are new events.
        let again = try await reopened.append(store.groups[3])
        #expect(again.events.allSatisfy { !$0.isDuplicate })
        reopened.close()
        #expect(try LogReader.open(directory: store.directory.path).read().map(\.draft) == store.groups[0] + store.groups[3])
        #expect(try LogVerifier(directory: store.directory.path).verify().isClean)
    }

    @Test func verifyReportsSuchAHoleAsPendingNotAsDamage() throws {
        let store = try Self.store(durability: .interval(milliseconds: 1000))
        try Self.zero(store.starts[1]..<store.starts[2], in: store.path)
        let report = try LogVerifier(directory: store.directory.path).verify()
        #expect(report.issues.isEmpty, "\(report.issues)")
        #expect(report.pending.first?.offset == store.starts[1])
    }

    @Test func underAlwaysTheSameHoleIsRefused() throws {
        let store = try Self.store(durability: .always)
        try Self.zero(store.starts[1]..<store.starts[2], in: store.path)
        let error = #expect(throws: LogbookError.self) { try TestLog.open(store.directory) }
        #expect(error?.code == .corruption)
        #expect(error?.message.contains("valid batches follow") == true)
    }

    @Test func damageBelowTheCheckpointIsRefusedUnderInterval() throws {
        let store = try Self.store(durability: .interval(milliseconds: 1000))
        try Self.zero(store.starts[0]..<(store.starts[0] + 64), in: store.path)
        let error = #expect(throws: LogbookError.self) { try TestLog.open(store.directory, durability: .interval(milliseconds: 1000)) }
        #expect(error?.code == .corruption)
        #expect(error?.message.contains("below the checkpoint") == true)
    }
}
