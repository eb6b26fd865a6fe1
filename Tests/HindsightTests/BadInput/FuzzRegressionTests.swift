import Foundation
import Testing
import Hindsight

/// Replays the fuzzers' inputs through the same entry points as the fuzz targets
/// (Fuzz/Sources): the seed corpora in `Fuzz/Corpus/<target>/` and every input that once
/// crashed or hung a target, kept in `Fuzz/Regressions/<target>/`. A crash found by
/// `make fuzz` is fixed, then its input is committed there (see docs/robustness.md).
@Suite struct FuzzRegressionTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// A fuzz target and the files it has been given.
    struct Input: Sendable, CustomStringConvertible {
        var target: String
        var file: URL
        var description: String { "\(target)/\(file.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent)" }
    }

    static let targets = ["markdown-reader", "json-importers", "time-expression", "front-matter", "report-renderer", "report-merge"]

    static let inputs: [Input] = targets.flatMap { target in
        ["Corpus", "Regressions"].flatMap { kind -> [Input] in
            let folder = fuzz.appendingPathComponent(kind).appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().map { Input(target: target, file: folder.appendingPathComponent($0)) }
        }
    }

    @Test func everyTargetHasSeeds() {
        for target in Self.targets {
            #expect(Self.inputs.contains { $0.target == target && $0.file.path.contains("/Corpus/") }, "no seeds for \(target)")
        }
    }

    @Test(arguments: inputs)
    func replay(_ input: Input) throws {
        let bytes = try Data(contentsOf: input.file)
        Self.run(input.target, bytes)
    }

    /// What each fuzz target does with its bytes (kept in step with Fuzz/Sources).
    static func run(_ target: String, _ bytes: Data) {
        switch target {
        case "markdown-reader":
            let options = ReadingOptions(date: bytes.count % 2 == 1 ? CalendarDate("2026-03-04") : nil, format: .markdown)
            readAndRender(InputDocument(name: "fuzz.md", content: .file(bytes)), options: options)
        case "json-importers":
            guard let first = bytes.first else { return }
            let formats: [InputFormat?] = [nil, .json, .pagerduty, .opsgenie, .statuspage, .slack, .incidentio]
            let choice = Int(first) % (formats.count + 1)
            let data = Data(bytes.dropFirst())
            if choice == formats.count {
                let folder = InputDocument(name: "export", content: .folder(["users.json": Data("[]".utf8), "incident/2026-03-04.json": data]))
                readAndRender(folder, options: ReadingOptions())
            } else {
                readAndRender(InputDocument(name: "fuzz.json", content: .file(data)), options: ReadingOptions(format: formats[choice]))
            }
        case "time-expression":
            guard let first = bytes.first else { return }
            let expression = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let line: String
            switch first % 4 {
            case 0: line = "- \(expression) Health checks fail in one zone."
            case 1: line = "| \(expression) | Health checks fail in one zone. |"
            case 2: line = "\(expression) Health checks fail in one zone."
            default: line = "### \(expression)\n\n- 10:00 Health checks fail in one zone."
            }
            let text = "---\ntitle: Fuzz\ndate: 2026-03-04\ntimezone: Europe/Berlin\n---\n\n## Timeline\n\n- 09:55 [impact-started] Errors rise.\n\(line)\n- 11:00 [resolved] Back to normal.\n"
            readAndRender(InputDocument(name: "time.md", text: text), options: ReadingOptions())
        case "front-matter":
            let yaml = String(decoding: bytes, as: UTF8.self)
            let text = "---\n\(yaml)\n---\n\n## Timeline\n\n- 2026-03-04 10:00 [detected] Alert fires.\n- 10:30 [resolved] Fixed.\n"
            readAndRender(InputDocument(name: "front.md", text: text), options: ReadingOptions())
        case "report-renderer":
            _ = ReportRenderer.html(markdown: String(decoding: bytes, as: UTF8.self))
        case "report-merge":
            let edited: String
            let fresh: String
            if let split = bytes.firstIndex(of: 0) {
                edited = String(decoding: bytes[..<split], as: UTF8.self)
                fresh = String(decoding: bytes[(split + 1)...], as: UTF8.self)
            } else {
                edited = String(decoding: bytes, as: UTF8.self)
                fresh = edited.split(separator: "\n", omittingEmptySubsequences: false).reversed().joined(separator: "\n")
            }
            _ = ReportEdits.find(in: edited, comparedTo: fresh)
            let merged = ReportMerge.update(existing: edited, fresh: fresh)
            _ = ReportEdits.find(in: merged.text, comparedTo: fresh)
        default:
            Issue.record("unknown fuzz target \(target)")
        }
    }

    static func readAndRender(_ document: InputDocument, options: ReadingOptions) {
        let result = IncidentReader.read(document, options: options)
        for log in result.logs.prefix(4) {
            let reconstruction = IncidentReconstructor.reconstruct(log)
            let markdown = ReportRenderer.markdown(reconstruction)
            _ = ReportRenderer.html(markdown: markdown)
            _ = AnalysisDocument.json(reconstruction, diagnostics: result.diagnostics)
            _ = AnalysisSummary.text(reconstruction)
        }
        for diagnostic in result.diagnostics { _ = diagnostic.formatted }
    }
}
