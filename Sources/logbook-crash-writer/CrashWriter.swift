import ArgumentParser

/// Crash testing for the log: `write` is a writer that reports every acknowledgement as it
/// happens; `loop` kills such writers again and again and checks, after each kill, that
/// nothing they acknowledged was lost.
@main
struct CrashWriter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logbook-crash-writer",
        abstract: "Kill writers mid-append, reopen, and check that nothing acknowledged is lost.",
        subcommands: [LoopCommand.self, WriteCommand.self],
        defaultSubcommand: LoopCommand.self
    )
}
