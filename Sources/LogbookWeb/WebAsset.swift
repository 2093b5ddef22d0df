/// One file of the web viewer (`web/` in the repository), built into the binary so that
/// `logbook serve` needs nothing beside it.
public struct WebAsset: Sendable {
    /// The path under `web/`, e.g. `views/run.js`.
    public let path: String
    public let body: [UInt8]
    public let contentType: String
    /// A strong validator of the body (FNV-1a 64 of its bytes), quoted as HTTP wants it.
    public let eTag: String

    init(path: String, text: String) {
        self.path = path
        body = Array(text.utf8)
        contentType = Self.contentType(of: path)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        eTag = "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// The media type by the file's extension; the viewer ships only these kinds.
    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        default: "text/plain; charset=utf-8"
        }
    }
}
