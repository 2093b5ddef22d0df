import LogbookCatalogue

/// Renders a session's context as readable text for a terminal: the header, the whole
/// conversation (or its last messages), then runs, tool calls, documents, usage and errors.
public struct TranscriptRenderer: Sendable {
    /// Show only the last this many messages (all when nil).
    public var lastMessages: Int?

    public init(lastMessages: Int? = nil) {
        self.lastMessages = lastMessages
    }

    public func render(_ context: SessionContext) -> String {
        var out = ""
        header(context, &out)
        conversation(context, &out)
        runs(context, &out)
        toolCalls(context, &out)
        documents(context, &out)
        section("LLM usage", &out)
        out += "  " + DisplayFormat.usage(context.usage) + "\n"
        failures(context, &out)
        if !context.warnings.isEmpty {
            section("Warnings (\(context.warnings.count))", &out)
            for warning in context.warnings { out += "  \(warning)\n" }
        }
        return out
    }

    private func header(_ context: SessionContext, _ out: inout String) {
        out += "Session \(context.sessionID)"
        if let title = context.title { out += "  \"\(title)\"" }
        out += "\n  " + pointText(context)
        out += " · \(DisplayFormat.plural(context.eventCount, "event"))"
        if let last = context.lastPosition { out += " · last position \(last)" }
        out += "\n"
        var people: [String] = []
        if !context.userIDs.isEmpty { people.append("user " + context.userIDs.joined(separator: ", ")) }
        if !context.agentIDs.isEmpty { people.append("agent " + context.agentIDs.joined(separator: ", ")) }
        if let started = context.startedAtMs ?? context.firstTimestampMs { people.append("started \(DisplayFormat.instant(started))") }
        if !people.isEmpty { out += "  " + people.joined(separator: " · ") + "\n" }
    }

    private func pointText(_ context: SessionContext) -> String {
        switch context.point {
        case .latest: return "latest"
        case .position(let position): return "as of position \(position)"
        case .recordedAt(let time): return "as of \(DisplayFormat.instant(time)) (store clock)"
        }
    }

    private func conversation(_ context: SessionContext, _ out: inout String) {
        let shown = context.lastMessages(lastMessages)
        var title = "Conversation (\(DisplayFormat.plural(context.messages.count, "message"))"
        if shown.count < context.messages.count { title += ", the last \(shown.count) shown" }
        if let clear = context.clears.last {
            title += "; cleared at position \(clear.position)"
            if let reason = clear.reason { title += ": \(reason)" }
        }
        section(title + ")", &out)
        let answered = Set(context.messages.compactMap(\.toolCallID))
        let asked = Set(context.messages.flatMap { $0.toolCalls ?? [] }.map(\.id))
        for message in shown {
            var label = message.role ?? message.type ?? "message"
            if let id = message.toolCallID {
                label += " → \(id)"
                if !asked.contains(id) { label += " (no matching tool call in the conversation)" }
            }
            if let name = message.name { label += " [\(name)]" }
            out += "  \(label) · \(DisplayFormat.instant(message.timestampMs)) · position \(message.position)\n"
            let text = MessageText.of(message.payload, toolCalls: false)
            if !text.isEmpty { out += indented(text, by: "    ") }
            for call in message.toolCalls ?? [] {
                out += "    ⇢ call \(call.id) \(call.name)(\(call.arguments.text.excerpt(120)))"
                out += answered.contains(call.id) ? "\n" : "  (no result yet)\n"
            }
        }
    }

    private func runs(_ context: SessionContext, _ out: inout String) {
        guard !context.runs.isEmpty else { return }
        section("Runs (\(context.runs.count))", &out)
        for run in context.runs {
            var line = "  \(mark(run.status)) \(run.status.rawValue)  \(run.runName ?? run.agentName ?? "run") · trace \(run.traceID)"
            if let iterations = run.totalIterations { line += " · \(DisplayFormat.plural(Int(iterations), "iteration"))" }
            if let duration = run.durationMs { line += " · \(DisplayFormat.duration(duration))" }
            if run.startPosition == nil { line += " · (its run.started is not visible)" }
            out += line + "\n"
            if let objective = run.objective { out += "      objective: \(objective.excerpt(150))\n" }
            if run.usage.llmCalls > 0 { out += "      usage: \(DisplayFormat.usage(run.usage))\n" }
            if let output = run.finalOutput { out += "      output: \(output.text.excerpt(150))\n" }
            if let error = run.errorMessage { out += "      error: \(error)\n" }
        }
    }

    private func toolCalls(_ context: SessionContext, _ out: inout String) {
        guard !context.toolCalls.isEmpty else { return }
        let failed = context.toolCalls.count { $0.status == .failed }
        let pending = context.toolCalls.count { $0.status == .pending }
        section("Tool calls (\(context.toolCalls.count): \(failed) failed, \(pending) awaiting a result)", &out)
        for call in context.toolCalls {
            var line = "  \(call.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(call.toolName ?? "(call not visible)") \(call.callID)"
            if let latency = call.latencyMs { line += " · \(DisplayFormat.duration(latency))" }
            out += line + "\n"
            if let arguments = call.arguments { out += "      args: \(arguments.text.excerpt(150))\n" }
            if let error = call.errorMessage {
                out += "      error: \(error)\n"
            } else if let output = call.output {
                out += "      output: \(output.text.excerpt(150))\n"
            }
        }
    }

    private func documents(_ context: SessionContext, _ out: inout String) {
        guard !context.documents.isEmpty else { return }
        section("Documents (\(context.documents.count))", &out)
        for document in context.documents {
            out += "  \"\(document.title)\"" + (document.sourceURL.map { " · \($0)" } ?? "") + " · position \(document.position)\n"
            out += "      \(document.content.text.excerpt(150))\n"
        }
    }

    private func failures(_ context: SessionContext, _ out: inout String) {
        guard !context.errors.isEmpty else { return }
        section("Errors (\(context.errors.count))", &out)
        for failure in context.errors {
            out += "  position \(failure.position) · \(failure.kind.rawValue) · \(failure.subject): \(failure.message)\n"
        }
    }

    private func section(_ title: String, _ out: inout String) {
        out += "\n" + title + "\n"
    }

    private func mark(_ status: RunSummary.Status) -> String {
        switch status {
        case .running: return "…"
        case .completed: return "✓"
        case .failed: return "✗"
        case .cancelled: return "⊘"
        }
    }

    private func indented(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 + "\n" }.joined()
    }
}
