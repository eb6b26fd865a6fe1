import Foundation
import Testing
@testable import Hindsight

/// Mustache asks the view model for values by name (`MustacheParent`) instead of by
/// reflection; every stored property must answer, with the value reflection finds.
@Suite struct ReportViewModelMustacheTests {
    func check(_ value: Any, answers child: (String) -> Any?) {
        let mirror = Mirror(reflecting: value)
        #expect(!mirror.children.isEmpty)
        for case (let label?, let expected) in mirror.children {
            let answer = child(label)
            #expect(answer != nil, "\(type(of: value)).\(label) does not answer")
            #expect(answer.map { String(describing: $0) } == String(describing: expected), "\(type(of: value)).\(label)")
        }
        #expect(child("noSuchProperty") == nil)
    }

    @Test func everyPropertyAnswersByName() {
        let model = ReportViewModel(ReportRendererTests.hostileReconstruction())
        check(model, answers: model.child(named:))
        let fact = ReportViewModel.Fact(label: "l", value: "v")
        check(fact, answers: fact.child(named:))
        let milestone = ReportViewModel.MilestoneRow(name: "n", local: "l", utc: "u", evidenceMarkdown: "e", how: "h")
        check(milestone, answers: milestone.child(named:))
        let measure = ReportViewModel.MeasureRow(name: "n", value: "v", definition: "d")
        check(measure, answers: measure.child(named:))
        let row = ReportViewModel.TimelineRow(local: "l", utc: "u", textMarkdown: "t", source: "s")
        check(row, answers: row.child(named:))
        let responder = ReportViewModel.ResponderRow(name: "n", roles: "r", firstSeen: "f")
        check(responder, answers: responder.child(named:))
        let factor = ReportViewModel.FactorRow(statement: "s", evidenceMarkdown: "e", hasEvidence: true)
        check(factor, answers: factor.child(named:))
        let action = ReportViewModel.ActionRow(textMarkdown: "t", kind: "k", owner: "o", due: "d", tracker: "t", status: "s")
        check(action, answers: action.child(named:))
        let section = ReportViewModel.Section(title: "t", markdown: "m")
        check(section, answers: section.child(named:))
        let page = HTMLPage(title: "t", body: "b")
        check(page, answers: page.child(named:))
    }

    @Test func everyBuiltInTemplateParses() throws {
        // The site templates are parsed on first use; here every one is parsed at once.
        _ = try ReportTemplates(
            sources: ReportTemplates.defaultSources.map { ($0.file, $0.file, $0.text) }, deferringSiteTemplates: false)
    }

    @Test func timelineRowsAreWrittenOnlyForTheBuiltInSection() throws {
        #expect(ReportTemplates.bundled.writesTimelineRows)
        let custom = try ReportTemplates(overrides: ["report.md.mustache": "{{% CONTENT_TYPE: MARKDOWN }}\n{{#timeline}}\n- {{local}}\n{{/timeline}}\n"], folder: "custom")
        #expect(!custom.writesTimelineRows)
        let reconstruction = ReportRendererTests.hostileReconstruction()
        let mustacheOnly = try ReportTemplates(
            sources: ReportTemplates.defaultSources.map { ($0.file, $0.file, $0.text) }, writingTimelineRows: false)
        #expect(!mustacheOnly.writesTimelineRows)
        for dualClock in [false, true] {
            var r = reconstruction
            if dualClock { r.reportZone = NamedZone(name: "Europe/Berlin", zone: TimeZone(identifier: "Europe/Berlin")!) }
            #expect(ReportRenderer.markdown(r, options: RenderOptions(templates: mustacheOnly))
                == ReportRenderer.markdown(r, options: RenderOptions(templates: .bundled)))
        }
    }
}
