import Foundation
import LogbookBench
import LogbookCore
import LogbookTestSupport
import Logging
import Testing

/// The bench on a tiny workload: every row is there, rates are positive, ratios are what the
/// rates say, and the JSON carries the same. No timing is asserted.
@Suite(.serialized) struct BenchReportTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// One bench run on 2,000 events, shared by the tests of this suite.
    static let tinyRun: Result<BenchReport, BenchError> = {
        let directory = TemporaryDirectory("bench")
        var configuration = BenchConfiguration(logger: logger)
        configuration.events = 2000
        configuration.runs = 1
        configuration.sessionSamples = 20
        configuration.scatteredEvents = 5_000
        configuration.scatteredSessionEvents = 100
        configuration.scatteredReads = 3
        configuration.scratchParent = directory.path
        return Result { () throws(BenchError) in try BenchRunner(configuration: configuration).run() }
    }()

    @Test func everySectionAndRowIsThere() throws {
        let report = try Self.tinyRun.get()
        #expect(report.workload.events == 2000)
        #expect(report.workload.jsonlBytes > 2000 * 100)
        #expect(report.sections.map(\.id) == ["ingest", "replay_full", "replay_session", "replay_scattered", "rebuild"])
        #expect(report.section("ingest")?.rows.map(\.id) == ["logbook", "sqlite", "bare_loop"])
        #expect(report.section("replay_full")?.rows.map(\.id) == ["logbook", "sqlite"])
        #expect(report.section("replay_session")?.rows.map(\.id) == ["logbook", "sqlite", "logbook_active"])
        #expect(report.section("replay_scattered")?.rows.map(\.id) == ["logbook", "sqlite", "logbook_first", "sqlite_first"])
    }

    @Test func ratesArePositiveAndRatiosFollowFromThem() throws {
        let report = try Self.tinyRun.get()
        for section in report.sections where section.available {
            for row in section.rows {
                let rate = try #require(row.eventsPerSecond, "\(section.id)/\(row.id)")
                #expect(rate.median > 0 && rate.min > 0 && rate.min <= rate.median && rate.median <= rate.max)
                #expect((row.megabytesPerSecond?.median ?? 0) > 0)
                #expect((row.peakRSSBytes ?? 0) > 0)
                // events/s over MB/s is the workload's events per MB, whatever the subject.
                let perMegabyte = rate.median / row.megabytesPerSecond!.median
                let expected = Double(report.workload.events) / (Double(report.workload.jsonlBytes) / 1_048_576)
                if !section.id.hasPrefix("replay_s") { #expect(abs(perMegabyte / expected - 1) < 1e-9) }
            }
            #expect(!section.ratios.isEmpty)
            for ratio in section.ratios {
                let top = try #require(section.row(ratio.numerator)?.value(of: ratio.metric))
                let bottom = try #require(section.row(ratio.denominator)?.value(of: ratio.metric))
                #expect(abs(ratio.value - top / bottom) <= 1e-9 * ratio.value)
                if let target = ratio.target {
                    #expect(ratio.meetsTarget == (ratio.higherIsBetter ? ratio.value >= target : ratio.value <= target))
                }
            }
        }
        let ingest = try #require(report.section("ingest"))
        for row in ingest.rows {
            #expect((row.bytesOnDiskPerEvent ?? 0) > 0)
        }
        #expect(ingest.row("bare_loop")?.bytesOnDisk == report.workload.jsonlBytes)
        #expect(Set(ingest.ratios.map(\.metric)) == [.eventsPerSecond, .megabytesPerSecond, .bytesOnDiskPerEvent])
        for id in ["replay_session", "replay_scattered"] {
            let session = try #require(report.section(id))
            #expect(session.rows.allSatisfy { ($0.latencyMs?.median ?? 0) > 0 && ($0.latencyP99Ms?.median ?? 0) >= $0.latencyMs!.median })
        }
    }

    @Test("every target is in the targets table, with its two figures, ratio and whether it is met; --json carries them")
    func targetsTable() throws {
        let report = try Self.tinyRun.get()
        #expect(report.targets.map(\.measurement) == [
            "durable ingest, events/s", "ingest MB/s against the bare pwrite + fdatasync loop", "bytes on disk per event",
            "full replay, events/s", "one session at a time, p50", "one session at a time, p99",
            "a 100-event session scattered through a 5,100-event log, p50", "a 100-event session scattered through a 5,100-event log, p99",
            "rebuild of the read models, events/s, against the naive SQLite ingest",
        ])
        #expect(report.targets.map(\.target) == [20, 0.7, 0.35, 5, 1, 1, 1, 1, 6])
        for target in report.targets {
            #expect(abs(target.ratio - target.logbook / target.baseline) <= 1e-9 * target.ratio)
            #expect(target.met == (target.higherIsBetter ? target.ratio >= target.target : target.ratio <= target.target))
        }
        let lines = report.table().split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex(of: "TARGETS"))
        let rows = lines[(heading + 3)...]
        #expect(rows.count == report.targets.count)
        for (line, target) in zip(rows, report.targets) {
            #expect(line.hasPrefix("  " + target.measurement))
            #expect(line.hasSuffix(target.met ? " met" : " MISSED"))
            #expect(line.contains(Format.ratio(target.ratio)) && line.contains(Format.ratio(target.target)))
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.map { $0["measurement"] as? String } == report.targets.map(\.measurement))
        #expect(targets.map { $0["met"] as? Bool } == report.targets.map(\.met))
        #expect(zip(targets, report.targets).allSatisfy { abs(($0["ratio"] as? Double ?? 0) - $1.ratio) <= 1e-12 * $1.ratio })
    }

    @Test func rebuildStandsBesideTheNaiveIngestRate() throws {
        let report = try Self.tinyRun.get()
        let rebuild = try #require(report.section("rebuild"))
        #expect(rebuild.available)
        #expect(rebuild.rows.map(\.id) == ["logbook", "sqlite"])
        #expect(rebuild.row("sqlite")?.eventsPerSecond?.median == report.section("ingest")?.row("sqlite")?.eventsPerSecond?.median)
        #expect(rebuild.ratios.map(\.target) == [6])
    }

    @Test func tableHasARowPerSubjectAndTheRatios() throws {
        let report = try Self.tinyRun.get()
        let table = report.table()
        for heading in ["INGEST", "REPLAY: FULL LOG SCAN", "REPLAY: ONE SESSION AT A TIME", "REPLAY: ONE SESSION SCATTERED THROUGH A LARGE LOG", "REBUILD", "TARGETS"] {
            #expect(table.contains(heading), "missing \(heading)")
        }
        let lines = table.split(separator: "\n")
        let figureLines = lines.filter { !$0.contains(" / ") }
        #expect(figureLines.filter { $0.hasPrefix("  Logbook ") }.count == 5)
        #expect(figureLines.filter { $0.hasPrefix("  SQLite events table ") }.count == 5)
        #expect(figureLines.filter { $0.hasPrefix("  bare append loop ") }.count == 1)
        #expect(figureLines.filter { $0.hasPrefix("  Logbook, active segment ") }.count == 1)
        #expect(figureLines.filter { $0.hasPrefix("  Logbook, first read ") }.count == 1)
        #expect(table.contains("synchronous=FULL"))
        let ratioLines = lines.filter { $0.hasPrefix("  Logbook") && $0.contains(" / ") }
        #expect(ratioLines.count == report.sections.reduce(0) { $0 + $1.ratios.count })
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let report = try Self.tinyRun.get()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "bench")
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["ingest", "replay_full", "replay_session", "replay_scattered", "rebuild"])
        let ingestRows = try #require(sections[0]["rows"] as? [[String: Any]])
        let logbook = try #require(ingestRows.first { $0["id"] as? String == "logbook" })
        let rate = try #require(logbook["events_per_second"] as? [String: Any])
        let median = try #require(report.section("ingest")?.row("logbook")?.eventsPerSecond?.median)
        #expect(abs((rate["median"] as? Double ?? 0) / median - 1) < 1e-12)
        #expect(logbook["peak_rss_bytes"] as? Int == report.section("ingest")?.row("logbook")?.peakRSSBytes)
        let ratios = try #require(sections[0]["ratios"] as? [[String: Any]])
        #expect(ratios.count == 3)
        #expect(ratios.allSatisfy { ($0["value"] as? Double ?? 0) > 0 })
        #expect(sections[4]["available"] as? Bool == true)
    }
}
