import LogbookProjections

/// The PostgreSQL DDL of `schemas/readmodels/postgres/`: the same files, tables, columns and
/// indexes as the SQLite read models, in PostgreSQL's types, plus `node_id` on every row and
/// a `timestamptz` beside each millisecond column.
public enum PostgresSchema {
    /// The PostgreSQL form of `schemas/readmodels/<file>.sql`; nil when there is none.
    public static func schema(file: String) -> ReadModelSchema? {
        files[file].map { ReadModelSchema(file: file, sql: $0) }
    }

    /// The names of every DDL file.
    public static var fileNames: [String] { files.keys.sorted() }

    /// The text of a DDL file as the package carries it.
    public static func text(of file: String) -> String? { files[file] }

    static var checkpoints: ReadModelSchema { schema(file: "checkpoints")! }

    static func schema(of projector: any Projector) throws -> ReadModelSchema {
        guard let schema = schema(file: projector.schemaFile) else {
            throw PostgresProjectionError.noSchema(projector.name, file: projector.schemaFile)
        }
        return schema
    }

    /// `CREATE TABLE` as `CREATE TABLE IF NOT EXISTS` (tables are shared by every node).
    static func ifNotExists(_ statement: String) -> String {
        for prefix in ["CREATE TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX "] where statement.hasPrefix(prefix) {
            return prefix + "IF NOT EXISTS " + statement.dropFirst(prefix.count)
        }
        return statement
    }
}
