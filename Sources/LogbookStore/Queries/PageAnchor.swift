/// The last run of a page, which the next page starts after (keyset paging: the next page
/// is a range of the index, however deep, where an OFFSET would walk every row before it).
struct RunAnchor: Equatable {
    /// nil for a run not started yet: those come last.
    var startedAt: Int64?
    var runID: String
}

/// The last session of a page, which the next page starts after.
struct SessionAnchor: Equatable {
    var lastEventAt: Int64
    var sessionID: String
}
