import Foundation
import GRDB
import LogbookCore
import LogbookProjections
import Logging

/// Brings a store's projections (after killed projectors) up to the head, and compares every
/// read-model table with a clean projection of a copy of the same log.
enum ProjectionCheck {
    /// The tables that differ, empty when the projections equal a clean build.
    static func compareWithCleanBuild(store: String, logger: Logger) throws -> [String] {
        let reader = try LogReader.open(directory: store)
        _ = try ProjectionEngine(reader: reader, logger: logger).catchUp()

        let clean = FileManager.default.temporaryDirectory.appendingPathComponent("crashloop-clean-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: clean, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: clean) }
        for name in try FileManager.default.contentsOfDirectory(atPath: store) where name.hasSuffix(".seg") || name.hasSuffix(".idx") {
            try FileManager.default.copyItem(atPath: store + "/" + name, toPath: clean + "/" + name)
        }
        _ = try ProjectionEngine(reader: try LogReader.open(directory: clean), logger: logger).catchUp()

        let killed = try dump(store)
        let rebuilt = try dump(clean)
        return rebuilt.keys.sorted().filter { killed[$0] != rebuilt[$0] }
    }

    /// Every row of every read-model table, as sorted text.
    private static func dump(_ store: String) throws -> [String: [String]] {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: ProjectionEngine.databasePath(store: store), configuration: configuration)
        let tables = Projectors.all.flatMap { $0.schema.tables }
        return try database.read { db in
            var result: [String: [String]] = [:]
            for table in tables {
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|")
                }.sorted()
            }
            return result
        }
    }
}
