import Crypto
import Foundation
import LogbookCore

/// The bearer tokens of a store (`tokens.json` in the store directory). A token is 256
/// random bits, shown once when created; the file holds only its SHA-256, and a presented
/// token is checked by comparing hashes in constant time, so neither the file nor the timing of
/// a refusal gives a token away.
public struct TokenStore: Sendable {
    public static let fileName = "tokens.json"
    public let path: String

    public init(directory: String) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    /// Every token, oldest first; none when the file does not exist.
    public func list() throws -> [StoredToken] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode([StoredToken].self, from: data)
        } catch {
            throw LogbookError(code: .corruption, message: "\(path) is not a token list (\(error)); restore it or remove it and create tokens again", path: path)
        }
    }

    /// Creates a token with `scope` and returns its text (the only time it exists in the clear)
    /// with what is stored of it.
    public func create(scope: TokenScope, name: String?) throws -> (token: String, stored: StoredToken) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "lbk_" + Self.hex(bytes)
        let hash = Self.sha256(token)
        let stored = StoredToken(
            id: "tok_" + hash.prefix(8), name: name, scope: scope, sha256: hash, createdAtMs: Int64(Date().timeIntervalSince1970 * 1000))
        try save(try list() + [stored])
        return (token, stored)
    }

    /// Removes the token with this id (or name); false when there is none.
    @discardableResult
    public func revoke(_ idOrName: String) throws -> Bool {
        let tokens = try list()
        let kept = tokens.filter { $0.id != idOrName && $0.name != idOrName }
        guard kept.count < tokens.count else { return false }
        try save(kept)
        return true
    }

    /// The stored token matching `token`, if any. Every stored hash is compared, in constant
    /// time, whatever matches.
    public static func match(_ token: String, in tokens: [StoredToken]) -> StoredToken? {
        let presented = Array(sha256(token).utf8)
        var found: StoredToken?
        for stored in tokens where constantTimeEqual(presented, Array(stored.sha256.utf8)) {
            found = stored
        }
        return found
    }

    static func sha256(_ text: String) -> String {
        hex(Array(SHA256.hash(data: Array(text.utf8))))
    }

    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the list to a temporary file, syncs it and renames it over the old one, so a
    /// crash leaves either list, never half of one; readable by the owner only.
    private func save(_ tokens: [StoredToken]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(tokens), attributes: [.posixPermissions: 0o600]) else {
            throw LogbookError(code: .io, message: "could not write \(temporary)", path: temporary)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, path) != 0 {
            throw LogbookError(code: .io, message: "could not replace \(path): \(String(cString: strerror(errno)))", path: path)
        }
    }
}
