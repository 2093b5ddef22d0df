import Foundation
import GRDB
import LogbookProjections
import NIOCore
import Synchronization

/// A table of a SQLite database as `COPY ... (FORMAT text)` data, in chunks of about a
/// megabyte, read on a thread of its own at most a few chunks ahead of the connection that
/// sends them (SQLite's cursor is synchronous, the connection's writes are not).
final class CopyChunks: Sendable {
    /// The chunks; call `took()` on taking each, so the thread reads on.
    let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    private let room = DispatchSemaphore(value: 4)
    private let stopped = Atomic<Bool>(false)

    init(shadow: DatabaseQueue, table: String, columns: [String]) {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        chunks = stream
        let select = "SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM \"\(table)\""
        Thread { [self] in
            do {
                try shadow.read { db in
                    var text: [UInt8] = []
                    text.reserveCapacity(1 << 20 + 1 << 16)
                    func send() -> Bool {
                        room.wait()
                        guard !stopped.load(ordering: .acquiring) else { return false }
                        continuation.yield(ByteBuffer(bytes: text))
                        text.removeAll(keepingCapacity: true)
                        return true
                    }
                    let rows = try Row.fetchCursor(db, sql: select)
                    while let row = try rows.next() {
                        for (index, column) in columns.enumerated() {
                            if index > 0 { text.append(UInt8(ascii: "\t")) }
                            guard PostgresText.appendCopyField(Self.value(row[index]), to: &text) else {
                                throw PostgresProjectionError.unsupportedValue(
                                    table: table, column: column, reason: "the value is a blob or holds a NUL character, which PostgreSQL's text cannot")
                            }
                        }
                        text.append(UInt8(ascii: "\n"))
                        if text.count >= 1 << 20, !send() { return }
                    }
                    if !text.isEmpty { _ = send() }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }.start()
    }

    func took() { room.signal() }

    /// Lets the reading thread end when the consumer stops early.
    func stop() {
        stopped.store(true, ordering: .releasing)
        for _ in 0..<4 { room.signal() }
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let string): .text(string)
        case .blob: .text("\0")
        }
    }
}
