import LogbookCore

extension LogbookError {
    static func unknownSession(_ session: LogUUID, directory: String) -> LogbookError {
        LogbookError(code: .notFound, message: "no session \(session) in the store at \(directory): no event of the log belongs to it (check the id with `logbook read --session`)")
    }

    static func unknownTrace(_ trace: LogUUID, directory: String) -> LogbookError {
        LogbookError(code: .notFound, message: "no trace \(trace) in the store at \(directory): no event of the log belongs to it (check the id with `logbook read --trace`)")
    }
}
