import Foundation
import LogbookIngest
import LogbookTestSupport
import Testing

/// The JSONL line limit is exact: a line of `maxLineBytes` bytes (newline not counted) is
/// read, one byte more is refused with its line number, wherever it falls in the read chunks.
@Suite struct LineLimitTests {
    static func lengths(of contents: [UInt8], limit: Int) throws -> Result<[Int], LineReader.Failure> {
        let directory = TemporaryDirectory()
        let path = directory.appending("lines.jsonl")
        try Data(contents).write(to: URL(fileURLWithPath: path))
        var lengths: [Int] = []
        do {
            try LineReader(path: path, maxLineBytes: limit).forEachLine { line, _ in
                lengths.append(line.count)
                return true
            }
        } catch let failure as LineReader.Failure {
            return .failure(failure)
        }
        return .success(lengths)
    }

    static func file(_ lengths: [Int], finalNewline: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, length) in lengths.enumerated() {
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: length)
            if index < lengths.count - 1 || finalNewline { bytes.append(0x0A) }
        }
        return bytes
    }

    @Test(arguments: [100, (4 << 20) + 7])
    func aLineAtTheLimitIsReadAndOneByteMoreIsRefused(limit: Int) throws {
        #expect(try Self.lengths(of: Self.file([3, limit, 0, limit - 1]), limit: limit).get() == [3, limit, 0, limit - 1])
        #expect(try Self.lengths(of: Self.file([limit], finalNewline: false), limit: limit).get() == [limit])
        for contents in [Self.file([3, limit + 1, 5]), Self.file([3, 4, limit + 1], finalNewline: false)] {
            guard case .failure(.lineTooLong(let line, let reported)) = try Self.lengths(of: contents, limit: limit) else {
                Issue.record("a line of \(limit + 1) bytes was read with a limit of \(limit)")
                continue
            }
            #expect(reported == limit)
            #expect(line == 2 || line == 3)
        }
    }
}
