/// Why projecting or querying failed, with what to do about it.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case busy, lock, unknownProjection, notProjected, notFound, interrupted, foreignLog
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func busy(path: String) -> ProjectionError {
        ProjectionError(code: .busy, message: "another logbook process is writing the projections (\(path) is locked); stop it (e.g. `logbook project --follow`) and try again")
    }

    static func lock(path: String, errno: Int32) -> ProjectionError {
        ProjectionError(code: .lock, message: "cannot lock \(path) (errno \(errno)); check the store directory's permissions")
    }

    static func unknownProjection(_ name: String, known: [String]) -> ProjectionError {
        ProjectionError(code: .unknownProjection, message: "no projection named '\(name)'; the projections are \(known.joined(separator: ", "))")
    }

    static func foreignLog(path: String, reason: String) -> ProjectionError {
        ProjectionError(code: .foreignLog, message: "the projections at \(path) belong to another log (or the log was restored from an older copy): \(reason); move that file away and run `logbook project` to fold them from this log")
    }

    static func notProjected(path: String) -> ProjectionError {
        ProjectionError(code: .notProjected, message: "no projections at \(path); run `logbook project` first")
    }

    /// A deliberate stop, for tests that interrupt a batch mid-transaction.
    public static func interrupted(batch: Int, event: Int) -> ProjectionError {
        ProjectionError(code: .interrupted, message: "interrupted in batch \(batch) at event \(event)")
    }
}
