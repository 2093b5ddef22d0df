import Foundation

extension BenchReport {
    /// The report as a readable table.
    public func table() -> String {
        var lines: [String] = []
        let workloadLine = "\(Format.count(workload.events)) events, \(Format.megabytes(workload.jsonlBytes)) of JSONL "
            + "(\(Format.perEvent(workload.jsonlBytes, workload.events)) B/event), \(Format.count(workload.sessions)) sessions, seed \(workload.seed)"
        lines.append("logbook bench: \(workloadLine)")
        lines.append("\(runs) run\(runs == 1 ? "" : "s") of each measurement: median [min–max]; MB = 2^20 bytes of JSONL input; ratios on medians")
        lines.append("scratch on \(environment.scratchFileSystem), SQLite \(environment.sqliteVersion), \(environment.processors) processors, \(environment.build) build; page cache \(environment.pageCache)")
        lines.append("peak RSS: \(environment.peakRSS)")
        if environment.build != "release" {
            lines.append("warning: a debug build; build with -c release for figures that mean something")
        }
        for section in sections {
            lines.append("")
            lines.append(section.title.uppercased())
            guard section.available else {
                lines.append("  \(section.note ?? "not available yet")")
                continue
            }
            if let note = section.note { lines.append("  (\(note))") }
            let showsLatency = section.rows.contains { $0.latencyMs != nil }
            let showsDisk = section.rows.contains { $0.bytesOnDiskPerEvent != nil }
            var header = ["", "events/s", "MB/s"]
            if showsLatency { header += ["p50 ms", "p99 ms"] }
            if showsDisk { header.append("disk B/event") }
            header.append("peak RSS")
            var table = TextTable(header: header)
            for row in section.rows {
                var cells = [row.label, Format.spread(row.eventsPerSecond, Format.rate), Format.spread(row.megabytesPerSecond, Format.significant)]
                if showsLatency { cells += [Format.spread(row.latencyMs, Format.milliseconds), Format.spread(row.latencyP99Ms, Format.milliseconds)] }
                if showsDisk { cells.append(row.bytesOnDiskPerEvent.map { String(format: "%.0f", $0) } ?? "-") }
                cells.append(row.peakRSSBytes.map(Format.megabytes) ?? "-")
                table.rows.append(cells)
            }
            lines += table.render(indent: "  ")
            for row in section.rows {
                lines.append("    \(row.label): \(row.setting)")
            }
            for ratio in section.ratios {
                lines.append("  " + ratio.sentence(in: section))
            }
        }
        if !targets.isEmpty {
            lines.append("")
            lines.append("TARGETS")
            lines.append("  (Logbook over its baseline, on medians; \(targets.filter(\.met).count) of \(targets.count) met)")
            var table = TextTable(header: ["measurement", "Logbook", "baseline", "", "ratio", "target", ""])
            for target in targets {
                table.rows.append([
                    target.measurement, target.metric.format(target.logbook), target.metric.format(target.baseline), target.baselineLabel,
                    Format.ratio(target.ratio), "\(target.higherIsBetter ? "≥" : "≤") \(Format.ratio(target.target))", target.met ? "met" : "MISSED",
                ])
            }
            lines += table.render(indent: "  ")
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON (snake_case keys, sorted).
    public func json() throws(BenchError) -> String {
        try encodeJSON(self)
    }
}

extension BenchReport.Ratio {
    /// "Logbook / SQLite events table: 21.3× events/s (target ≥ 20×: met)".
    func sentence(in section: BenchReport.Section) -> String {
        let top = section.row(numerator)?.label ?? numerator
        let bottom = section.row(denominator)?.label ?? denominator
        var text = "\(top) / \(bottom): \(Format.ratio(value)) \(metric.unit)"
        if let target {
            text += " (target \(higherIsBetter ? "≥" : "≤") \(Format.ratio(target)): \(meetsTarget == true ? "met" : "MISSED"))"
        } else {
            text += higherIsBetter ? " (higher is better)" : " (lower is better)"
        }
        return text
    }
}

/// Encodes a report with snake_case keys, sorted, pretty-printed.
func encodeJSON<T: Encodable>(_ value: T) throws(BenchError) -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
        throw BenchError("cannot encode the report: \(error)")
    }
}

extension BenchReport.Metric {
    /// A figure of this metric with its unit: "412k events/s", "0.163 ms".
    func format(_ value: Double) -> String {
        switch self {
        case .eventsPerSecond: Format.rate(value) + " events/s"
        case .megabytesPerSecond: Format.significant(value) + " MB/s"
        case .latencyMs, .latencyP99Ms: Format.milliseconds(value) + " ms"
        case .bytesOnDiskPerEvent: String(format: "%.0f B/event", value)
        }
    }
}
