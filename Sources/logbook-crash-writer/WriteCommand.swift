import ArgumentParser
import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookTestSupport
import Logging
import Synchronization

/// Appends a generated workload from several concurrent tasks and prints one line per
/// acknowledged event ("ack <workload index> <position>") with a direct write(2), so that
/// whatever the parent has read was acknowledged before the parent kills it.
struct WriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Append a generated workload, printing each acknowledgement."
    )

    @Argument(help: "The store directory.") var store: String
    @Option(help: "Sessions of the generated workload.") var sessions = 4
    @Option(help: "Seed of the generated workload.") var seed: UInt64 = 1
    @Option(help: "Concurrent appending tasks.") var tasks = 4
    @Option(help: "Events per append.") var batchSize = 17
    @Option(help: "Segment size in bytes (small: rolls and seals happen often).") var segmentBytes = 48 << 10

    func run() async throws {
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = segmentBytes
        let log = try EventLog.open(directory: store, options: options, logger: Logger(label: "crash-writer"))
        let drafts = Workload.drafts(sessions: sessions, seed: seed)
        let batches = stride(from: 0, to: drafts.count, by: batchSize).map { $0..<min($0 + batchSize, drafts.count) }
        let next = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    while true {
                        let taken = next.take()
                        guard taken < batches.count else { return }
                        let range = batches[taken]
                        let result = try await log.append(Array(drafts[range]))
                        Self.report(result, indexes: range)
                    }
                }
            }
            try await group.waitForAll()
        }
        log.close()
    }

    private static func report(_ result: AppendResult, indexes: Range<Int>) {
        var text = ""
        for (offset, event) in result.events.enumerated() {
            text += "ack \(indexes.lowerBound + offset) \(event.position)\n"
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(1, $0.baseAddress! + written, $0.count - written) }
            if count <= 0 { Foundation.exit(3) }
            written += count
        }
    }
}

/// Hands out batch numbers to the appending tasks.
final class Counter: Sendable {
    private let value = Mutex(0)

    func take() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
