/// The filters of the list queries; nil means "any". Limits and offsets page the lists.
public struct RunFilter: Sendable, Equatable {
    /// An agent's name or id.
    public var agent: String?
    public var limit: Int
    public var offset: Int

    public init(agent: String? = nil, limit: Int = 20, offset: Int = 0) {
        self.agent = agent
        self.limit = limit
        self.offset = offset
    }
}

public struct SessionFilter: Sendable, Equatable {
    public var user: String?
    public var limit: Int
    public var offset: Int

    public init(user: String? = nil, limit: Int = 20, offset: Int = 0) {
        self.user = user
        self.limit = limit
        self.offset = offset
    }
}

public struct LLMUsageFilter: Sendable, Equatable {
    public enum Grouping: String, Sendable, CaseIterable {
        case agent, run, model
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
