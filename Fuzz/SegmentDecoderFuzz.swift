import Foundation

// libFuzzer target: a segment file as a reader meets it after a crash or bit rot. Whatever
// the bytes, opening, scanning, decoding blocks and looking up indexes must report damage
// or succeed, never crash, hang or read out of bounds. Built and run by scripts/fuzz.sh.
private let path = NSTemporaryDirectory() + "/logbook-fuzz-\(getpid()).seg"
private let io = SystemIO()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSegment(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    fuzzDecoders(bytes)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
    guard let file = try? LogFile(path: path, flags: O_RDONLY, io: io) else { return 0 }
    switch try? SegmentCatalog.kind(of: file) {
    case .active?:
        var index = ActiveSegmentIndex(basePosition: 0, tracksIDs: true)
        _ = try? index.scan(file)
        _ = try? ActiveSegmentIndex.validFrame(in: file, after: SegmentHeader.size)
        let reader = ActiveSegmentReader(file: file, basePosition: 0)
        _ = try? reader.extend(limit: .max)
        _ = try? reader.forEachEvent(in: 0..<UInt64.max) { _ in true }
    case .sealed?:
        guard let segment = try? SealedSegment(path: path, io: io) else { return 0 }
        _ = try? segment.forEachEvent(in: 0..<UInt64.max) { _ in true }
        for section in [SealedTrailer.Section.sessions, .traces] {
            for entry in (try? segment.streamEntries(section)) ?? [] {
                _ = try? segment.positions(of: entry, in: section == .sessions ? .sessionPositions : .tracePositions)
            }
        }
        _ = try? segment.typePositions()
        _ = try? segment.position(ofID: LogUUID(high: 1, low: 2))
    case nil:
        break
    }
    return 0
}

/// The decoders that sit behind checksums, fed raw bytes directly, so the fuzzer reaches
/// them without having to forge a CRC.
private func fuzzDecoders(_ bytes: UnsafeRawBufferPointer) {
    _ = BatchFrame.parseHeader(bytes)
    _ = SealedTrailer.parse(bytes)
    _ = SegmentHeader.parse(bytes)
    var offset = 0
    while offset < bytes.count, let header = RecordCodec.header(in: bytes, at: offset) {
        _ = RecordCodec.decode(in: bytes, at: offset, position: 0)
        offset += header.encodedSize
    }
    _ = LZ4Block.decompress(bytes, originalSize: 1 << 16)
}
