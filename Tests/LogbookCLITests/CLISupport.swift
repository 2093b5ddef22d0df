import Foundation
import LogbookTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `logbook` binary, run as a user would run it.
enum CLI {
    static let path: String = {
        // A child that exits early must not take the test process down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return ChildProcess.executable("logbook")
    }()

    /// Runs `logbook` with `arguments` and waits for it.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(path, arguments, stdin: stdin, environment: environment)
    }
}

/// A store in a fresh temporary directory, removed with the value.
final class TestStore: Sendable {
    let temporary: TemporaryDirectory
    /// The store directory itself (created by the first writer).
    let path: String

    init(_ label: String = "logbook-cli") {
        temporary = TemporaryDirectory(label)
        path = temporary.appending("store")
    }

    /// A file beside the store.
    func file(_ name: String) -> String { temporary.appending(name) }

    /// Runs `logbook <subcommand> <arguments> --store <path>`.
    func run(_ subcommand: String, _ arguments: [String] = [], stdin: Data? = nil) throws -> ChildProcess.Outcome {
        try CLI.run([subcommand] + arguments + ["--store", path], stdin: stdin)
    }

    /// Runs a command that must succeed, and returns its stdout.
    @discardableResult
    func succeed(_ subcommand: String, _ arguments: [String] = [], stdin: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try run(subcommand, arguments, stdin: stdin)
        #expect(outcome.status == 0, "logbook \(subcommand) \(arguments.joined(separator: " ")) failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// Every stored event, through `logbook read`.
    func readAll(_ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [OutputEvent] {
        try OutputEvent.parseLines(succeed("read", arguments, sourceLocation: sourceLocation))
    }

    /// `logbook stats --json`, parsed.
    func stats(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let text = try succeed("stats", ["--json"], sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "stats --json printed \(text)")
    }
}

/// One event as `logbook read` prints it.
struct OutputEvent: Sendable, Equatable {
    var position: UInt64
    var id: String
    var eventType: String
    var sessionID: String?
    var sessionSeq: UInt64?
    var traceID: String
    var timestampMs: Int64
    var recordedAtMs: Int64
    /// The payload exactly as printed.
    var payload: String
    var line: String

    init(line: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
        let raw = try RawJSON.fields(line)
        self.line = line
        position = try #require((object["position"] as? NSNumber)?.uint64Value, "no position in \(line)")
        id = try #require(object["id"] as? String)
        eventType = try #require(object["event_type"] as? String)
        sessionID = object["session_id"] as? String
        sessionSeq = (object["session_seq"] as? NSNumber)?.uint64Value
        traceID = try #require(object["trace_id"] as? String)
        timestampMs = try #require((object["timestamp_ms"] as? NSNumber)?.int64Value)
        recordedAtMs = try #require((object["recorded_at_ms"] as? NSNumber)?.int64Value, "no recorded_at_ms in \(line)")
        payload = try #require(raw["payload"], "no payload in \(line)")
    }

    static func parseLines(_ text: String) throws -> [OutputEvent] {
        try text.split(separator: "\n", omittingEmptySubsequences: true).map { try OutputEvent(line: String($0)) }
    }
}

/// One line of the input JSONL, with its fields as raw text.
struct InputEvent: Sendable {
    var id: String
    var eventType: String
    var sessionID: String?
    var traceID: String
    var payload: String
    var line: String

    init(line: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let raw = try RawJSON.fields(line)
        self.line = line
        id = try #require(object["id"] as? String)
        eventType = try #require(object["event_type"] as? String)
        sessionID = object["session_id"] as? String
        traceID = try #require(object["trace_id"] as? String)
        payload = try #require(raw["payload"])
    }
}

/// Splits a JSON object into its top-level members, each value as the exact text it has
/// in the line, so payload bytes can be compared without re-encoding them.
enum RawJSON {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func fields(_ line: String) throws -> [String: String] {
        let bytes = Array(line.utf8)
        var index = 0
        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else {
                throw Malformed(description: "expected '\(Character(UnicodeScalar(byte)))' at byte \(index) of \(line)")
            }
            index += 1
        }
        /// Moves past the string starting at `index` (on its opening quote).
        func skipString() throws {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""): index += 1; return
                default: index += 1
                }
            }
            throw Malformed(description: "unterminated string in \(line)")
        }
        /// Moves past one value and returns its text.
        func value() throws -> String {
            skipSpace()
            let start = index
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    try skipString()
                    continue
                }
                if depth == 0 && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}")) {
                    return String(decoding: bytes[start..<index], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
                index += 1
            }
            throw Malformed(description: "truncated value in \(line)")
        }

        var fields: [String: String] = [:]
        try expect(UInt8(ascii: "{"))
        while true {
            skipSpace()
            let keyStart = index
            try skipString()
            let key = String(decoding: bytes[(keyStart + 1)..<(index - 1)], as: UTF8.self)
            try expect(UInt8(ascii: ":"))
            fields[key] = try value()
            skipSpace()
            guard index < bytes.count else { throw Malformed(description: "truncated object in \(line)") }
            if bytes[index] == UInt8(ascii: "}") { break }
            try expect(UInt8(ascii: ","))
        }
        return fields
    }
}

