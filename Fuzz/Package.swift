// swift-tools-version:6.1
// libFuzzer targets for Hindsight's readers and renderers. Build and run through the
// root Makefile: `make fuzz FUZZ_SECONDS=600` (see docs/robustness.md).
import PackageDescription

let package = Package(
    name: "hindsight-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "hindsight", path: ".."),
    ],
    targets: [
        // What every target shares: turning bytes into documents, and the full pipeline.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "Hindsight", package: "hindsight")]
        ),
        .executableTarget(name: "FuzzMarkdownReader", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzJSONImporters", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzTimeExpression", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzFrontMatter", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzReportRenderer", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzReportMerge", dependencies: ["FuzzSupport"]),
    ]
)

// libFuzzer supplies `main`: the fuzz executables are parsed as libraries.
for target in package.targets where target.type == .executable {
    target.swiftSettings = [.unsafeFlags(["-parse-as-library"])]
}
