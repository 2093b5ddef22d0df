import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// A real full disk, not an injected ENOSPC: a small ext4 file system on a loop device.
/// Appends stop at a batch boundary with a clear error while rolls and seals hit the full
/// disk too; everything acknowledged stays readable, `verify` is clean, the log reopens with
/// no more free space than it had; once the file system grows, the interrupted seals finish
/// and a re-ingest stores the rest, each event once.
@Suite(.serialized) struct FullDiskTests {
    /// Runs a command; its exit status and output.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A mounted ext4 of `megabytes` on a loop device, or why there cannot be one here.
    final class SmallFileSystem {
        let image: String
        let mountPoint: String
        let device: String
        private let scratch = TemporaryDirectory("fulldisk")

        init(megabytes: Int) throws(SkipReason) {
            image = scratch.appending("disk.img")
            mountPoint = scratch.appending("mnt")
            try? FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            guard getuid() == 0 else { throw SkipReason("not root: losetup and mount need root") }
            for step in [["truncate", "-s", "\(megabytes)M", image], ["mkfs.ext4", "-q", "-F", "-m", "0", image]] {
                let result = FullDiskTests.run(step)
                guard result.status == 0 else { throw SkipReason("\(step[0]) failed: \(result.output)") }
            }
            let attach = FullDiskTests.run(["losetup", "-f", "--show", image])
            guard attach.status == 0 else { throw SkipReason("losetup refused: \(attach.output)") }
            device = attach.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let mount = FullDiskTests.run(["mount", device, mountPoint])
            guard mount.status == 0 else {
                _ = FullDiskTests.run(["losetup", "-d", device])
                throw SkipReason("mount refused: \(mount.output)")
            }
        }

        /// Grows the file system (unmounted: online resizing may be refused in a sandbox).
        func grow(to megabytes: Int) {
            // The threads of a closed log may let go of their descriptors a moment later.
            for _ in 0..<50 where FullDiskTests.run(["umount", mountPoint]).status != 0 { usleep(100_000) }
            for step in [
                ["truncate", "-s", "\(megabytes)M", image], ["losetup", "-c", device],
                ["e2fsck", "-f", "-y", device], ["resize2fs", device], ["mount", device, mountPoint],
            ] {
                let result = FullDiskTests.run(step)
                #expect(result.status == 0, "\(step.joined(separator: " ")): \(result.output)")
            }
        }

        deinit {
            _ = FullDiskTests.run(["umount", mountPoint])
            _ = FullDiskTests.run(["losetup", "-d", device])
        }
    }

    struct SkipReason: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func draft(_ index: Int) -> EventDraft {
        var draft = Workload.draft(session: LogUUID(high: 3, low: UInt64(index % 16)), text: "event \(index)")
        // Incompressible-ish text, so sealed segments are not much smaller than active ones.
        var state = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 | 1
        let text = (0..<3000).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(ascii: "a") + UInt8(state % 26)
        }
        draft.payload = Array(#"{"role":"user","content":""#.utf8) + text + Array(#""}"#.utf8)
        return draft
    }

    @Test func aFullDiskStopsAtABatchBoundaryAndLosesNothing() async throws {
        let disk: SmallFileSystem
        do {
            disk = try SmallFileSystem(megabytes: 24)
        } catch {
            print("full-disk test skipped: \(error)")
            return
        }
        let store = disk.mountPoint + "/logbook"
        let drafts = (0..<12_000).map(Self.draft)
        var acknowledged = 0
        var failure: LogbookError?
        do {
            let log = try EventLog.open(directory: store, options: TestLog.options(segmentBytes: 512 << 10), logger: TestLog.logger)
            for start in stride(from: 0, to: drafts.count, by: 50) {
                do {
                    try await log.append(Array(drafts[start..<min(start + 50, drafts.count)]))
                    acknowledged = min(start + 50, drafts.count)
                } catch {
                    failure = error
                    break
                }
            }
            let error = try #require(failure, "24 MB held all \(drafts.count) events")
            #expect(error.code == .io && error.errno == 28, "\(error)")
            #expect(error.message.contains("disk full"), "\(error.message)")
            #expect(acknowledged > 1000)
            #expect(try log.reader.read().map(\.draft) == Array(drafts.prefix(acknowledged)))
            log.close()
        }
        print("full disk: \(acknowledged) events acknowledged before: \(failure!.message)")
        let report = try LogVerifier(directory: store).verify()
        #expect(report.isClean, "\(report.issues)")
        // A restart while the disk is still full.
        do {
            let reopened = try EventLog.open(directory: store, options: TestLog.options(segmentBytes: 512 << 10), logger: TestLog.logger)
            #expect(try reopened.reader.read().map(\.draft) == Array(drafts.prefix(acknowledged)))
            reopened.close()
        }
        disk.grow(to: 160)
        let grown = try EventLog.open(directory: store, options: TestLog.options(segmentBytes: 512 << 10), logger: TestLog.logger)
        var duplicates = 0
        for start in stride(from: 0, to: drafts.count, by: 50) {
            let result = try await grown.append(Array(drafts[start..<min(start + 50, drafts.count)]))
            duplicates += result.duplicateCount
        }
        #expect(duplicates == acknowledged)
        let all = try grown.reader.read()
        #expect(all.map(\.draft) == drafts, "each event once, in order")
        grown.close()
        let kinds = try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.hasSuffix(".seg") }.sorted().map { try SegmentCatalog.kind(of: store + "/" + $0, io: SystemIO()) }
        #expect(kinds.dropLast().allSatisfy { $0 == .sealed }, "interrupted seals finish: \(kinds)")
        #expect(try LogVerifier(directory: store).verify().isClean)
    }
}
