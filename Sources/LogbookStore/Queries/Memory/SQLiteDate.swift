import Foundation

/// SQLite's `date(X, 'unixepoch')` for whole seconds: the UTC day as `YYYY-MM-DD`, by
/// SQLite's own Julian-day arithmetic; nil outside the range SQLite accepts.
enum SQLiteDate {
    static func date(unixSeconds seconds: Int64) -> String? {
        let julian = Double(seconds) * 1000.0 + 210866760000000.0
        guard julian >= 0, julian < 464269060800000.0 else { return nil }
        let julianMs = Int64(julian + 0.5)
        let z = Int((julianMs + 43200000) / 86400000)
        var a = Int((Double(z) - 1867216.25) / 36524.25)
        a = z + 1 + a - (a / 4)
        let b = a + 1524
        let c = Int((Double(b) - 122.1) / 365.25)
        let d = (36525 * (c & 32767)) / 100
        let e = Int(Double(b - d) / 30.6001)
        let x1 = Int(30.6001 * Double(e))
        let day = b - d - x1
        let month = e < 14 ? e - 1 : e - 13
        let year = month > 2 ? c - 4716 : c - 4715
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
