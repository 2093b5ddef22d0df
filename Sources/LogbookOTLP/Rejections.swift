/// Spans or log records left out of a batch, and a message saying why (the first few reasons,
/// so one bad exporter does not produce a megabyte of text).
struct Rejections {
    private(set) var count: Int64 = 0
    private var reasons: [String] = []
    private static let reasonsShown = 3

    mutating func add(_ reason: String) {
        count += 1
        if reasons.count < Self.reasonsShown { reasons.append(reason) }
    }

    func message(noun: String) -> String {
        guard count > 0 else { return "" }
        let more = count > Int64(reasons.count) ? "; and \(count - Int64(reasons.count)) more" : ""
        return "rejected \(count) \(noun)\(count == 1 ? "" : "s"): " + reasons.joined(separator: "; ") + more
    }
}
