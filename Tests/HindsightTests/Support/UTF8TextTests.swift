import Foundation
import Testing
@testable import Hindsight

/// Text kept as UTF-8 bytes gives back exactly the text it was made from, whether it
/// holds a string or an output buffer, whole or in slices.
@Suite struct UTF8TextTests {
    static func fromOutput(_ text: String) -> UTF8Text {
        let output = UTF8Output(capacity: 4)
        output.appendUTF8(text)
        return UTF8Text(output)
    }

    @Test func givesBackItsText() {
        for sample in TextScanningTests.samples + [String(repeating: "long line · with a non-ASCII dot ", count: 500)] {
            for text in [UTF8Text(sample), Self.fromOutput(sample)] {
                #expect(text.string == sample, "\(sample.debugDescription)")
                #expect(text.count == sample.utf8.count)
                #expect(text.isEmpty == sample.isEmpty)
                #expect(text.withBytes { Array($0) } == Array(sample.utf8))
            }
            #expect(UTF8Text(sample) == Self.fromOutput(sample))
        }
        #expect(UTF8Text("a") != UTF8Text("b"))
        #expect(UTF8Text("ab") != UTF8Text("abc"))
    }

    @Test func slicesShareTheirBytes() {
        let sample = "head é <h2>rest</h2> ✓ tail"
        let bytes = Array(sample.utf8)
        for text in [UTF8Text(sample), Self.fromOutput(sample)] {
            let offset = text.firstOffset(of: Array("<h2".utf8))
            #expect(offset == TextScanning.firstOffset(of: Array("<h2".utf8), in: sample, from: 0))
            guard let offset else { continue }
            let head = text.slice(0..<offset), rest = text.slice(offset..<text.count)
            #expect(head.string == String(decoding: bytes[..<offset], as: UTF8.self))
            #expect(rest.string == String(decoding: bytes[offset...], as: UTF8.self))
            #expect(rest.slice(4..<8).string == "rest")
            #expect(UTF8Text.joined([head, rest]) == sample)
            #expect(text.firstOffset(of: Array("<h2".utf8), from: offset + 1) == nil)
            #expect(text.firstOffset(of: Array("tail!".utf8)) == nil)
        }
        #expect(UTF8Text.joined([]) == "")
    }

    /// The page drafted from a report's bytes is the page of the report's text, with
    /// any line endings and with templates of the user's own.
    @Test func pagesFromBytesAreThePagesOfTheText() throws {
        let custom = try ReportTemplates(
            overrides: ["page.html.mustache": "<title>{{title}}</title>\n{{{body}}}\n<hr>\n{{{bodyHead}}}|{{{bodyRest}}}\n"],
            folder: "custom")
        var compared = 0
        for (name, text) in try PartialParseTests.repositoryDocuments().prefix(12) {
            for log in DraftPipelineTests.logs(text, name: name) {
                let report = ReportRenderer.draftUTF8(log).markdown
                #expect(report.string == ReportRenderer.draft(log).markdown, "\(name)")
                for options in [RenderOptions(), RenderOptions(templates: custom)] {
                    let page = UTF8Text.joined(ReportRenderer.htmlParts(markdown: report, options: options))
                    #expect(page == ReportRenderer.html(markdown: report.string, options: options), "\(name)")
                    let crlf = report.string.replacingOccurrences(of: "\n", with: "\r\n")
                    #expect(UTF8Text.joined(ReportRenderer.htmlParts(markdown: UTF8Text(crlf), options: options)) == page, "\(name)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 20)
    }

    /// The chart's two drawings, kept apart in the built-in page, reach a page template
    /// of the user's own as the one text the public API draws.
    @Test func chartDrawingsReachEveryPageTemplate() throws {
        let custom = try ReportTemplates(
            overrides: ["page.html.mustache": "{{#hasChart}}<figure>{{{chart}}}</figure>{{/hasChart}}\n{{{body}}}\n"], folder: "custom")
        var drawn = 0
        for (name, text) in try PartialParseTests.repositoryDocuments().prefix(12) {
            for log in DraftPipelineTests.logs(text, name: name) {
                let report = ReportRenderer.draftUTF8(log).markdown
                guard let data = report.withBytes(ChartData.parse(fromMarkdown:)) else { continue }
                let drawings = TimelineChart.responsiveSVG(data)
                let svg = TimelineChart.svg(data, layout: .wide) + TimelineChart.svg(data, layout: .narrow)
                #expect(UTF8Text.joined(drawings) == svg, "\(name)")
                guard !svg.isEmpty else { continue }
                let builtIn = UTF8Text.joined(ReportRenderer.htmlParts(markdown: report))
                #expect(builtIn.contains(svg), "\(name)")
                let own = UTF8Text.joined(ReportRenderer.htmlParts(markdown: report, options: RenderOptions(templates: custom)))
                #expect(own.hasPrefix("<figure>" + svg + "</figure>\n"), "\(name)")
                drawn += 1
            }
        }
        #expect(drawn >= 5)
    }
}
