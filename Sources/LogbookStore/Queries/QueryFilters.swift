/// The filters of the list queries; nil means "any". A page is `limit` rows after the row
/// `after` names (the last of the previous page: paging by key, as deep as it goes at the
/// cost of the first page), skipping `offset` rows first (an offset walks the rows it skips).
public struct RunFilter: Sendable, Equatable {
    /// An agent's name or id.
    public var agent: String?
    /// Only the runs of this session.
    public var session: String?
    /// The id of the run the page starts after.
    public var after: String?
    public var limit: Int
    public var offset: Int

    public init(agent: String? = nil, session: String? = nil, after: String? = nil, limit: Int = 20, offset: Int = 0) {
        self.agent = agent
        self.session = session
        self.after = after
        self.limit = limit
        self.offset = offset
    }
}

public struct SessionFilter: Sendable, Equatable {
    public var user: String?
    /// An agent's name or id: sessions with a run of it.
    public var agent: String?
    /// The session's status as `SessionRow.status` derives it from its runs.
    public var status: SessionRow.Status?
    /// Sessions active in the range: last event at or after `fromMs`, first at or before `toMs`.
    public var fromMs: Int64?
    public var toMs: Int64?
    /// Found, case-insensitively, in the session's id, title, user, or one of its messages.
    public var text: String?
    /// The id of the session the page starts after.
    public var after: String?
    public var limit: Int
    public var offset: Int

    public init(
        user: String? = nil, agent: String? = nil, status: SessionRow.Status? = nil, fromMs: Int64? = nil, toMs: Int64? = nil,
        text: String? = nil, after: String? = nil, limit: Int = 20, offset: Int = 0
    ) {
        self.user = user
        self.agent = agent
        self.status = status
        self.fromMs = fromMs
        self.toMs = toMs
        self.text = text
        self.after = after
        self.limit = limit
        self.offset = offset
    }
}

public struct LLMUsageFilter: Sendable, Equatable {
    public enum Grouping: String, Sendable, CaseIterable {
        /// `day` is the UTC date of the call (YYYY-MM-DD), listed newest first.
        case agent, run, model, day
    }

    public var by: Grouping
    public var run: String?
    public var limit: Int

    public init(by: Grouping = .agent, run: String? = nil, limit: Int = 50) {
        self.by = by
        self.run = run
        self.limit = limit
    }
}

public struct RunLogFilter: Sendable, Equatable {
    /// The levels of `run.log`, least severe first.
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case debug, info, warn, error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var run: String
    /// Only lines of this level or a more severe one.
    public var level: Level?
    public var limit: Int

    public init(run: String, level: Level? = nil, limit: Int = 1000) {
        self.run = run
        self.level = level
        self.limit = limit
    }
}
