import LogbookJSON
import PostgresNIO

/// Decodes a query's row type (`Codable`, keyed by column name) from a PostgreSQL row, so the
/// rows SQLite's `ReadModels` returns come out of PostgreSQL as the same values. The columns
/// must arrive in the types the SQLite read models have: bigint for integers, float8 for
/// reals (the statements cast `numeric` sums), text, boolean. A `jsonb` column comes back as
/// the compact JSON with sorted keys that the SQLite projectors store, not as PostgreSQL
/// prints it.
struct PostgresRowDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<Row: Decodable>(_ type: Row.Type, from row: PostgresRow) throws -> Row {
        try Row(from: PostgresRowDecoder(row: row.makeRandomAccess()))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row decodes only by column name"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row decodes only by column name"))
    }

    /// The columns of one row by name.
    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: PostgresRandomAccessRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.compactMap { Key(stringValue: $0.columnName) } }

        func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool {
            try cell(key).bytes == nil
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Cell(cell: cell(key)).decode(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try Cell(cell: cell(key)).decode(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Cell(cell: cell(key)).decode(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Cell(cell: cell(key)).decode(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Cell(cell: cell(key)).decode(type) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try T(from: Cell(cell: cell(key)))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a column holds one value"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a column holds one value"))
        }

        func superDecoder() throws -> any Decoder { PostgresRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try Cell(cell: cell(key)) }

        private func cell(_ key: Key) throws -> PostgresCell {
            guard row.contains(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "the statement selects no column \(key.stringValue)"))
            }
            return row[key.stringValue]
        }
    }

    /// One column's value, for the types that decode from a single value (a status enum).
    struct Cell: Decoder, SingleValueDecodingContainer {
        let cell: PostgresCell
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "column \(cell.columnName) holds one value"))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "column \(cell.columnName) holds one value"))
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { cell.bytes == nil }

        func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
        func decode(_ type: Double.Type) throws -> Double { try value(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
        func decode(_ type: Int.Type) throws -> Int { Int(try value(Int64.self)) }

        func decode(_ type: String.Type) throws -> String {
            let text = try value(String.self)
            guard cell.dataType == .jsonb || cell.dataType == .json else { return text }
            guard let json = try? JSONValue.parse(Array(text.utf8)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "column \(cell.columnName) holds JSON that does not parse"))
            }
            return json.compactJSON
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try T(from: self)
        }

        private func value<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            guard cell.bytes != nil else {
                throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "column \(cell.columnName) is NULL"))
            }
            do {
                return try cell.decode(type)
            } catch {
                throw DecodingError.typeMismatch(
                    type, .init(codingPath: [], debugDescription: "column \(cell.columnName) of type \(cell.dataType) is not a \(type)", underlyingError: error))
            }
        }
    }
}
