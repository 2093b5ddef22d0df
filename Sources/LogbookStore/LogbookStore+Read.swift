import LogbookCore

extension LogbookStore {
    /// The events `query` selects among those durable now. A session or trace read goes
    /// through its index (only the blocks holding its events).
    public func events(_ query: EventQuery) throws(LogbookError) -> EventPage {
        let end = try reader.head()
        return try events(query, before: end)
    }

    /// Every selected event below `end`, then every later one as it becomes durable: a follower
    /// that starts while a writer appends sees each position exactly once. Ends after `limit`
    /// events, or when the consumer stops iterating.
    public func follow(_ query: EventQuery) -> AsyncThrowingStream<RecordedEvent, Error> {
        let reader = self.reader
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    // The history below the head in pages, so a follower from position 0 of a
                    // large log never holds all of it.
                    let end = try reader.head()
                    var remaining = query.limit ?? .max
                    var page = query
                    while remaining > 0, page.from < end, !Task.isCancelled {
                        page.limit = min(remaining, 1000)
                        let read = try self.events(page, before: end)
                        for event in read.events { continuation.yield(event) }
                        remaining -= read.events.count
                        page.from = read.next
                    }
                    guard remaining > 0 else { return continuation.finish() }
                    for try await event in reader.subscribe(from: max(query.from, end)) where query.matches(event) {
                        continuation.yield(event)
                        remaining -= 1
                        if remaining == 0 || Task.isCancelled { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The events `query` selects below `end` only (a head read earlier): everything from
    /// `end` on belongs to a subscription.
    public func events(_ query: EventQuery, before end: UInt64) throws(LogbookError) -> EventPage {
        let limit = query.limit ?? .max
        var selected: [RecordedEvent] = []
        if let session = query.session {
            selected = try reader.events(session: session, before: end).filter(query.matches)
        } else if let trace = query.trace {
            selected = try reader.events(trace: trace, before: end).filter(query.matches)
        } else if let type = query.type {
            selected = try reader.events(type: type, from: query.from, limit: limit).filter { $0.position < end }
        } else {
            let (sum, overflow) = query.from.addingReportingOverflow(UInt64(min(limit, Int(Int64.max))))
            let upper = overflow ? end : min(sum, end)
            try reader.forEach(in: query.from..<max(query.from, upper)) { event in
                selected.append(event)
                return true
            }
        }
        if selected.count > limit { selected.removeLast(selected.count - limit) }
        let full = selected.count == limit
        let next = full ? (selected.last.map { $0.position + 1 } ?? query.from) : max(query.from, end)
        return EventPage(events: selected, next: next)
    }
}
