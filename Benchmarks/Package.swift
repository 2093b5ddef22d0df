// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Microbenchmarks of Logbook's hot paths, run with `swift package benchmark` from this folder.
// A package of its own, so the root package does not depend on the benchmark harness.
// Each suite is an executable target at Benchmarks/<Name>/<Name>.swift.
@MainActor func suite(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

// SwiftPM names a path dependency after its folder, and a checkout of the repository may be
// named anything: refer to the root package by the name of the folder above this one.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let core: Target.Dependency = .product(name: "LogbookCore", package: root)
let json: Target.Dependency = .product(name: "LogbookJSON", package: root)
let workload: Target.Dependency = .product(name: "LogbookWorkload", package: root)
let support: Target.Dependency = "LogbookBenchmarkSupport"

let package = Package(
    name: "LogbookBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Scratch directories, logs and drafts the suites share.
        .target(
            name: "LogbookBenchmarkSupport",
            dependencies: [core, workload, .product(name: "Logging", package: "swift-log")],
            path: "Support"
        ),
        suite("Append", [core, support]),
        suite("GroupCommit", [core, support]),
        suite("JSONScanning", [json, workload]),
        suite("Checksum", [core]),
        suite("Seal", [core, support]),
        suite("Replay", [core, support]),
    ]
)
