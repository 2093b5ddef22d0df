#if canImport(Glibc)
import Glibc
#endif

/// What `LogVerifier` found.
public struct VerifyReport: Sendable {
    /// One problem, located to the file and byte.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var offset: Int
        public var message: String

        public var description: String { "\(file): byte \(offset): \(message)" }
    }

    /// Bytes at the end of the active segment past what was acknowledged: a batch a crash cut
    /// short, or one a running writer is still writing. Not damage: the next writer cuts them.
    public struct Pending: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var offset: Int
        public var bytes: Int

        public var description: String {
            "pending recovery (not acknowledged): \(bytes) bytes at byte \(offset) of \(file); the next writer cuts them"
        }
    }

    public var issues: [Issue] = []
    public var pending: [Pending] = []
    public var segmentsChecked = 0
    public var eventsChecked: UInt64 = 0
    public var bytesChecked = 0

    public var isClean: Bool { issues.isEmpty }
}

/// Checks every byte of a log: segment headers, batch checksums of the active segment,
/// the whole-file checksum, every block and every footer section of the sealed segments,
/// that positions run on without gaps from one segment to the next, and the session and
/// trace directories. It only reads; it can run while a writer appends.
public struct LogVerifier {
    public let directory: String
    public let io: SystemIO

    public init(directory: String, io: SystemIO = SystemIO()) {
        self.directory = directory
        self.io = io
    }

    public func verify(progress: (Int, Int) -> Void = { _, _ in }) throws(LogbookError) -> VerifyReport {
        var report = VerifyReport()
        let names = try io.listDirectory(directory)
        let bases = names.compactMap(SegmentName.base(of:)).sorted()
        // Not through a reader: its segment list would throw on the first damaged header.
        let limit = LogReader.visibilityLimit(directory: directory, io: io)
        let writerRunning = DirectoryLock.isHeld(directory: directory, io: io)
        var expected: UInt64 = 0
        var lastSealedEnd: UInt64 = 0
        for (number, base) in bases.enumerated() {
            progress(number, bases.count)
            let name = SegmentName.fileName(base: base)
            let path = joinPath(directory, name)
            if base != expected {
                report.issues.append(.init(file: name, offset: 0, message: "starts at position \(base), but the segment before it ends at \(expected): events \(min(base, expected))..<\(max(base, expected)) are missing or doubled"))
            }
            // Kind and scan from one descriptor: a running sealer may rename over the path.
            let file: LogFile
            let kind: SegmentHeader.Kind
            do {
                file = try LogFile(path: path, flags: O_RDONLY, io: io)
                kind = try SegmentCatalog.kind(of: file)
            } catch {
                report.issues.append(.init(file: name, offset: 0, message: error.detail ?? error.message))
                expected = base
                continue
            }
            report.segmentsChecked += 1
            switch kind {
            case .sealed:
                let end = verifySealed(path: path, name: name, base: base, report: &report)
                expected = end ?? base
                lastSealedEnd = expected
            case .active:
                var index = ActiveSegmentIndex(basePosition: base)
                let stop = try index.scan(file, limit: limit)
                if case .invalid(let offset, let reason) = stop {
                    let size = try file.size()
                    let valid = try ActiveSegmentIndex.validFrame(in: file, after: offset)
                    if number == bases.count - 1, isPending(offset: offset, position: index.nextPosition, base: base, limit: limit, validFollows: valid != nil) {
                        report.pending.append(.init(file: name, offset: offset, bytes: size - offset))
                    } else {
                        let advice = valid.map { valid in
                            "valid batches follow at byte \(valid), so the writer will not open the log: `logbook verify --repair` cuts the tail here, dropping them"
                        } ?? "below the recovery checkpoint, so these bytes were acknowledged: the writer will not open the log; `logbook verify --repair` cuts the tail here"
                        report.issues.append(.init(file: name, offset: offset, message: "\(reason) (\(size - offset) bytes from here to the end); \(advice)"))
                    }
                }
                report.eventsChecked += UInt64(index.eventCount)
                report.bytesChecked += index.scannedEnd
                expected = index.nextPosition
            }
        }
        for name in [StreamFiles.sessions, StreamFiles.traces] {
            do {
                let directoryFile = try StreamDirectory.open(path: joinPath(self.directory, name), io: io, verify: true)
                // A running writer may have sealed a segment since it was checked here.
                if directoryFile.coveredEnd > lastSealedEnd, !writerRunning {
                    report.issues.append(.init(file: name, offset: 0, message: "covers up to position \(directoryFile.coveredEnd), past the sealed segments' end \(lastSealedEnd)"))
                }
            } catch {
                report.issues.append(.init(file: name, offset: 0, message: "\(error.detail ?? error.message) (derived data: the writer rebuilds it when it opens the log)"))
            }
        }
        progress(bases.count, bases.count)
        return report
    }

    /// Whether bytes that are not a valid batch, at `offset` of the active segment, were never
    /// acknowledged: past the head a running writer published, or — with no writer — what
    /// opening would cut as a torn write (past the checkpoint, and no valid batch after them
    /// unless the writer acknowledged before syncing: then nothing there was promised durable).
    private func isPending(offset: Int, position: UInt64, base: UInt64, limit: UInt64, validFollows: Bool) -> Bool {
        if position >= limit { return true }
        guard let checkpoint = Checkpoint.read(directory: directory, io: io) else { return !validFollows }
        return offset >= checkpoint.verifiedEnd(ofSegment: base) && (!validFollows || checkpoint.acknowledgesBeforeSync)
    }

    /// Checks a sealed segment end to end; returns its end position when its trailer is readable.
    private func verifySealed(path: String, name: String, base: UInt64, report: inout VerifyReport) -> UInt64? {
        func issue(_ offset: Int, _ message: String) {
            report.issues.append(.init(file: name, offset: offset, message: message))
        }
        let segment: SealedSegment
        do {
            segment = try SealedSegment(path: path, io: io)
        } catch {
            issue(0, error.detail ?? error.message)
            return nil
        }
        do {
            let size = try segment.file.size()
            let trailerStart = size - SealedTrailer.size
            var crc: UInt32 = 0
            var offset = 0
            while offset < trailerStart {
                let chunk = try segment.file.read(count: min(1 << 20, trailerStart - offset), at: offset)
                crc = CRC32C.checksum(chunk, extending: crc)
                offset += chunk.count
            }
            if crc != segment.trailer.fileCRC { issue(0, "whole-file checksum mismatch (the blocks and sections below locate the damage)") }
            report.bytesChecked += size
            for section in SealedTrailer.Section.allCases {
                do {
                    _ = try segment.checkedSection(section)
                } catch {
                    issue(segment.trailer[section].offset, "footer section '\(section)' fails its checksum")
                }
            }
            var position = base
            for block in segment.blocks {
                if block.firstPosition != position { issue(block.offset, "block starts at position \(block.firstPosition), expected \(position)") }
                do {
                    let records = try segment.blockRecords(block)
                    let parsed = RecordCodec.count(in: records) ?? -1
                    if parsed != block.count { issue(block.offset, "block holds \(parsed < 0 ? "unparseable records" : "\(parsed) records"), its index says \(block.count)") }
                } catch {
                    issue(block.offset, error.detail ?? error.message)
                }
                position = block.firstPosition + UInt64(block.count)
                report.eventsChecked += UInt64(block.count)
            }
            if position != segment.endPosition { issue(trailerStart, "blocks end at position \(position), the trailer says \(segment.endPosition)") }
        } catch {
            issue(0, error.detail ?? error.message)
        }
        return segment.endPosition
    }
}
