/// What a bearer token may do: read < write < admin; a scope allows everything the lower
/// ones do.
public enum TokenScope: String, Codable, Sendable, CaseIterable, Comparable {
    case read, write, admin

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
