// A writer for crash tests: appends a generated workload from several concurrent tasks and
// prints one line per acknowledged event ("ack <workload index> <position>") with a direct
// write(2), so that whatever the parent reads was acknowledged before the parent kills it.
//
// usage: logbook-crash-writer <store> <sessions> <seed> <tasks> <batch size> <segment bytes>
import Foundation
import LogbookCore
import LogbookTestSupport
import Logging
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count == 7, let sessions = Int(arguments[2]), let seed = UInt64(arguments[3]),
      let tasks = Int(arguments[4]), let batchSize = Int(arguments[5]), let segmentBytes = Int(arguments[6])
else {
    FileHandle.standardError.write(Data("usage: logbook-crash-writer <store> <sessions> <seed> <tasks> <batch size> <segment bytes>\n".utf8))
    exit(2)
}

var options = LogOptions()
options.segmentBytes = segmentBytes
let log = try EventLog.open(directory: arguments[1], options: options, logger: Logger(label: "crash-writer"))
let drafts = Workload.drafts(sessions: sessions, seed: seed)
let batches = stride(from: 0, to: drafts.count, by: batchSize).map { $0..<min($0 + batchSize, drafts.count) }
let next = Mutex(0)

func report(_ result: AppendResult, indexes: Range<Int>) {
    var text = ""
    for (offset, event) in result.events.enumerated() {
        text += "ack \(indexes.lowerBound + offset) \(event.position)\n"
    }
    var bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + written, $0.count - written) }
        if count <= 0 { exit(3) }
        written += count
    }
}

await withTaskGroup(of: Void.self) { group in
    for _ in 0..<tasks {
        group.addTask {
            while true {
                let taken = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard taken < batches.count else { return }
                let range = batches[taken]
                do {
                    let result = try await log.append(Array(drafts[range]))
                    report(result, indexes: range)
                } catch {
                    FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                    exit(4)
                }
            }
        }
    }
}
log.close()
print("done")
