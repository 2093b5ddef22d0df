/// The byte layout of one event inside a batch (and, unchanged, inside a sealed block).
///
///     u32 length of what follows
///     16  id            16  trace id        16  session id (zeros without a session)
///     u64 session_seq   i64 timestamp_ms    i64 recorded_at_ms
///     u8  flags (1 session, 2 user, 4 agent)
///     u16 type length   u16 user length     u16 agent length   u32 payload length
///     type, user, agent and payload bytes
///
/// The position is not stored per record: it is the batch's (or block's) base plus the index.
enum RecordCodec {
    static let fixedSize = 4 + 16 * 3 + 8 * 3 + 1 + 2 * 3 + 4

    static let hasSession: UInt8 = 1
    static let hasUser: UInt8 = 2
    static let hasAgent: UInt8 = 4

    static func encode(_ draft: EventDraft, sessionSeq: UInt64, recordedAtMs: Int64, into writer: inout ByteWriter) {
        let type = draft.eventType.utf8
        let user = draft.userID?.utf8
        let agent = draft.agentID?.utf8
        let length = fixedSize - 4 + type.count + (user?.count ?? 0) + (agent?.count ?? 0) + draft.payload.count
        writer.append(UInt32(length))
        writer.append(draft.id)
        writer.append(draft.traceID)
        writer.append(draft.sessionID ?? LogUUID(high: 0, low: 0))
        writer.append(sessionSeq)
        writer.append(draft.timestampMs)
        writer.append(recordedAtMs)
        var flags: UInt8 = 0
        if draft.sessionID != nil { flags |= hasSession }
        if user != nil { flags |= hasUser }
        if agent != nil { flags |= hasAgent }
        writer.append(flags)
        writer.append(UInt16(type.count))
        writer.append(UInt16(user?.count ?? 0))
        writer.append(UInt16(agent?.count ?? 0))
        writer.append(UInt32(draft.payload.count))
        writer.bytes.append(contentsOf: type)
        if let user { writer.bytes.append(contentsOf: user) }
        if let agent { writer.bytes.append(contentsOf: agent) }
        writer.append(contentsOf: draft.payload)
    }

    /// The fields indexes need, read without copying the payload.
    struct Header {
        var id: LogUUID
        var traceID: LogUUID
        var sessionID: LogUUID?
        var sessionSeq: UInt64
        var timestampMs: Int64
        var recordedAtMs: Int64
        var eventType: UnsafeRawBufferPointer
        /// Bytes the record occupies, its length prefix included.
        var encodedSize: Int
    }

    /// The bytes the record at `offset` occupies, its length prefix included; nil when they do
    /// not fit in `buffer`. Enough to step over a record without reading its fields.
    static func encodedSize(in buffer: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard offset >= 0, buffer.count - offset >= 4 else { return nil }
        let length = Int(buffer.loadLE(at: offset, as: UInt32.self))
        guard length >= fixedSize - 4, buffer.count - offset - 4 >= length else { return nil }
        return 4 + length
    }

    /// Reads the record at `offset`; nil when the bytes do not hold a whole, consistent record.
    static func header(in buffer: UnsafeRawBufferPointer, at offset: Int) -> Header? {
        var reader = ByteReader(buffer, offset: offset)
        guard let length: UInt32 = reader.read(), Int(length) >= fixedSize - 4, reader.remaining >= Int(length),
              let id = reader.readUUID(), let trace = reader.readUUID(), let session = reader.readUUID(),
              let seq: UInt64 = reader.read(), let timestamp: Int64 = reader.read(), let recordedAt: Int64 = reader.read(),
              let flags: UInt8 = reader.read(), let typeLength: UInt16 = reader.read(),
              let userLength: UInt16 = reader.read(), let agentLength: UInt16 = reader.read(),
              let payloadLength: UInt32 = reader.read()
        else { return nil }
        let variable = Int(typeLength) + Int(userLength) + Int(agentLength) + Int(payloadLength)
        guard fixedSize - 4 + variable == Int(length), let type = reader.readBytes(Int(typeLength)) else { return nil }
        return Header(
            id: id, traceID: trace, sessionID: flags & hasSession != 0 ? session : nil, sessionSeq: seq,
            timestampMs: timestamp, recordedAtMs: recordedAt, eventType: type, encodedSize: 4 + Int(length)
        )
    }

    /// Decodes the whole record at `offset` as the event at `position`.
    static func decode(in buffer: UnsafeRawBufferPointer, at offset: Int, position: UInt64) -> RecordedEvent? {
        var reader = ByteReader(buffer, offset: offset)
        guard let length: UInt32 = reader.read(), Int(length) >= fixedSize - 4, reader.remaining >= Int(length),
              let id = reader.readUUID(), let trace = reader.readUUID(), let session = reader.readUUID(),
              let seq: UInt64 = reader.read(), let timestamp: Int64 = reader.read(), let recordedAt: Int64 = reader.read(),
              let flags: UInt8 = reader.read(), let typeLength: UInt16 = reader.read(),
              let userLength: UInt16 = reader.read(), let agentLength: UInt16 = reader.read(),
              let payloadLength: UInt32 = reader.read(),
              fixedSize - 4 + Int(typeLength) + Int(userLength) + Int(agentLength) + Int(payloadLength) == Int(length),
              let type = reader.readBytes(Int(typeLength)), let user = reader.readBytes(Int(userLength)),
              let agent = reader.readBytes(Int(agentLength)), let payload = reader.readBytes(Int(payloadLength))
        else { return nil }
        return RecordedEvent(
            position: position,
            sessionSeq: seq,
            recordedAtMs: recordedAt,
            id: id,
            eventType: String(decoding: type, as: UTF8.self),
            sessionID: flags & hasSession != 0 ? session : nil,
            traceID: trace,
            userID: flags & hasUser != 0 ? String(decoding: user, as: UTF8.self) : nil,
            agentID: flags & hasAgent != 0 ? String(decoding: agent, as: UTF8.self) : nil,
            timestampMs: timestamp,
            payload: [UInt8](payload)
        )
    }

    /// How many whole records `bytes` holds, back to back; nil unless they fill it exactly.
    static func count(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            var offset = 0
            var count = 0
            while offset < raw.count, let record = header(in: raw, at: offset) {
                offset += record.encodedSize
                count += 1
            }
            return offset == raw.count ? count : nil
        }
    }
}
