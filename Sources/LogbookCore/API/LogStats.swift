/// Sizes and counts of a log, for `logbook stats`.
public struct LogStats: Sendable, Equatable {
    public var sealedSegments = 0
    public var activeSegments = 0
    public var events: UInt64 = 0
    public var sessions = 0
    public var traces = 0
    /// Every file of the directory.
    public var bytesOnDisk = 0
    /// Encoded records before compression, over the sealed segments.
    public var sealedRecordBytes = 0
    /// What the sealed segments occupy (compressed blocks and footers).
    public var sealedFileBytes = 0
    public var minTimestampMs: Int64?
    public var maxTimestampMs: Int64?

    /// Uncompressed over compressed, for the sealed segments; nil before the first seal.
    public var compressionRatio: Double? {
        sealedFileBytes > 0 ? Double(sealedRecordBytes) / Double(sealedFileBytes) : nil
    }

    public var bytesPerEvent: Double? {
        events > 0 ? Double(bytesOnDisk) / Double(events) : nil
    }
}

extension LogReader {
    /// Counts what the log holds. Reads trailers and indexes, never payloads.
    public func stats() throws(LogbookError) -> LogStats {
        var stats = LogStats()
        stats.events = try head()
        for name in try io.listDirectory(directory) {
            let file = try LogFile(path: joinPath(directory, name), flags: 0, io: io)
            stats.bytesOnDisk += try file.size()
        }
        var rawSessions = Set<LogUUID>()
        var rawTraces = Set<LogUUID>()
        for base in catalog.bases {
            switch try catalog.segment(base: base) {
            case .sealed(let segment)?:
                stats.sealedSegments += 1
                stats.sealedRecordBytes += segment.trailer.recordBytes
                stats.sealedFileBytes += try segment.file.size()
                stats.minTimestampMs = min(stats.minTimestampMs ?? .max, segment.trailer.minTimestampMs)
                stats.maxTimestampMs = max(stats.maxTimestampMs ?? .min, segment.trailer.maxTimestampMs)
            case .raw(let reader)?:
                stats.activeSegments += 1
                try reader.extend(limit: stats.events)
                rawSessions.formUnion(reader.sessionKeys)
                rawTraces.formUnion(reader.traceKeys)
                if let range = reader.timestampRange {
                    stats.minTimestampMs = min(stats.minTimestampMs ?? .max, range.lowerBound)
                    stats.maxTimestampMs = max(stats.maxTimestampMs ?? .min, range.upperBound)
                }
            case nil:
                break
            }
        }
        for (name, keys, field) in [(StreamFiles.sessions, rawSessions, \LogStats.sessions), (StreamFiles.traces, rawTraces, \LogStats.traces)] {
            let streamDirectory = try StreamDirectory.open(path: joinPath(directory, name), io: io, cache: catalog.streamRuns)
            var count = streamDirectory.entryCount
            for key in keys where try streamDirectory.lookup(key) == nil { count += 1 }
            stats[keyPath: field] = count
        }
        return stats
    }
}
