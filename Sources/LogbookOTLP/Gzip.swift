import CZlib

/// Inflates `Content-Encoding: gzip` bodies, which OTLP exporters send when compression is on
/// (the Python and Go exporters' `gzip` option). zlib comes in through the CZlib system library.
public enum Gzip {
    /// The inflated bytes of a gzip stream (several concatenated members are read in turn, as
    /// `gunzip` does). Throws when the stream is damaged or truncated, or when the output would
    /// exceed `limit` bytes, so a small body cannot expand without bound.
    public static func decompress(_ compressed: [UInt8], limit: Int) throws(OTLPError) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header and trailer, not a raw zlib stream.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .compression("zlib could not start")
        }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = compressed
        let total = input.count
        var consumed = 0
        while true {
            let before = consumed
            let status: Int32 = input.withUnsafeMutableBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_in = source.baseAddress.map { $0 + consumed }
                    stream.avail_in = UInt32(total - consumed)
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    consumed = total - Int(stream.avail_in)
                    return status
                }
            }
            let produced = chunk.count - Int(stream.avail_out)
            guard output.count + produced <= limit else {
                throw .compression("it inflates to more than \(limit) bytes")
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow.
                guard consumed < total else { return output }
                guard inflateReset(&stream) == Z_OK else { throw .compression("zlib could not restart") }
            case Z_OK, Z_BUF_ERROR:
                // No progress: the stream stops before its end.
                if produced == 0, consumed == before {
                    throw .compression(total == 0 ? "the body is empty" : "the stream is truncated")
                }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw .compression(reason)
            }
        }
    }
}
