import LogbookJSON

/// A JSON object that keeps its members in insertion order; setting a key again replaces its
/// value in place.
struct JSONObject: Sendable, Equatable {
    private(set) var members: [(key: String, value: JSONValue)] = []

    init() {}

    init(_ members: [(String, JSONValue)]) {
        for (key, value) in members { self[key] = value }
    }

    var isEmpty: Bool { members.isEmpty }

    subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Adds a member without looking for an earlier one with the same key (parsed JSON keeps
    /// repeated keys as sent).
    mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    /// Sets `key` only when there is a value, so optional fields stay absent rather than null.
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    mutating func set(_ key: String, _ value: String?) {
        if let value { self[key] = .string(value) }
    }

    /// Sets `key` to the object unless it is empty.
    mutating func set(_ key: String, nonEmpty object: JSONObject) {
        if !object.isEmpty { self[key] = .object(object) }
    }

    func write(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONStringEscaper.append(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            member.value.write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.elementsEqual(rhs.members) { $0.key == $1.key && $0.value == $1.value }
    }
}
