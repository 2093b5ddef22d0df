/// Durations of repeated runs of one operation, summarised as percentiles.
struct LatencySample {
    let name: String
    private(set) var milliseconds: [Double] = []

    init(_ name: String) {
        self.name = name
    }

    /// Runs `body` once and records how long it took.
    mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        milliseconds.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        return result
    }

    /// The nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[rank - 1]
    }

    var mean: Double { milliseconds.reduce(0, +) / Double(milliseconds.count) }
}
