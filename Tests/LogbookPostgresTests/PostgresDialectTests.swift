@testable import LogbookPostgres
import LogbookProjections
import Testing

@Suite("The projectors' SQLite statements in PostgreSQL's dialect")
struct PostgresDialectTests {
    @Test func placeholdersAreNumberedOutsideStrings() {
        #expect(PostgresDialect.translate("UPDATE t SET a = ?, b = '?' WHERE c = ?") == "UPDATE t SET a = $1, b = '?' WHERE c = $2")
    }

    @Test func scalarMaxAndMinBecomeGreatestAndLeast() {
        #expect(PostgresDialect.translate("SET a = max(t.a, excluded.a), b = min(coalesce(b, ?), ?)")
            == "SET a = GREATEST(t.a, excluded.a), b = LEAST(coalesce(b, $1), $2)")
        #expect(PostgresDialect.translate("SELECT max(position), maximum(a, b) FROM t") == "SELECT max(position), maximum(a, b) FROM t")
    }

    @Test func insertOrIgnoreIgnoresConflicts() {
        #expect(PostgresDialect.translate("INSERT OR IGNORE INTO t (a) VALUES (?)") == "INSERT INTO t (a) VALUES ($1)\nON CONFLICT DO NOTHING")
    }
}

@Suite("Values as COPY text fields")
struct PostgresCopyFieldTests {
    func field(_ value: SQLValue) -> String? {
        var line: [UInt8] = []
        return PostgresText.appendCopyField(value, to: &line) ? String(decoding: line, as: UTF8.self) : nil
    }

    @Test func separatorsAndBackslashesAreEscapedAndTextAroundThemKept() {
        #expect(field(.text("a\tb\nc\rd\\e — ü 🙂")) == "a\\tb\\nc\\rd\\\\e — ü 🙂")
        #expect(field(.text("\n")) == "\\n")
        #expect(field(.text("")) == "")
        #expect(field(.null) == "\\N")
        #expect(field(.integer(-42)) == "-42")
        #expect(field(.real(0.25)) == "0.25")
    }

    @Test func aNULCharacterIsRefused() {
        #expect(field(.text("a\u{0}b")) == nil)
    }
}

@Suite("The sink's remembered reads")
struct PostgresSinkReadTests {
    @Test func aReadNamesItsTable() {
        #expect(PostgresSink.tableRead(by: "SELECT 1 FROM deleted_runs WHERE run_id = ?") == "deleted_runs")
        #expect(PostgresSink.tableRead(by: "SELECT 1 FROM a JOIN b ON a.x = b.x") == nil)
    }
}
