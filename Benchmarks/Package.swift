// swift-tools-version:6.1
import PackageDescription

import class Foundation.ProcessInfo
import struct Foundation.URL

// Benchmarks for Hindsight, in their own package so the root package (and `make test`)
// never builds the benchmark framework. Run them with `make bench`, or from this folder
// with `swift package --scratch-path .build benchmark`.
//
// A path dependency's identity is its folder's name, which depends on where the
// repository was cloned; work it out instead of assuming `hindsight`.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let package = Package(
    name: "HindsightBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HindsightBenchmarks",
            dependencies: [
                .product(name: "Hindsight", package: rootIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HindsightBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
