// swift-tools-version: 6.1
import PackageDescription

// Replay latency of one long session in a large log, side by side with the same query on a
// naive SQLite events table (through its own CSQLite module map). A package of its own so the root package and its tests never
// build it: run it from this folder with `swift run -c release ReplayLatency`.
let package = Package(
    name: "ReplayLatency",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Logbook", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "ReplayLatency",
            dependencies: [
                "CSQLite",
                .product(name: "LogbookCore", package: "Logbook"),
                .product(name: "LogbookReplay", package: "Logbook"),
                .product(name: "LogbookWorkload", package: "Logbook"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
