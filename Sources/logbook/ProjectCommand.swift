import ArgumentParser
import Foundation
import LogbookCore
import LogbookPostgres
import LogbookProjections

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Catch every projection up to the log's head (projections.sqlite in the store).",
        discussion: """
            Each batch of events is one transaction with the projectors' checkpoints, so an \
            interrupted run resumes where it stopped and applies every event once. A projector \
            whose version changed is first rebuilt from position 0 (see `logbook rebuild`).
            """
    )

    @Flag(help: "Keep following the log after catching up, applying new events as they become durable.")
    var follow = false

    @Option(name: .customLong("batch-size"), help: "Events per transaction.")
    var batchSize = 1_000

    @Flag(help: "Apply events statement by statement even into read models nothing was projected into yet (no bulk load).")
    var incremental = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var postgres: PostgresOptions

    func run() async throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        do {
            var options = ProjectionOptions()
            options.batchSize = batchSize
            if let location = try postgres.location() {
                try await projectIntoPostgres(location, options: options)
                return
            }
            let engine = try ProjectionEngine(reader: LogReader.open(directory: store.directory), options: options, logger: store.logger())
            engine.bulkLoadWhenEmpty = !incremental
            let progress = Progress(enabled: isatty(2) == 1)
            let summary = try engine.catchUp { report in progress.update(events: report.events, bytes: 0) }
            progress.finish()
            for rebuild in summary.rebuilds { RebuildCommand.report(rebuild) }
            StandardError.write(
                "projected \(summary.events) events in \(summary.batches) batches, \(format(summary.seconds, digits: 2)) s "
                + "(\(format(summary.eventsPerSecond, digits: 0)) events/s); every projection is at position \(summary.head)\n")
            if follow {
                StandardError.write("following the log (Ctrl-C to stop)\n")
                try await engine.follow(onBatch: { events, head in
                    if store.verbose { StandardError.write("applied \(events) events; head \(head)\n") }
                })
            }
        } catch {
            throw fail(error)
        }
    }
}

extension ProjectCommand {
    func projectIntoPostgres(_ location: PostgresLocation, options: ProjectionOptions) async throws {
        let engine = try await PostgresProjectionEngine.open(
            location: location, reader: LogReader.open(directory: store.directory), options: options, logger: store.logger())
        engine.bulkLoadWhenEmpty = !incremental
        do {
            let progress = Progress(enabled: isatty(2) == 1)
            let summary = try await engine.catchUp { report in progress.update(events: report.events, bytes: 0) }
            progress.finish()
            for rebuild in summary.rebuilds { RebuildCommand.report(rebuild) }
            StandardError.write(
                "projected \(summary.events) events into PostgreSQL (schema \(location.schema), node \(location.nodeID)) in "
                + "\(summary.batches) batches, \(format(summary.seconds, digits: 2)) s "
                + "(\(format(summary.eventsPerSecond, digits: 0)) events/s); every projection is at position \(summary.head)\n")
            if store.verbose { StandardError.write("\(engine.statementsSent) statements sent to PostgreSQL\n") }
            if follow {
                StandardError.write("following the log (Ctrl-C to stop)\n")
                try await engine.follow { events, head in
                    if store.verbose { StandardError.write("applied \(events) events; head \(head)\n") }
                }
            }
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
    }
}

struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild projections from position 0 while the current tables keep answering queries.",
        discussion: """
            The log is folded into a shadow database (projections.rebuild.sqlite), then the rebuilt \
            tables replace the live ones in one transaction: readers see the old tables until it \
            commits and the new ones after. An interrupted rebuild leaves the old tables as they were.

            With --postgres, the shadow is a schema (<schema>_rebuild) filled with COPY, indexed \
            after the load, and swapped in by renaming the schemas in one transaction.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Rebuild only this projection (repeatable); all when absent.", valueName: "name"))
    var projection: [String] = []

    @OptionGroup var store: StoreOptions
    @OptionGroup var postgres: PostgresOptions

    func run() async throws {
        do {
            if let location = try postgres.location() {
                guard projection.isEmpty else {
                    throw ValidationError("--projection is not available with --postgres: a PostgreSQL rebuild folds every projection")
                }
                let engine = try await PostgresProjectionEngine.open(
                    location: location, reader: LogReader.open(directory: store.directory), logger: store.logger())
                do {
                    let progress = Progress(enabled: isatty(2) == 1)
                    let summary = try await engine.rebuild { report in progress.update(events: report.events, bytes: 0) }
                    progress.finish()
                    Self.report(summary)
                } catch {
                    await engine.close()
                    throw error
                }
                await engine.close()
                return
            }
            let engine = try ProjectionEngine(reader: LogReader.open(directory: store.directory), logger: store.logger())
            let progress = Progress(enabled: isatty(2) == 1)
            let summary = try engine.rebuild(names: projection.isEmpty ? nil : projection) { report in
                progress.update(events: report.events, bytes: 0)
            }
            progress.finish()
            Self.report(summary)
        } catch {
            throw fail(error)
        }
    }

    static func report(_ summary: RebuildSummary) {
        StandardError.write(
            "rebuilt \(summary.projectors.joined(separator: ", ")) from \(summary.events) events in \(format(summary.seconds, digits: 2)) s "
            + "(\(format(summary.eventsPerSecond, digits: 0)) events/s; load \(format(summary.loadSeconds, digits: 2)) s, "
            + "copy, index and swap \(format(summary.swapSeconds, digits: 2)) s)\n")
    }
}
