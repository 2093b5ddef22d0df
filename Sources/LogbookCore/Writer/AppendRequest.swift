/// One append waiting for the writer thread.
struct AppendRequest: Sendable {
    var events: [EventDraft]
    var expectations: [LogUUID: UInt64]
    var complete: @Sendable (Result<AppendResult, LogbookError>) -> Void
}