/// A `logbook` child that keeps running while the test talks to it: its stdin stays open
/// until `closeInput()`, and its output is collected as it arrives.
final class RunningLogbook: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var stdoutData = Data()
    private var stderrData = Data()
    private let readersDone = DispatchGroup()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.path)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        collect(output.fileHandleForReading) { data in self.stdoutData.append(data) }
        collect(errors.fileHandleForReading) { data in self.stderrData.append(data) }
    }

    private func collect(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        readersDone.enter()
        Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                self.lock.withLock { append(data) }
            }
            self.readersDone.leave()
        }.start()
    }

    var stdout: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }
    var isRunning: Bool { process.isRunning }

    /// Complete lines printed so far.
    var stdoutLines: [String] {
        let text = stdout
        guard let lastNewline = text.lastIndex(of: "\n") else { return [] }
        return text[..<lastNewline].split(separator: "\n").map(String.init)
    }

    func write(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// Waits for the child to exit by itself; nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32? {
        guard try await eventually(timeout: timeout, { !self.process.isRunning }) else { return nil }
        process.waitUntilExit()
        readersDone.wait()
        return process.terminationStatus
    }

    /// Stops the child (SIGTERM) if it still runs and waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        readersDone.wait()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(25))
    }
    return try condition()
}

/// A generated workload written to a file beside a store.
struct Sample {
    var path: String
    var lines: [String]
    var events: [InputEvent]

    /// Generates `sessions` sessions with `logbook generate` into `name` beside `store`.
    static func generate(sessions: Int, seed: UInt64 = 7, in store: TestStore, name: String = "sample.jsonl") throws -> Sample {
        let outcome = try CLI.run(["generate", "--sessions", "\(sessions)", "--seed", "\(seed)"])
        #expect(outcome.status == 0, "logbook generate failed: \(outcome.stderr)")
        let path = store.file(name)
        try Data(outcome.stdout.utf8).write(to: URL(fileURLWithPath: path))
        return try Sample(path: path, text: outcome.stdout)
    }

    /// Writes `lines` (one event each) into `name` beside `store`.
    static func write(_ lines: [String], in store: TestStore, name: String) throws -> Sample {
        let text = lines.map { $0 + "\n" }.joined()
        let path = store.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try Sample(path: path, text: text)
    }

    private init(path: String, text: String) throws {
        self.path = path
        lines = text.split(separator: "\n").map(String.init)
        events = try lines.map(InputEvent.init(line:))
    }

    var sessionIDs: Set<String> { Set(events.compactMap(\.sessionID)) }
    var traceIDs: Set<String> { Set(events.map(\.traceID)) }

    /// The session with the most events.
    var busiestSession: String {
        Dictionary(grouping: events.compactMap(\.sessionID), by: { $0 }).max { $0.value.count < $1.value.count }!.key
    }
}

/// The number in an ingest summary: "Ingested N events ...".
func ingestedCount(_ summary: String) -> Int? {
    guard let match = summary.firstMatch(of: /Ingested (\d+) events/) else { return nil }
    return Int(match.1)
}

/// The number in "...; N already stored (same id), skipped".
func alreadyStoredCount(_ summary: String) -> Int? {
    guard let match = summary.firstMatch(of: /(\d+) already stored/) else { return nil }
    return Int(match.1)
}
