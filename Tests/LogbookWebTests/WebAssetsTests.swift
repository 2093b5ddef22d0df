import Foundation
import Testing

@testable import LogbookWeb

@Suite("The viewer built into the binary is web/")
struct WebAssetsTests {
    static let webDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web")

    /// The files scripts/embed-web.sh embeds: HTML, CSS, JavaScript and SVG outside web/tests.
    static func shippedFiles() throws -> [String] {
        let root = webDirectory.standardizedFileURL.path
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path == "tests" { enumerator.skipDescendants(); continue }
            let kind = path.split(separator: ".").last ?? ""
            if ["html", "css", "js", "svg"].contains(kind) { paths.append(path) }
        }
        return paths.sorted()
    }

    @Test("every file of web/ is embedded byte for byte, and nothing else (run scripts/embed-web.sh when this fails)")
    func filesMatch() throws {
        let paths = try Self.shippedFiles()
        #expect(paths == WebAssets.files.keys.sorted())
        for path in paths {
            let bytes = try Data(contentsOf: Self.webDirectory.appendingPathComponent(path))
            #expect(WebAssets.asset(path).map { Data($0.body) } == bytes, "web/\(path) differs from the embedded copy")
        }
    }

    @Test("each kind of file has its media type, and each body its own validator")
    func headers() throws {
        #expect(WebAssets.index.contentType == "text/html; charset=utf-8")
        #expect(WebAssets.asset("app.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(WebAssets.asset("style.css")?.contentType == "text/css; charset=utf-8")
        let tags = WebAssets.all.values.map(\.eTag)
        #expect(Set(tags).count == tags.count)
        #expect(tags.allSatisfy { $0.count == 18 && $0.first == "\"" && $0.last == "\"" })
    }
}
