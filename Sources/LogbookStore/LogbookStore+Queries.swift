import LogbookCore

extension LogbookStore {
    /// The store's read models, for queries.
    public func readModels() throws -> ReadModels {
        try ReadModels(path: readModelsPath)
    }

    /// A run's events counted by type, in order of first appearance, read from the log.
    public func eventTypeCounts(run: LogUUID) throws(LogbookError) -> [EventTypeCount] {
        var counts: [EventTypeCount] = []
        for event in try reader.events(trace: run) {
            if let index = counts.firstIndex(where: { $0.eventType == event.eventType }) {
                counts[index].count += 1
            } else {
                counts.append(EventTypeCount(eventType: event.eventType, count: 1))
            }
        }
        return counts
    }
}
