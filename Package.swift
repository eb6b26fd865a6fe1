// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "hindsight",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hindsight", targets: ["HindsightCLI"]),
        .library(name: "Hindsight", targets: ["Hindsight"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // libcmark 0.30 from the system (Debian `libcmark-dev`, Homebrew `cmark`).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // An arena allocator for cmark's trees of long documents (see its header).
        .target(name: "CMarkArena", dependencies: ["CCmark"]),
        // The start-up check that runs `hindsight` again with huge pages for long inputs.
        .target(name: "HindsightStart"),
        // Skipping ordinary bytes of Markdown text sixteen at a time (see its header).
        .target(name: "ByteScan"),
        // The whole pipeline: read → reconstruct → render. No printing, no exit.
        .target(
            name: "Hindsight",
            dependencies: [
                "ByteScan",
                "CCmark",
                "CMarkArena",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The report templates are compiled into the binary, so an installed
            // `hindsight` needs no resource folder; `--templates DIR` overrides them.
            resources: [
                .embedInCode("../../templates/report.md.mustache"),
                .embedInCode("../../templates/page.html.mustache"),
                .embedInCode("../../templates/style.mustache"),
                .embedInCode("../../templates/site-style.mustache"),
                .embedInCode("../../templates/index.html.mustache"),
                .embedInCode("../../templates/trends.html.mustache"),
            ]
        ),
        // The `hindsight` command: arguments, file I/O, diagnostics, exit codes.
        .executableTarget(
            name: "HindsightCLI",
            dependencies: [
                "Hindsight",
                "HindsightStart",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "HindsightTests",
            dependencies: ["ByteScan", "Hindsight", "HindsightCLI"],
            exclude: ["Golden", "Input/Markdown/Fixtures", "BadInput/Files", "Report/Fixtures"]
        ),
    ]
)

for target in package.targets where target.type != .system && !["ByteScan", "CMarkArena", "HindsightStart"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    if target.name == "Hindsight" {
        settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    }
    target.swiftSettings = settings
}

// API documentation (`make docs`): the DocC plugin only when asked for, so ordinary
// builds, tests and CI never fetch or build it.
if ProcessInfo.processInfo.environment["HINDSIGHT_DOCS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
