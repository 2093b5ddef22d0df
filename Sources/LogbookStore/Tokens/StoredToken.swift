/// A token as the store keeps it: never the token itself, only its SHA-256.
public struct StoredToken: Codable, Sendable, Equatable {
    /// A short public handle (`tok_` and 8 hex digits of the hash) to list and revoke by.
    public var id: String
    public var name: String?
    public var scope: TokenScope
    /// SHA-256 of the token, hex.
    public var sha256: String
    public var createdAtMs: Int64

    public enum CodingKeys: String, CodingKey {
        case id, name, scope, sha256, createdAtMs = "created_at_ms"
    }
}
