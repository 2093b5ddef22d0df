import Foundation
import LogbookTestSupport
import LogbookWorkload
import Testing
@testable import LogbookCore

/// Flips random bits and truncates at random offsets in sealed and active segments and in
/// the session and trace directories: `verify` reports damage in the file that holds it,
/// and no read ever returns an event that differs from what was appended (it fails instead).
@Suite struct RandomDamageTests {
    static func damagedStore(seed: UInt64, round: Int) async throws -> (TemporaryDirectory, [RecordedEvent], [String]) {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory, segmentBytes: 48 << 10)
        try await TestLog.append(Workload.drafts(sessions: 20, seed: seed &+ UInt64(round)), to: log, batchSize: 30)
        let original = try log.reader.read()
        log.close()
        var random = SplitMix64(seed: seed &* 31 &+ UInt64(round))
        let files = (try TestLog.segmentFiles(directory)) + [StreamFiles.sessions, StreamFiles.traces]
        let victim = files[Int(random.next() % UInt64(files.count))]
        let path = directory.appending(victim)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        if random.next() % 3 == 0, bytes.count > 1 {
            bytes.removeLast(1 + Int(random.next() % UInt64(bytes.count - 1)))
        } else {
            for _ in 0..<(1 + random.next() % 4) {
                bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(1 << (random.next() % 8))
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (directory, original, [victim])
    }

    @Test func randomDamageIsReportedAndNeverReadAsValid() async throws {
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        print("random damage: seed \(seed)")
        for round in 0..<12 {
            let (directory, original, damaged) = try await Self.damagedStore(seed: seed, round: round)
            let report = try LogVerifier(directory: directory.path).verify()
            #expect(report.issues.contains { damaged.contains($0.file) }, "round \(round) (seed \(seed)): damage in \(damaged) not reported: \(report.issues)")
            let reader: LogReader
            do {
                reader = try LogReader.open(directory: directory.path)
            } catch {
                // A damaged header of the newest segment: the reader refuses to open at all.
                #expect(error.code == .corruption, "round \(round): \(error)")
                continue
            }
            // Every event a read returns is the event appended at that position.
            var returned: [RecordedEvent] = []
            do {
                try reader.forEach(in: 0..<UInt64.max) { event in
                    returned.append(event)
                    return true
                }
            } catch {
                #expect(error.code == .corruption || error.code == .notFound, "round \(round): \(error)")
            }
            for event in returned {
                #expect(Int(event.position) < original.count && original[Int(event.position)] == event, "round \(round) (seed \(seed)): position \(event.position) read back wrong")
            }
            let session = try #require(original.compactMap(\.sessionID).first)
            if let events = try? reader.events(session: session) {
                for event in events {
                    #expect(original[Int(event.position)] == event, "round \(round) (seed \(seed)): session read returned a wrong event")
                }
            }
        }
    }
}
