#if canImport(Glibc)
import Glibc
#endif

/// Reads a file (or stdin) in large chunks and hands out its lines without copying them.
/// A line longer than `maxLineBytes` (its newline not counted) is refused, exactly.
public struct LineReader {
    public enum Failure: Error, CustomStringConvertible {
        case open(path: String, errno: Int32)
        case read(path: String, errno: Int32)
        case lineTooLong(line: Int, limit: Int)

        public var description: String {
            switch self {
            case .open(let path, let code): "cannot open \(path): \(String(cString: strerror(code)))"
            case .read(let path, let code): "cannot read \(path): \(String(cString: strerror(code)))"
            case .lineTooLong(let line, let limit): "line \(line) is longer than \(limit) bytes without a newline; is this JSONL?"
            }
        }
    }

    public let path: String
    public let maxLineBytes: Int
    private let fd: Int32

    public init(path: String, maxLineBytes: Int) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw Failure.open(path: path, errno: errno) }
        }
    }

    /// Calls `body` with each line (without its newline) and its 1-based number, until it returns false.
    public func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws {
        defer { if fd != 0 { close(fd) } }
        let chunk = 4 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var filled = 0
        var lineNumber = 0
        var atEnd = false
        while !atEnd {
            if filled == buffer.count {
                // The buffer holds one partial line: grow it while that line may still fit.
                guard filled <= maxLineBytes else { throw Failure.lineTooLong(line: lineNumber + 1, limit: maxLineBytes) }
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maxLineBytes + 1)))
            }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure.read(path: path, errno: errno)
            }
            if count == 0 { atEnd = true }
            filled += count
            var consumed = 0
            let keepGoing = try buffer.withUnsafeBytes { bytes -> Bool in
                while consumed < filled {
                    let rest = UnsafeRawBufferPointer(rebasing: bytes[consumed..<filled])
                    let newline = memchr(rest.baseAddress!, 0x0A, rest.count)
                    let length: Int
                    if let newline {
                        length = rest.baseAddress!.distance(to: UnsafeRawPointer(newline))
                    } else if atEnd {
                        length = rest.count
                    } else {
                        guard rest.count <= maxLineBytes else { throw Failure.lineTooLong(line: lineNumber + 1, limit: maxLineBytes) }
                        break
                    }
                    guard length <= maxLineBytes else { throw Failure.lineTooLong(line: lineNumber + 1, limit: maxLineBytes) }
                    lineNumber += 1
                    if try !body(UnsafeRawBufferPointer(rebasing: rest[0..<length]), lineNumber) { return false }
                    consumed += min(rest.count, length + 1)
                }
                return true
            }
            if !keepGoing { return }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { bytes in
                    bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + consumed, byteCount: filled - consumed)
                }
                filled -= consumed
            }
        }
    }
}
