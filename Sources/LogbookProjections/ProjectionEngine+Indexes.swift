import GRDB

extension ProjectionEngine {
    /// Makes the indexes of `projector`'s tables those of its schema: an index the schema no
    /// longer has, or has with another definition, is dropped, and one it adds is built.
    /// Indexes hold nothing of their own, so a change of indexes alone needs no rebuild of
    /// the rows (nor a version bump): an existing store gets them when it is next opened.
    static func updateIndexes(of projector: any Projector, in db: Database) throws {
        let schema = projector.schema
        var wanted: [String: String] = [:]
        for statement in schema.indexStatements { wanted[indexName(statement)] = statement }
        let tables = schema.tables.map { _ in "?" }.joined(separator: ", ")
        var existing: [String: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(tables))",
            arguments: StatementArguments(schema.tables)) {
            existing[row["name"]] = row["sql"]
        }
        for (name, statement) in existing.sorted(by: { $0.key < $1.key }) where wanted[name] != statement {
            try db.execute(sql: "DROP INDEX main.\(name)")
        }
        for statement in schema.indexStatements where existing[indexName(statement)] != statement {
            try db.execute(sql: statement)
        }
    }

    /// The name in `CREATE [UNIQUE] INDEX name ON …`.
    static func indexName(_ statement: String) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" })
        return String(words[words[1].uppercased() == "UNIQUE" ? 3 : 2])
    }
}
