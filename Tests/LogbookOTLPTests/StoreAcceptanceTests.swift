import LogbookCatalogue
import LogbookCore
import LogbookTestSupport
import Logging
import Testing
@testable import LogbookOTLP

/// The mapped events go through the store's own envelope parser and catalogue checks, and a
/// re-sent export (here in the other encoding) is stored as duplicates only.
@Suite struct StoreAcceptanceTests {
    static func drafts(_ batch: OTLPBatch) throws -> [EventDraft] {
        try batch.events.enumerated().map { index, line in
            try EventDraft.parse(jsonLine: String(decoding: line, as: UTF8.self), location: EventLocation(index: index), defaultTimestampMs: 0)
        }
    }

    @Test func theLogStoresEveryFixtureOnceHoweverOftenItIsSent() async throws {
        let directory = TemporaryDirectory()
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        let log = try EventLog.open(directory: directory.path, options: options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { log.close() }
        for fixture in Fixture.all {
            let drafts = try Self.drafts(fixture.map(fixture.protobuf(), .protobuf))
            let first = try await log.append(drafts)
            #expect(first.storedCount == drafts.count, "\(fixture.testDescription)")
            let again = try await log.append(Self.drafts(fixture.map(fixture.json(), .json)))
            #expect(again.duplicateCount == drafts.count, "\(fixture.testDescription)")
            #expect(again.events.map(\.position) == first.events.map(\.position))
        }
    }
}
