import ArgumentParser
import LogbookCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every segment and index; exit 0 when clean, 1 with a report otherwise.",
        discussion: "Reads every byte: batch checksums, whole-file checksums, every compressed block, every footer section, position continuity, the session and trace directories. Safe while a writer appends."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            guard LogbookCore.SystemIO().directoryExists(store.directory) else {
                throw LogbookError(code: .notFound, message: "no log at \(store.directory)")
            }
            let progress = Progress(enabled: StandardError.isTerminal)
            let report = try LogVerifier(directory: store.directory).verify { done, total in
                progress.update(events: done, bytes: total)
            }
            progress.finish()
            print("checked \(report.segmentsChecked) segments, \(report.eventsChecked) events, \(report.bytesChecked) bytes")
            if report.isClean {
                print("clean")
                return
            }
            for issue in report.issues { print("damaged: \(issue)") }
            print("\(report.issues.count) problem\(report.issues.count == 1 ? "" : "s") found")
            throw ExitCode(1)
        } catch let error as LogbookError {
            throw fail(error)
        }
    }
}
