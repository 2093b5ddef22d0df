import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// Kills a real writer process with SIGKILL while it appends from several tasks, then
/// reopens the log and checks that every acknowledged event is there, byte for byte.
@Suite struct CrashTests {
    struct Ack {
        var index: Int
        var position: UInt64
    }

    /// Starts the crash writer, lets it acknowledge about `killAfter` events, kills it, and
    /// returns what it acknowledged.
    static func runAndKill(store: String, sessions: Int, seed: UInt64, killAfter: Int) throws -> [Ack] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ChildProcess.executable("logbook-crash-writer"))
        process.arguments = [store, "\(sessions)", "\(seed)", "4", "17", "\(48 << 10)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = Data()
        let handle = output.fileHandleForReading
        while process.isRunning {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
            if text.count { $0 == 0x0A } >= killAfter { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text.append(handle.readDataToEndOfFile())
        return String(decoding: text, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let index = Int(parts[1]), let position = UInt64(parts[2]) else { return nil }
            return Ack(index: index, position: position)
        }
    }

    @Test(arguments: [1, 2, 3])
    func everyAcknowledgedEventSurvivesSIGKILL(round: Int) throws {
        let seed = UInt64.random(in: 1...1_000_000)
        let sessions = 60
        let drafts = Workload.drafts(sessions: sessions, seed: seed)
        let killAfter = Int.random(in: 50...(drafts.count * 3 / 4))
        print("crash round \(round): seed \(seed), \(drafts.count) events, kill after ~\(killAfter) acknowledgements")
        let directory = TemporaryDirectory()
        let acks = try Self.runAndKill(store: directory.path, sessions: sessions, seed: seed, killAfter: killAfter)
        #expect(acks.count >= min(killAfter, 1))

        let log = try TestLog.open(directory, segmentBytes: 48 << 10)
        let events = try log.reader.read()
        #expect(events.map(\.position) == Array(0..<UInt64(events.count)), "positions are not dense")
        #expect(Set(events.map(\.id)).count == events.count, "an event is stored twice")
        let byPosition = Dictionary(uniqueKeysWithValues: events.map { ($0.position, $0) })
        for ack in acks {
            let stored = try #require(byPosition[ack.position], "acknowledged position \(ack.position) is missing")
            #expect(stored.draft == drafts[ack.index], "event at \(ack.position) differs from what was acknowledged")
        }
        // Appends continue where the log ends, and the crash left nothing for verify to find.
        let rest = drafts.filter { draft in !events.contains { $0.id == draft.id } }
        try awaitAppend(rest, to: log)
        #expect(try log.reader.read().count == drafts.count)
        log.close()
        let report = try LogVerifier(directory: directory.path).verify()
        #expect(report.isClean, "\(report.issues)")
    }

    private func awaitAppend(_ drafts: [EventDraft], to log: EventLog) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<LogbookError?>(nil)
        log.append(drafts) { result in
            if case .failure(let error) = result { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw error }
    }
}

/// A value shared between a completion handler and the test thread.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
