import ArgumentParser
import LogbookWorkload

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic multi-agent workload as JSONL to stdout.",
        discussion: """
            Agents register, then sessions interleave: messages, runs that complete or fail, \
            LLM calls with tokens and costs, tool calls and results, retrieved documents, \
            checkpoints. The same seed gives the same bytes.

            Example:  logbook generate --sessions 2000 --seed 7 > workload.jsonl
            """
    )

    @Option(help: "How many sessions to generate.")
    var sessions: Int

    @Option(help: "The seed of the generator.")
    var seed: UInt64 = 1

    func validate() throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be at least 1") }
    }

    func run() {
        var generator = WorkloadGenerator(sessions: sessions, seed: seed)
        var output = StandardOutput()
        var line: [UInt8] = []
        while !output.closed, generator.nextLine(into: &line) {
            output.write(line)
            line.removeAll(keepingCapacity: true)
        }
        output.flush()
    }
}
