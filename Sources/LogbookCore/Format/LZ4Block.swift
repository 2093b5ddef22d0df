import CLZ4

/// LZ4 block compression of sealed-segment blocks, through liblz4.
enum LZ4Block {
    static func compress(_ source: UnsafeRawBufferPointer) -> [UInt8] {
        let bound = Int(LZ4_compressBound(Int32(source.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { target in
            LZ4_compress_default(
                source.baseAddress!.assumingMemoryBound(to: CChar.self),
                target.baseAddress!.assumingMemoryBound(to: CChar.self),
                Int32(source.count), Int32(bound)
            )
        }
        precondition(written > 0, "LZ4_compress_default cannot fail with a bound-sized output")
        output.removeLast(bound - Int(written))
        return output
    }

    /// Decompresses into exactly `originalSize` bytes; nil when the input is not a valid block of that size.
    static func decompress(_ source: UnsafeRawBufferPointer, originalSize: Int) -> [UInt8]? {
        decompress(source, capacity: originalSize, wanted: originalSize) { input, output in
            LZ4_decompress_safe(input, output, Int32(source.count), Int32(originalSize))
        }
    }

    /// Decompresses the first `prefix` bytes of a block of `originalSize` (the whole block when
    /// `prefix` reaches it) and stops there; nil when the input is not a valid block.
    static func decompress(_ source: UnsafeRawBufferPointer, originalSize: Int, prefix: Int) -> [UInt8]? {
        guard prefix < originalSize else { return decompress(source, originalSize: originalSize) }
        return decompress(source, capacity: originalSize, wanted: prefix) { input, output in
            LZ4_decompress_safe_partial(input, output, Int32(source.count), Int32(prefix), Int32(originalSize))
        }
    }

    /// Runs `body` from `source` into a new buffer of `capacity` bytes: the bytes it produced,
    /// when they are at least `wanted`.
    private static func decompress(
        _ source: UnsafeRawBufferPointer, capacity: Int, wanted: Int,
        _ body: (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>) -> Int32
    ) -> [UInt8]? {
        guard wanted > 0, source.count > 0 else { return nil }
        var produced: Int32 = 0
        // No zero-fill first: point reads decompress a block per event they want.
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { target, initialized in
            produced = body(
                source.baseAddress!.assumingMemoryBound(to: CChar.self),
                UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: CChar.self))
            initialized = produced >= Int32(wanted) ? Int(produced) : 0
        }
        return produced >= Int32(wanted) ? output : nil
    }
}
