import Foundation
import Testing
@testable import Hindsight

/// A draft made in one go (the timeline's rows written while the findings are analysed)
/// is the report and the diagnostics of reconstructing, then rendering.
@Suite struct DraftPipelineTests {
    typealias Generator = RobustnessTests.SeededGenerator

    static func logs(_ text: String, name: String) -> [IncidentLog] {
        IncidentSources.read([InputDocument(name: name, content: .file(Data(text.utf8)))]).logs
    }

    static func expectSameDraft(_ log: IncidentLog, options: RenderOptions = RenderOptions(), _ comment: Comment) {
        let reconstruction = IncidentReconstructor.reconstruct(log)
        let expected = ReportRenderer.markdown(reconstruction, options: options)
        let draft = ReportRenderer.draft(log, options: options)
        #expect(draft.markdown == expected, comment)
        #expect(draft.diagnostics.map(\.formatted) == reconstruction.diagnostics.map(\.formatted), comment)
    }

    @Test func draftsOfEveryRepositoryDocument() throws {
        var drafted = 0
        for (name, text) in try PartialParseTests.repositoryDocuments() {
            for log in Self.logs(text, name: name) {
                Self.expectSameDraft(log, "\(name)")
                drafted += 1
            }
        }
        #expect(drafted > 20)
    }

    @Test func draftsOfLongTimelinesWrittenInPieces() {
        var generator = Generator(state: 3)
        let items = ListPiecesTests.items + ["- 10:40 [detected] Alerts fire", "- 10:45 Ana pages the database team #paged",
                                             "- 11:00 [mitigated] Traffic moved", "- 11:30 [resolved] Errors back to normal"]
        for count in [ReportRenderer.rowsPerPiece - 1, 3 * ReportRenderer.rowsPerPiece + 5, 9 * ReportRenderer.rowsPerPiece] {
            var text = "---\ntitle: Long\ndate: 2026-03-04\ntimezone: Europe/Berlin\n---\n\n## Timeline\n\n"
            for index in 0..<count {
                if index % 500 == 0 { text += "\n### 2026-03-\(10 + index / 500 % 18)\n\n" }
                text += (items.randomElement(using: &generator) ?? "") + "\n"
            }
            let logs = Self.logs(text, name: "long.md")
            #expect(logs.count == 1)
            for log in logs {
                #expect(log.events.count >= count / 2)
                Self.expectSameDraft(log, "\(count) items")
            }
        }
    }

    @Test func draftsWithTemplatesOfTheirOwn() throws {
        let templates = try ReportTemplates(
            overrides: ["report.md.mustache": "# {{title}}\n\n{{#timeline}}- {{time}} {{text}}\n{{/timeline}}\n"], folder: "custom")
        for (name, text) in try PartialParseTests.repositoryDocuments().prefix(8) {
            for log in Self.logs(text, name: name) {
                Self.expectSameDraft(log, options: RenderOptions(templates: templates), "\(name)")
            }
        }
    }
}
