import LogbookCore

// LogbookCore's identifiers are not Codable; replay's JSON prints them in canonical form.
// If the core adopts Encodable itself, this conformance becomes a compile error: delete it then.
extension LogUUID: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
