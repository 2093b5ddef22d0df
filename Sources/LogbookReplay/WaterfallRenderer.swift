/// Renders a trace as an indented text waterfall: one row per step with its offset from
/// the run's start, its duration, a bar placed on the run's time axis, and the step
/// indented under its execution, with tokens and cost where it has them.
public struct WaterfallRenderer: Sendable {
    /// Columns of the time bar.
    public var barWidth: Int

    public init(barWidth: Int = 32) {
        self.barWidth = barWidth
    }

    public func render(_ waterfall: TraceWaterfall) -> String {
        var out = "Trace \(waterfall.traceID)"
        if let run = waterfall.run {
            out += "  run \(run.runName ?? run.agentName ?? "") · \(run.status.rawValue)"
            if let agent = run.agentName, run.runName != nil { out += " · agent \(agent)" }
        }
        out += " · \(DisplayFormat.duration(waterfall.durationMs)) · \(DisplayFormat.plural(waterfall.eventCount, "event"))\n"
        if !waterfall.sessionIDs.isEmpty { out += "  session \(waterfall.sessionIDs.map(\.description).joined(separator: ", "))\n" }
        out += "  started \(DisplayFormat.instant(waterfall.startMs))"
        if case .position(let position) = waterfall.point { out += " · as of position \(position)" }
        if case .recordedAt(let time) = waterfall.point { out += " · as of \(DisplayFormat.instant(time)) (store clock)" }
        out += "\n"
        if let run = waterfall.run {
            if let objective = run.objective { out += "  objective: \(objective.excerpt(150))\n" }
            if let output = run.finalOutput { out += "  output: \(output.text.excerpt(150))\n" }
            if let error = run.errorMessage { out += "  error: \(error)\n" }
        }
        out += "  usage: \(DisplayFormat.usage(waterfall.usage))\n\n"
        out += "  " + "offset".padding(toLength: 12, withPad: " ", startingAt: 0)
            + "duration".padding(toLength: 12, withPad: " ", startingAt: 0)
            + "|" + String(repeating: " ", count: barWidth) + "| step\n"
        for step in waterfall.steps {
            out += "  " + signed(step.offsetMs).padding(toLength: 12, withPad: " ", startingAt: 0)
            out += (step.durationMs.map(DisplayFormat.duration) ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
            out += "|" + bar(step, span: waterfall.durationMs) + "| "
            out += String(repeating: "  ", count: step.depth) + describe(step) + "\n"
        }
        for warning in waterfall.warnings { out += "  warning: \(warning)\n" }
        return out
    }

    private func describe(_ step: TraceStep) -> String {
        var text = step.name == step.kind.rawValue ? step.name : "\(step.kind.rawValue) \(step.name)"
        if let status = step.status { text += " \(status)" }
        if let usage = step.usage, usage.llmCalls > 0 {
            text += " · in \(DisplayFormat.count(usage.inputTokens)) out \(DisplayFormat.count(usage.outputTokens))"
            if usage.callsWithCost > 0 { text += " \(DisplayFormat.dollars(usage.knownCostUSD))" }
            if usage.callsWithoutCost > 0 { text += usage.callsWithCost > 0 ? " (+\(usage.callsWithoutCost) unpriced)" : " cost unknown" }
        }
        if let detail = step.detail, !detail.isEmpty { text += " · \(detail.excerpt(80))" }
        return text
    }

    /// The step on the time axis: `█` for its extent, `▏` for an instant or a step of unknown length.
    private func bar(_ step: TraceStep, span: Int64) -> String {
        let scale = Double(barWidth) / Double(max(span, 1))
        let start = cell(Double(step.offsetMs) * scale)
        var cells = Array(repeating: " ", count: barWidth)
        if let duration = step.durationMs, duration > 0 {
            let length = max(1, Int(min((Double(duration) * scale).rounded(), Double(barWidth))))
            for column in start..<min(barWidth, start + length) { cells[column] = "█" }
        } else {
            cells[start] = "▏"
        }
        return cells.joined()
    }

    /// A column of the bar, held within it whatever the step's times (which come from clients).
    private func cell(_ column: Double) -> Int {
        guard column.isFinite else { return column > 0 ? barWidth - 1 : 0 }
        return Int(min(max(column, 0), Double(barWidth - 1)))
    }

    private func signed(_ ms: Int64) -> String {
        (ms < 0 ? "-" : "+") + DisplayFormat.duration(ms.saturatingMagnitude)
    }
}
