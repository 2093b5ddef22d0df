// swift-tools-version: 6.1
import PackageDescription

// Dependency direction: C shims → LogbookJSON → LogbookCatalogue / LogbookCore → LogbookReplay /
// LogbookIngest → LogbookProjections / LogbookBench → logbook (CLI). The core log never imports
// SQLite; projections read through the core's public reader; the catalogue's payload rules are
// handed to the core's validator by whoever opens a log for writing.
let package = Package(
    name: "Logbook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LogbookCore", targets: ["LogbookCore"]),
        .library(name: "LogbookJSON", targets: ["LogbookJSON"]),
        .library(name: "LogbookCatalogue", targets: ["LogbookCatalogue"]),
        .library(name: "LogbookWorkload", targets: ["LogbookWorkload"]),
        .library(name: "LogbookReplay", targets: ["LogbookReplay"]),
        .library(name: "LogbookProjections", targets: ["LogbookProjections"]),
        .library(name: "LogbookStore", targets: ["LogbookStore"]),
        .library(name: "LogbookOTLP", targets: ["LogbookOTLP"]),
        .executable(name: "logbook", targets: ["logbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        // The system SQLite, for the bench's baseline (the core log never imports it).
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CLogbookCRC"),
        .target(name: "LogbookJSON"),
        // The event types and their payload rules (schemas/events), apart from the log itself.
        .target(name: "LogbookCatalogue", dependencies: ["LogbookJSON"]),
        .target(
            name: "LogbookCore",
            dependencies: [
                "CLZ4",
                "CLogbookCRC",
                "LogbookJSON",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "LogbookWorkload", dependencies: ["LogbookCatalogue"]),
        // Folds a session's (or a trace's) events into its context; reads only through LogReader.
        .target(
            name: "LogbookReplay",
            dependencies: ["LogbookCatalogue", "LogbookCore", "LogbookJSON"]
        ),
        // SQLite read models folded from the log (DDL generated from schemas/readmodels).
        .target(
            name: "LogbookProjections",
            dependencies: [
                "CSQLite",
                "LogbookCatalogue",
                "LogbookCore",
                "LogbookJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The same projectors folded into PostgreSQL (postgres-nio), and the service layer's
        // read-model queries answered from there, apart from the SQLite read models so that
        // their edit-test cycle does not build NIO.
        .target(
            name: "LogbookPostgres",
            dependencies: [
                "LogbookCatalogue",
                "LogbookCore",
                "LogbookJSON",
                "LogbookProjections",
                "LogbookStore",
                "LogbookWorkload",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "LogbookPostgresTests",
            dependencies: [
                "LogbookPostgres", "LogbookCatalogue", "LogbookCore", "LogbookJSON", "LogbookProjections", "LogbookStore", "LogbookTestSupport",
                "LogbookWorkload", "logbook",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The service layer every front end shares: append and ingest, read and follow, replay,
        // the read-model queries as typed rows, projection status.
        .target(
            name: "LogbookStore",
            dependencies: [
                "LogbookCatalogue",
                "LogbookCore",
                "LogbookIngest",
                "LogbookJSON",
                "LogbookProjections",
                "LogbookReplay",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `logbook serve`: HTTP routing over the service layer (Hummingbird 2), apart from the
        // core so that the log never depends on NIO.
        .target(
            name: "LogbookServer",
            dependencies: [
                "LogbookCore",
                "LogbookJSON",
                "LogbookOTLP",
                "LogbookPostgres",
                "LogbookProjections",
                "LogbookReplay",
                "LogbookStore",
                "LogbookWeb",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The web viewer's files (web/), embedded by scripts/embed-web.sh for `logbook serve`.
        .target(name: "LogbookWeb"),
        .testTarget(name: "LogbookWebTests", dependencies: ["LogbookWeb"]),
        // The JSONL ingest path (line reader and pipelined batches) that `logbook ingest` runs.
        .target(name: "LogbookIngest", dependencies: ["LogbookCore", "LogbookJSON"]),
        // `logbook bench`: Logbook side by side with an SQLite events table and a bare append loop.
        .target(
            name: "LogbookBench",
            dependencies: [
                "CSQLite",
                "LogbookCatalogue",
                "LogbookCore",
                "LogbookIngest",
                "LogbookJSON",
                "LogbookProjections",
                "LogbookWorkload",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "logbook",
            dependencies: [
                "LogbookBench",
                "LogbookCatalogue",
                "LogbookCore",
                "LogbookIngest",
                "LogbookJSON",
                "LogbookPostgres",
                "LogbookReplay",
                "LogbookProjections",
                "LogbookServer",
                "LogbookStore",
                "LogbookWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LogbookTestSupport",
            dependencies: ["LogbookCatalogue", "LogbookCore", "LogbookWorkload"]
        ),
        // Crash testing: a writer that prints each acknowledgement, and a loop that kills it.
        .executableTarget(
            name: "logbook-crash-writer",
            dependencies: [
                "LogbookCatalogue", "LogbookCore", "LogbookProjections", "LogbookWorkload", "LogbookTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LogbookJSONTests",
            dependencies: ["LogbookJSON", "LogbookWorkload"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LogbookCoreTests",
            dependencies: ["LogbookCatalogue", "LogbookCore", "LogbookIngest", "LogbookJSON", "LogbookTestSupport", "LogbookWorkload", "logbook-crash-writer"]
        ),
        .testTarget(
            name: "LogbookWorkloadTests",
            dependencies: ["LogbookWorkload", "LogbookJSON"]
        ),
        .testTarget(
            name: "LogbookReplayTests",
            dependencies: [
                "LogbookReplay", "LogbookCore", "LogbookTestSupport", "LogbookWorkload", "logbook",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LogbookBenchTests",
            dependencies: ["LogbookBench", "LogbookCore", "LogbookTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "LogbookProjectionsTests",
            dependencies: [
                "LogbookProjections", "LogbookCore", "LogbookReplay", "LogbookTestSupport", "LogbookWorkload", "logbook",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // OTLP: OpenTelemetry traces and logs mapped to Logbook events (for POST /v1/traces, /v1/logs).
        // The protobuf types in Sources/LogbookOTLP/Generated come from scripts/generate-otlp.sh.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "LogbookOTLP",
            dependencies: ["CZlib", "LogbookJSON", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(
            name: "LogbookOTLPTests",
            dependencies: [
                "LogbookOTLP", "LogbookCatalogue", "LogbookCore", "LogbookTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // The read-model queries of the service layer: their results and their query plans.
        .testTarget(
            name: "LogbookStoreTests",
            dependencies: [
                "LogbookCatalogue", "LogbookCore", "LogbookProjections", "LogbookStore", "LogbookTestSupport", "LogbookWorkload",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LogbookCLITests",
            dependencies: ["LogbookCore", "LogbookTestSupport", "LogbookWorkload", "logbook"]
        ),
    ]
)
