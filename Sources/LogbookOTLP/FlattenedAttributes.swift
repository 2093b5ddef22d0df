/// Rebuilds structures that instrumentations flatten into dotted attribute keys, such as
/// OpenInference's `llm.input_messages.0.message.role` or the older GenAI
/// `gen_ai.prompt.0.content`: a level whose keys are all integers becomes an array in index
/// order (gaps closed), any other level an object in the order keys first appeared.
enum FlattenedAttributes {
    static func tree(_ entries: [(key: Substring, value: AnyValue)]) -> JSONValue {
        var root = Branch()
        for entry in entries {
            root.insert(entry.key.split(separator: ".", omittingEmptySubsequences: false)[...], JSONValue(entry.value))
        }
        return root.value
    }

    private indirect enum Node {
        case leaf(JSONValue)
        case branch(Branch)
    }

    private struct Branch {
        var keys: [String] = []
        var children: [String: Node] = [:]

        mutating func set(_ key: String, _ node: Node) {
            if children[key] == nil { keys.append(key) }
            children[key] = node
        }

        mutating func insert(_ path: ArraySlice<Substring>, _ value: JSONValue) {
            let key = String(path.first!)
            let rest = path.dropFirst()
            switch (children[key], rest.isEmpty) {
            case (nil, true), (.leaf?, true):
                set(key, .leaf(value))
            case (.branch(var branch)?, true):
                // Both "a" and "a.b" were sent: the value of "a" itself goes under "".
                branch.set("", .leaf(value))
                children[key] = .branch(branch)
            case (nil, false):
                var branch = Branch()
                branch.insert(rest, value)
                set(key, .branch(branch))
            case (.branch(var branch)?, false):
                branch.insert(rest, value)
                children[key] = .branch(branch)
            case (.leaf?, false):
                // "a" holds a value and "a.b" was sent too: keep "a.b" whole beside it.
                set(path.joined(separator: "."), .leaf(value))
            }
        }

        var value: JSONValue {
            func convert(_ node: Node) -> JSONValue {
                switch node {
                case .leaf(let value): value
                case .branch(let branch): branch.value
                }
            }
            let indices = keys.compactMap { key in Int(key).flatMap { $0 >= 0 ? ($0, key) : nil } }
            if !keys.isEmpty, indices.count == keys.count {
                return .array(indices.sorted { $0.0 < $1.0 }.map { convert(children[$0.1]!) })
            }
            var object = JSONObject()
            for key in keys { object.append(key, convert(children[key]!)) }
            return .object(object)
        }
    }
}
