/// Where one projector stands: its version and the position of the last event it applied
/// (-1 before the first).
public struct ProjectorCheckpoint: QueryRow, Equatable {
    public var name: String
    public var version: Int64
    public var position: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, version, position
    }
    public typealias Columns = CodingKeys
}
