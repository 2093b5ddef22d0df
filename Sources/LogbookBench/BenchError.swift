/// A bench that could not run: a file it could not write, a baseline that failed, a result
/// that does not add up. The message says which.
public struct BenchError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
