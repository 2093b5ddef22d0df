import GRDB
import LogbookCore
@testable import LogbookStore
import Testing

/// Paging by key (`after`) gives the same rows as one long list, page after page, and
/// limit/offset page as before.
@Suite("Lists paged by key")
struct KeysetPagingTests {
    /// Every row of a list, a page of `size` at a time, each after the last of the one before.
    static func pages<Row>(size: Int, _ page: (String?) throws -> [Row], key: (Row) -> String) throws -> [Row] {
        var rows: [Row] = []
        var after: String?
        while true {
            let next = try page(after)
            rows += next
            guard next.count == size, let last = next.last else { return rows }
            after = key(last)
        }
    }

    @Test("runs: pages after a run add up to the whole list, the run not started yet last; offsets still page")
    func runs() async throws {
        let fixture = try await QueryFixture()
        let all = try fixture.models.runs(RunFilter(limit: 10_000))
        #expect(all.count > 20)
        #expect(all.last?.runID == QueryFixture.pendingRun)
        let firstNotStarted = try #require(all.firstIndex { $0.startedAt == nil })
        #expect(all[firstNotStarted...].allSatisfy { $0.startedAt == nil })
        let paged = try Self.pages(size: 7, { try fixture.models.runs(RunFilter(after: $0, limit: 7)) }, key: \.runID)
        #expect(paged == all)
        #expect(try fixture.models.runs(RunFilter(limit: 5, offset: 5)) == Array(all[5..<10]))
        #expect(try fixture.models.runs(RunFilter(after: all[2].runID, limit: 3, offset: 2)) == Array(all[5..<8]))
        #expect(try fixture.models.runs(RunFilter(after: QueryFixture.pendingRun)).isEmpty)
    }

    @Test("runs of an agent, by name or by id, each once, paged")
    func runsOfAnAgent() async throws {
        let fixture = try await QueryFixture()
        let agent: String = try #require(try fixture.value("SELECT agent_name FROM agent_runs GROUP BY agent_name ORDER BY count(*) DESC LIMIT 1"))
        let expected = try fixture.strings(
            "SELECT run_id FROM agent_runs WHERE agent_name = ? OR agent_id = ? ORDER BY started_at DESC, run_id DESC", [agent, agent])
        #expect(expected.count > 3)
        #expect(try fixture.models.runs(RunFilter(agent: agent, limit: 10_000)).map(\.runID) == expected)
        let paged = try Self.pages(size: 2, { try fixture.models.runs(RunFilter(agent: agent, after: $0, limit: 2)) }, key: \.runID)
        #expect(paged.map(\.runID) == expected)
        let pendingByID = try fixture.models.runs(RunFilter(agent: "agent-pending"))
        #expect(pendingByID.map(\.runID) == [QueryFixture.pendingRun])
    }

    @Test("sessions: pages after a session add up to the whole list, of everyone and of one user")
    func sessions() async throws {
        let fixture = try await QueryFixture()
        let all = try fixture.models.sessions(SessionFilter(limit: 10_000))
        #expect(all.count == 40)
        let paged = try Self.pages(size: 6, { try fixture.models.sessions(SessionFilter(after: $0, limit: 6)) }, key: \.sessionID)
        #expect(paged.map(\.sessionID) == all.map(\.sessionID))
        let user = try #require(all.first?.userID)
        let ofUser = all.filter { $0.userID == user }.map(\.sessionID)
        let pagedOfUser = try Self.pages(size: 1, { try fixture.models.sessions(SessionFilter(user: user, after: $0, limit: 1)) }, key: \.sessionID)
        #expect(pagedOfUser.map(\.sessionID) == ofUser)
        #expect(try fixture.models.sessions(SessionFilter(limit: 4, offset: 3)).map(\.sessionID) == all[3..<7].map(\.sessionID))
    }

    @Test("a page after a row the read models do not have is refused, naming it")
    func unknownAnchor() async throws {
        let fixture = try await QueryFixture()
        #expect { try fixture.models.runs(RunFilter(after: "nope")) } throws: { error in
            (error as? LogbookError)?.code == .notFound && "\(error)".contains("nope")
        }
        #expect { try fixture.models.sessions(SessionFilter(after: "nope")) } throws: { error in
            (error as? LogbookError)?.code == .notFound && "\(error)".contains("nope")
        }
    }
}
