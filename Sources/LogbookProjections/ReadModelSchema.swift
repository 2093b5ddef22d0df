import Foundation

/// The read-model DDL of `schemas/readmodels/`, one file per projector (and `checkpoints`
/// for the projectors' positions), split into the statements that create tables and those
/// that create indexes, so a bulk load can add its indexes after the rows.
public struct ReadModelSchema: Sendable, Equatable {
    /// The file's name without `.sql`.
    public let file: String
    /// `CREATE TABLE` statements, in file order.
    public let tableStatements: [String]
    /// `CREATE INDEX` statements, in file order.
    public let indexStatements: [String]
    /// The names of the tables the file creates.
    public let tables: [String]

    /// The schema of `schemas/readmodels/<file>.sql`; nil when there is no such file.
    public init?(file: String) {
        guard let text = Self.files[file] else { return nil }
        self.init(file: file, sql: text)
    }

    /// The schema of DDL text `sql` (another dialect's form of a file, say).
    public init(file: String, sql: String) {
        self.file = file
        let statements = Self.statements(in: sql)
        tableStatements = statements.filter { !Self.isIndex($0) }
        indexStatements = statements.filter(Self.isIndex)
        tables = tableStatements.compactMap(Self.tableName)
    }

    /// The names of every DDL file.
    public static var fileNames: [String] { files.keys.sorted() }

    /// schemas/prices.json as the package carries it.
    public static var pricesText: String { pricesJSON }

    /// The text of a DDL file as the package carries it.
    public static func text(of file: String) -> String? { files[file] }

    /// The statements of `sql`, without `--` comments, each without its `;`.
    static func statements(in sql: String) -> [String] {
        let code = sql.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                guard let dash = line.firstRange(of: "--") else { return line }
                return line[..<dash.lowerBound]
            }
            .joined(separator: "\n")
        return code.split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    private static func isIndex(_ statement: String) -> Bool {
        let head = statement.prefix(40).uppercased()
        return head.hasPrefix("CREATE INDEX") || head.hasPrefix("CREATE UNIQUE INDEX")
    }

    private static func tableName(_ statement: String) -> String? {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" })
        guard words.count >= 3, words[0].uppercased() == "CREATE", words[1].uppercased() == "TABLE" else { return nil }
        return String(words[2])
    }
}

extension ReadModelSchema {
    static let checkpoints = ReadModelSchema(file: "checkpoints")!
}
