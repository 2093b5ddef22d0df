import Foundation
import GRDB
import LogbookProjections
import LogbookTestSupport
import Testing

@Suite("The read-model DDL is schemas/readmodels")
struct ReadModelSchemaTests {
    @Test("the package carries every schemas/readmodels/*.sql file verbatim (run scripts/generate-readmodels.sh when this fails)")
    func filesMatch() throws {
        let folder = schemasDirectory.appendingPathComponent("readmodels")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
        #expect(names == ReadModelSchema.fileNames)
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name + ".sql"), encoding: .utf8)
            #expect(ReadModelSchema.text(of: name) == text.trimmingCharacters(in: .newlines), "\(name).sql differs from the code")
        }
    }

    @Test("the package carries schemas/prices.json verbatim")
    func pricesMatch() throws {
        let text = try String(contentsOf: schemasDirectory.appendingPathComponent("prices.json"), encoding: .utf8)
        let file = try PriceTable(json: Data(text.utf8))
        #expect(file.version == PriceTable.standard.version)
        #expect(PriceTable.standard.cost(provider: "openai", model: "gpt-4o", atMs: 1_767_225_600_000, input: 1_000_000, cacheRead: 0, output: 0, reasoning: 0) == 2.5)
        #expect(text.trimmingCharacters(in: .newlines) == ReadModelSchema.pricesText)
    }

    @Test("a store opened after its indexes changed gets schemas/'s indexes: the missing built, the stale and the removed dropped")
    func indexesFollowTheSchema() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 3, seed: 1))
        try fixture.engine().catchUp()
        let before = try indexes(fixture)
        // As a store of an earlier schema has them: one index missing, one defined otherwise, one no longer in schemas/.
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try await queue.write { db in
            try db.execute(sql: "DROP INDEX agent_runs_by_start")
            try db.execute(sql: "DROP INDEX sessions_by_user")
            try db.execute(sql: "CREATE INDEX sessions_by_user ON sessions (user_id, started_at)")
            try db.execute(sql: "CREATE INDEX agent_runs_by_status ON agent_runs (status)")
        }
        try queue.close()
        #expect(try indexes(fixture) != before)
        let summary = try fixture.engine().catchUp()
        #expect(summary.rebuilds.isEmpty)
        #expect(try indexes(fixture) == before)
        #expect(before.sorted() == Projectors.all.flatMap { $0.schema.indexStatements }.sorted())
    }

    /// The statements of the projections' indexes, by name.
    private func indexes(_ fixture: ProjectionFixture) throws -> [String] {
        try fixture.readOnly().read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
    }

    @Test("every projector's schema names a file, and the tables created are the statements of schemas/")
    func tablesAreTheDDL() async throws {
        let fixture = try await ProjectionFixture(Workload.drafts(sessions: 3, seed: 1))
        try fixture.engine().catchUp()
        let db = try fixture.readOnly()
        for projector in Projectors.all {
            let schema = try #require(ReadModelSchema(file: projector.schemaFile))
            #expect(!schema.tables.isEmpty)
            for (table, statement) in zip(schema.tables, schema.tableStatements) {
                let stored = try await db.read { db in
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
                }
                #expect(stored == statement, "table \(table)")
            }
            for statement in schema.indexStatements {
                let name = String(statement.split(separator: " ")[2])
                let stored = try await db.read { db in
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name])
                }
                #expect(stored == statement, "index \(name)")
            }
        }
    }
}
