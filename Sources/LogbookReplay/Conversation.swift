/// The messages since the last `session.cleared`, in session order, and how they are laid
/// out for an LLM API: each tool message right after the assistant message whose
/// `tool_calls` hold its `tool_call_id`, in the order of those calls, even when it arrived
/// first. A tool message whose call is not in the conversation (not yet visible, or before
/// the clear) stays where it arrived. A removed message (`message.removed`) leaves it, also
/// when the removal came first.
struct Conversation: Sendable, Equatable {
    private(set) var entries: [ChatMessage] = []
    /// Event ids of removed messages.
    private var removed = Set<String>()

    mutating func add(_ message: ChatMessage) {
        guard !removed.contains(message.eventID) else { return }
        entries.append(message)
    }

    /// Removes the message of the `message.added` event `eventID`; false when it is not (yet) there.
    @discardableResult
    mutating func remove(eventID: String) -> Bool {
        removed.insert(eventID)
        guard let index = entries.firstIndex(where: { $0.eventID == eventID }) else { return false }
        entries.remove(at: index)
        return true
    }

    mutating func clear() {
        entries.removeAll()
    }

    func arranged() -> [ChatMessage] {
        var caller: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            for call in entry.toolCalls ?? [] where caller[call.id] == nil { caller[call.id] = index }
        }
        guard !caller.isEmpty else { return entries }
        var answers: [String: [ChatMessage]] = [:]
        var moved = Set<Int>()
        for (index, entry) in entries.enumerated() where entry.role == "tool" {
            guard let id = entry.toolCallID, caller[id] != nil else { continue }
            answers[id, default: []].append(entry)
            moved.insert(index)
        }
        var result: [ChatMessage] = []
        result.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() where !moved.contains(index) {
            result.append(entry)
            for call in entry.toolCalls ?? [] where caller[call.id] == index {
                result += answers[call.id] ?? []
            }
        }
        return result
    }
}
