extension Int64 {
    /// `self + other`, held at `.max` or `.min` instead of trapping: timestamps and counts
    /// come from clients, and replay must fold whatever was stored.
    func adding(saturating other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, held at `.max` or `.min` instead of trapping.
    func subtracting(saturating other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    /// `|self|`, with `Int64.min` held at `.max`.
    var saturatingMagnitude: Int64 { Int64(clamping: magnitude) }
}
