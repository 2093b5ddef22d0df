/// Every failure the log reports. The `message` says what went wrong and where, and,
/// where the user can act, what to do next; `code` lets callers branch without parsing text.
public struct LogbookError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// An event of an append was refused before anything was written.
        case invalidEvent
        /// The session is not at the version the append expected.
        case wrongExpectedVersion
        /// An event reuses an id with a different content (`conflict` says which id, where
        /// the event holding it is, and which field differs).
        case idConflict
        /// A system call failed (I/O error, disk full, permissions …).
        case io
        /// Bytes on disk fail their checksum or do not parse.
        case corruption
        /// Another process holds the writer lock of the directory.
        case locked
        /// The log was closed, or an earlier fault left the writer unable to continue.
        case closed
        /// A requested session, trace or position does not exist.
        case notFound
        /// The directory is not a log, or its format is newer than this build.
        case unsupported
        /// The log changed since an operation was planned against it (a repair planned
        /// before a writer cut or appended): plan again.
        case changed
    }

    /// An id used again with a different content: the id, the position of the stored event
    /// holding it (nil when the other event is earlier in the same batch), the first field
    /// that differs (`payload`, or an envelope field such as `timestamp_ms`).
    public struct IDConflict: Sendable, Equatable {
        public var id: LogUUID
        public var position: UInt64?
        public var field: String

        public init(id: LogUUID, position: UInt64?, field: String) {
            self.id = id
            self.position = position
            self.field = field
        }
    }

    public var code: Code
    public var message: String
    /// The errno of a failed system call, when there is one.
    public var errno: Int32?
    /// The file concerned, when there is one.
    public var path: String?
    /// For damage: what is wrong, without the file and the advice the message adds.
    public var detail: String?
    /// For a refused event: which one of the batch, and which field (`payload.provider`).
    public var event: EventLocation?
    public var field: String?
    /// For a wrong expected version: the version the session is at.
    public var actualVersion: UInt64?
    /// For `idConflict`: the id, the position holding it, the field that differs.
    public var conflict: IDConflict?

    public init(code: Code, message: String, errno: Int32? = nil, path: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.path = path
        self.detail = detail
    }

    public var description: String { message }
}

extension LogbookError {
    /// Names the event of a batch (by index, or by JSONL line when known) and the field.
    static func invalidEvent(_ reason: String, field: String?, event: EventLocation) -> LogbookError {
        let fieldText = field.map { " field '\($0)':" } ?? ""
        var error = LogbookError(
            code: .invalidEvent,
            message: "\(event):\(fieldText) \(reason); nothing of this batch was written"
        )
        error.event = event
        error.field = field
        return error
    }

    static func wrongExpectedVersion(session: LogUUID, expected: UInt64, actual: UInt64, event: EventLocation) -> LogbookError {
        var error = LogbookError(
            code: .wrongExpectedVersion,
            message: "\(event): session \(session) is at version \(actual), the append expected \(expected); "
                + "nothing of this batch was written (read the session again and retry)"
        )
        error.event = event
        error.actualVersion = actual
        return error
    }

    /// `event` reuses the id of the stored event at `position`, or of the event `earlier` in
    /// the same batch, with `field` different.
    static func idConflict(_ id: LogUUID, position: UInt64?, earlier: EventLocation? = nil, field: String, event: EventLocation) -> LogbookError {
        let holder = position.map { "the event stored at position \($0)" } ?? "\(earlier.map { "\($0)" } ?? "an earlier event") of this batch"
        var error = LogbookError(
            code: .idConflict,
            message: "\(event): id \(id) is the id of \(holder), whose field '\(field)' differs; "
                + "an id names one event: send the same content to retry, or a new id for a new event. Nothing of this batch was written"
        )
        error.conflict = IDConflict(id: id, position: position, field: field)
        error.event = event
        error.field = field
        return error
    }

    static func syscall(_ name: String, errno: Int32, path: String, detail: String = "") -> LogbookError {
        let hint: String
        switch errno {
        case 28: hint = " (disk full: free space and retry; nothing unacknowledged was kept)"
        case 122: hint = " (quota exceeded: free space and retry)"
        case 5: hint = " (I/O error: check the disk; acknowledged events are safe)"
        case 13: hint = " (permission denied: check the directory's owner and mode)"
        default: hint = ""
        }
        return LogbookError(
            code: .io,
            message: "\(name) failed on \(path)\(detail): \(SystemIO.errorText(errno))\(hint)",
            errno: errno,
            path: path
        )
    }

    static func corruption(_ what: String, path: String, offset: Int) -> LogbookError {
        LogbookError(
            code: .corruption,
            message: "\(path) is damaged at byte \(offset): \(what); run `logbook verify` for a full report",
            path: path,
            detail: what
        )
    }

    static func closed(_ why: String) -> LogbookError {
        LogbookError(code: .closed, message: why)
    }
}

/// Where an event sits in what the client sent: its index in a batch, and its line in a
/// JSONL file when it came from one.
public struct EventLocation: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var line: Int?

    public init(index: Int, line: Int? = nil) {
        self.index = index
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line)" }
        return "event \(index) of the batch"
    }
}
