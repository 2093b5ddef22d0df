import ArgumentParser
import Foundation
import LogbookCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every segment and index; exit 0 when clean, 1 when acknowledged or sealed data is damaged.",
        discussion: "Reads every byte: batch checksums, whole-file checksums, every compressed block, every footer section, position continuity, the session and trace directories. Safe while a writer appends. Bytes past what was acknowledged (a batch a crash cut short, or one a writer is still writing) are reported as pending recovery, not as damage."
    )

    @Flag(help: "Rebuild damaged footers of sealed segments from their blocks, remove damaged session/trace directories (the next writer rebuilds them), and cut a damaged tail off the active segment (after showing what it drops and asking).")
    var repair = false

    @Flag(help: "With --repair: do not ask; consent to dropping what the report lists.")
    var yes = false

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
            for pending in report.pending { print(pending) }
            if report.isClean {
                print("clean")
                return
            }
            for issue in report.issues { print("damaged: \(issue)") }
            print("\(report.issues.count) problem\(report.issues.count == 1 ? "" : "s") found")
            if repair, try runRepair() {
                let again = try LogVerifier(directory: store.directory).verify()
                if again.isClean {
                    print("clean after repair")
                    return
                }
                for issue in again.issues { print("still damaged: \(issue)") }
            }
            throw ExitCode(1)
        } catch let error as LogbookError {
            throw fail(error)
        }
    }

    /// Returns whether anything was changed.
    private func runRepair() throws -> Bool {
        let repair = LogRepair(directory: store.directory)
        let rebuilt = try repair.rebuildDamagedFooters()
        for segment in rebuilt {
            print("repaired: rebuilt the footer (indexes and trailer) of \(segment) from its blocks")
        }
        let removed = try repair.removeDamagedDirectories()
        let changed = !rebuilt.isEmpty || !removed.isEmpty
        for name in removed {
            print("repaired: removed the damaged \(name); it is rebuilt from the segments when the store is next opened for writing")
        }
        guard let plan = try repair.plan() else {
            print("no damaged tail to cut; damage inside a sealed segment cannot be cut away without losing the events after it: restore that file from a copy")
            return changed
        }
        var what = "cut \(plan.droppedBytes) bytes off \(plan.segment) at byte \(plan.offset) (\(plan.reason))"
        if let positions = plan.droppedPositions {
            what += ", dropping \(plan.droppedEvents) events that still pass their checksums (positions \(positions.lowerBound)-\(positions.upperBound))"
        } else {
            what += "; no intact event lies past the damage"
        }
        if !yes {
            guard StandardError.isTerminal, isatty(0) != 0 else {
                print("would \(what); run again with --repair --yes to consent")
                return changed
            }
            StandardError.write("logbook: this will \(what). Type 'yes' to go ahead: ")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                print("nothing changed")
                return changed
            }
        }
        try repair.apply(plan)
        print("repaired: \(what)")
        return true
    }
}
