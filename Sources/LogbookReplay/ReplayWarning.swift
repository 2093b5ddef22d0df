/// An event replay could not fold (a required field missing or of the wrong type) or
/// folded only partly; the rest of the context does not depend on it.
public struct ReplayWarning: Sendable, Equatable, Encodable, CustomStringConvertible {
    public var position: UInt64
    public var message: String

    public var description: String { "position \(position): \(message)" }
}
