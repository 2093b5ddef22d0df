extension String {
    /// The text on one line (newlines and runs of spaces collapsed), cut to `limit`
    /// characters with an ellipsis: for steps and summaries, not for the conversation.
    func excerpt(_ limit: Int) -> String {
        let words = split(whereSeparator: \.isWhitespace)
        var line = words.joined(separator: " ")
        if line.count > limit { line = String(line.prefix(max(0, limit - 1))) + "…" }
        return line
    }
}
