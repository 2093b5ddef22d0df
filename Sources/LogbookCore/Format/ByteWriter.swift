/// Little-endian encoding into a growable byte array: every on-disk structure of the log
/// is written through it, so the byte order is decided in one place.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ uuid: LogUUID) {
        append(uuid.high)
        append(uuid.low)
    }

    mutating func append(contentsOf data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
    }

    mutating func append(contentsOf data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    mutating func appendZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Overwrites a value written earlier (lengths and checksums known only at the end).
    mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { source in
            bytes.withUnsafeMutableBytes { target in
                target.baseAddress!.advanced(by: offset).copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        }
    }
}

/// Bounds-checked little-endian decoding from a byte buffer. Every read returns nil
/// rather than trapping, because the bytes may come from a damaged file.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { buffer.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, remaining >= size else { return nil }
        let value = T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    mutating func readUUID() -> LogUUID? {
        guard let high: UInt64 = read(), let low: UInt64 = read() else { return nil }
        return LogUUID(high: high, low: low)
    }

    mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, offset >= 0, remaining >= count else { return nil }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
        offset += count
        return slice
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a little-endian integer at `offset`; the caller has checked the bounds.
    func loadLE<T: FixedWidthInteger>(at offset: Int, as _: T.Type = T.self) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies that throw `LogbookError`: the standard one rethrows
    /// them as `any Error`, which typed-throwing callers cannot pass on.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(LogbookError) -> R) throws(LogbookError) -> R {
        try withUnsafeBytes { buffer in Result { () throws(LogbookError) -> R in try body(buffer) } }.get()
    }

    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(LogbookError) -> R) throws(LogbookError) -> R {
        try withUnsafeMutableBytes { buffer in Result { () throws(LogbookError) -> R in try body(buffer) } }.get()
    }
}
