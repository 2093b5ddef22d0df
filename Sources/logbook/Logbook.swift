import ArgumentParser

@main
struct Logbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logbook",
        abstract: "An append-only, event-sourced store for what AI agents do.",
        discussion: """
            Events are appended once to a segmented, checksummed, LZ4-compressed log in the store \
            directory (--store, or LOGBOOK_STORE, or ./logbook-data).

            Try:  logbook generate --sessions 100 | logbook ingest -
                  logbook read --limit 5
                  logbook stats
                  logbook replay --session <id>
            """,
        subcommands: [
            GenerateCommand.self, IngestCommand.self, AppendCommand.self, ReadCommand.self,
            VerifyCommand.self, StatsCommand.self, ReplayCommand.self, ProjectCommand.self, RebuildCommand.self,
            QueryCommand.self, ServeCommand.self, TokenCommand.self, BenchCommand.self,
        ]
    )
}
