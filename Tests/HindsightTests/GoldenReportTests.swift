import Foundation
import Testing
@testable import Hindsight

/// Every bundled sample through every output format, compared byte for byte with
/// reviewed golden files in `Golden/`. Set `HINDSIGHT_RECORD=1` to write new golden
/// files, then review the diff before committing it.
@Suite struct GoldenReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let samples: [String] = {
        let folder = root.appendingPathComponent("samples")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0 != "README.md" && ($0.hasSuffix(".md") || $0.hasSuffix(".json")) }.sorted()
    }()

    static func outputs(for sample: String) throws -> [(name: String, text: String)] {
        let path = "samples/" + sample
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        let read = IncidentSources.read([InputDocument(name: path, content: .file(data))])
        #expect(!read.diagnostics.containsErrors, "\(read.diagnostics.map(\.formatted))")
        let log = try #require(read.logs.first)
        let reconstruction = IncidentReconstructor.reconstruct(log)
        let markdown = ReportRenderer.markdown(reconstruction)
        let html = ReportRenderer.html(markdown: markdown)
        let json = String(decoding: AnalysisDocument.json(reconstruction, diagnostics: read.diagnostics + reconstruction.diagnostics), as: UTF8.self)
        let stem = (sample as NSString).deletingPathExtension
        return [(stem + ".md", markdown), (stem + ".html", html), (stem + ".json", json)]
    }

    @Test func thereAreSamplesOfEachKind() {
        #expect(Self.samples.count >= 4)
        #expect(Self.samples.contains("datacentre-managed.md"))
        #expect(Self.samples.contains("datacentre-unmanaged.md"))
        #expect(Self.samples.contains { $0.hasSuffix(".json") })
    }

    @Test(arguments: samples)
    func sampleMatchesGoldenReports(_ sample: String) throws {
        let record = ProcessInfo.processInfo.environment["HINDSIGHT_RECORD"] == "1"
        for output in try Self.outputs(for: sample) {
            let url = Self.golden.appendingPathComponent(output.name)
            if record {
                try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                try output.text.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            if expected != output.text {
                let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let actualLines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
                let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("""
                    \(output.name) differs from its golden file at line \((first?.offset ?? min(expectedLines.count, actualLines.count)) + 1):
                    expected: \(first.map { String($0.element.0) } ?? "<end>")
                    actual:   \(first.map { String($0.element.1) } ?? "<end>")
                    Re-record with HINDSIGHT_RECORD=1 swift test --filter GoldenReportTests and review the diff.
                    """)
            }
        }
    }

    @Test(arguments: samples)
    func outputIsDeterministic(_ sample: String) throws {
        let first = try Self.outputs(for: sample)
        let second = try Self.outputs(for: sample)
        #expect(first.map(\.text) == second.map(\.text))
    }
}
