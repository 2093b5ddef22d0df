/// SQL for a column whose value is the one carried by the earliest event that carries one,
/// by `(timestamp_ms, event id)`, kept beside it in `<column>_from` (an event's `orderKey`,
/// NULL when the event does not carry the value). Inside `ON CONFLICT ... DO UPDATE SET`,
/// where `excluded` is the new row and `table` the stored one; the outcome does not depend
/// on the order events arrive in.
enum EarliestValue {
    static func assignments(_ column: String, table: String) -> String {
        let wins = "excluded.\(column)_from < coalesce(\(table).\(column)_from, '~')"
        return """
            \(column) = CASE WHEN \(wins) THEN excluded.\(column) ELSE \(table).\(column) END,
            \(column)_from = CASE WHEN \(wins) THEN excluded.\(column)_from ELSE \(table).\(column)_from END
            """
    }
}
