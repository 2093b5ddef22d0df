import LogbookJSON

extension EventCatalogue {
    /// What is wrong with a payload of a known type, as (field, reason); nil when it
    /// follows its schema or the type is not in the catalogue.
    /// `members` are the payload's, when the caller listed them already.
    public static func problem(in payload: [UInt8], type: String, members known: [JSONMember]? = nil) -> (field: String, reason: String)? {
        guard let fields = types[type] else { return nil }
        let members: [JSONMember]
        if let known {
            members = known
        } else {
            do {
                members = try JSONObjectMembers.scan(payload)
            } catch {
                return ("payload", "is not a valid JSON object: \(error)")
            }
        }
        for field in fields {
            // null counts as absent, except for a field that may hold any JSON value: a tool
            // that returned None has `"output": null`, and that is its output.
            guard let member = members.first(where: { $0.key == field.name }), member.kind != .null || field.kinds == nil else {
                if field.required { return (field.name, "is required for \(type) and missing") }
                continue
            }
            if let kinds = field.kinds, !kinds.contains(member.kind) {
                let expected = kinds.map { "\($0)" }.joined(separator: " or ")
                return (field.name, "must be \(expected) for \(type), got \(member.kind)")
            }
            let raw = payload[member.value]
            if let allowed = field.allowed {
                let text = String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                guard allowed.contains(text) else {
                    return (field.name, "must be one of \(allowed.joined(separator: ", ")) for \(type), got '\(text)'")
                }
            }
            if field.nonNegative, member.kind == .number, raw.first == UInt8(ascii: "-") {
                return (field.name, "must not be negative")
            }
            if field.integer, member.kind == .number, !Self.isWhole(raw) {
                return (field.name, "must be a whole number for \(type), got \(String(decoding: raw, as: UTF8.self))")
            }
        }
        return nil
    }

    /// A JSON number without a fractional part; digits alone are whole without parsing.
    static func isWhole(_ number: ArraySlice<UInt8>) -> Bool {
        guard number.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
            return true
        }
        guard let value = Double(String(decoding: number, as: UTF8.self)) else { return false }
        return value.rounded() == value
    }
}
