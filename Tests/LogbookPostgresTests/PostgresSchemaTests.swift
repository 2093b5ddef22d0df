import Foundation
import GRDB
import LogbookPostgres
import LogbookProjections
import PostgresNIO
import Testing

@Suite("The PostgreSQL DDL is schemas/readmodels/postgres")
struct PostgresSchemaTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/readmodels")

    @Test("the package carries every schemas/readmodels/postgres/*.sql file verbatim (run scripts/generate-readmodels.sh when this fails)")
    func filesMatch() throws {
        let postgres = Self.folder.appendingPathComponent("postgres")
        let names = try FileManager.default.contentsOfDirectory(atPath: postgres.path)
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
        #expect(names == PostgresSchema.fileNames)
        #expect(names == ReadModelSchema.fileNames, "every SQLite DDL file has a PostgreSQL form")
        for name in names {
            let text = try String(contentsOf: postgres.appendingPathComponent(name + ".sql"), encoding: .utf8)
            #expect(PostgresSchema.text(of: name) == text.trimmingCharacters(in: .newlines), "\(name).sql differs from the code")
        }
    }

    @Test("each PostgreSQL table has the SQLite table's columns in the same order, then node_id and the timestamptz columns")
    func sameColumnsAsSQLite() async throws {
        let sqlite = try DatabaseQueue()
        let schema = TestServer.newSchema()
        let connection = try await TestServer.connect()
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: TestServer.logger)
        try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: TestServer.logger)
        try await connection.query(PostgresQuery(unsafeSQL: "SET logbook.node_id = 'tests'"), logger: TestServer.logger)
        for file in ReadModelSchema.fileNames {
            let lite = try #require(ReadModelSchema(file: file))
            let postgres = try #require(PostgresSchema.schema(file: file))
            #expect(lite.tables == postgres.tables, "\(file)")
            #expect(lite.indexStatements.count == postgres.indexStatements.count, "\(file)")
            try await sqlite.write { db in for statement in lite.tableStatements { try db.execute(sql: statement) } }
            for statement in postgres.tableStatements + postgres.indexStatements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestServer.logger)
            }
            for table in lite.tables {
                let liteColumns = try await sqlite.read { db in try db.columns(in: table).map(\.name) }
                var postgresColumns: [String] = []
                let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT column_name::text FROM information_schema.columns
                    WHERE table_schema = '\(schema)' AND table_name = '\(table)' ORDER BY ordinal_position
                    """), logger: TestServer.logger)
                for try await name in rows.decode(String.self) { postgresColumns.append(name) }
                if ["projector_checkpoints", "projected_log"].contains(table) {
                    // Keyed by node first.
                    #expect(postgresColumns == ["node_id"] + liteColumns, "\(table)")
                    continue
                }
                #expect(Array(postgresColumns.prefix(liteColumns.count)) == liteColumns, "\(table)")
                let extra = postgresColumns.dropFirst(liteColumns.count)
                #expect(extra.first == "node_id", "\(table)")
                #expect(extra.dropFirst().allSatisfy { $0.hasSuffix("_tz") && liteColumns.contains(String($0.dropLast(3))) }, "\(table): \(extra)")
            }
        }
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: TestServer.logger)
        try await connection.close()
    }
}
