/// The runs of one measurement: their median and their range.
public struct Spread: Codable, Sendable, Equatable {
    public var median: Double
    public var min: Double
    public var max: Double
    /// Every run's value, in run order.
    public var samples: [Double]

    public init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "a spread needs at least one sample")
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted[0]
        max = sorted[sorted.count - 1]
        self.samples = samples
    }

    /// The value at `fraction` (0...1) of the sorted samples, nearest rank.
    public static func percentile(_ fraction: Double, of values: [Double]) -> Double {
        precondition(!values.isEmpty, "a percentile needs at least one value")
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }
}
