import ArgumentParser
import Foundation
import Hindsight

/// `hindsight render`: publish a (reviewer-edited) Markdown report as HTML, exactly as written.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a Markdown report as a standalone HTML page, exactly as written.")

    @Argument(help: ArgumentHelp("The Markdown report.", valueName: "report"))
    var report: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the HTML page to this file (default: standard output).", valueName: "file"))
    var output: String?

    @OptionGroup var template: TemplateArguments

    func run() throws {
        let templates = try template.load()
        let data = try Files.read(report)
        // A report Hindsight drafted has lines of at most an entry's length (1 MiB); allow
        // reviewers room, but not a line of many megabytes.
        if let problem = IncidentReader.textProblem(in: data, name: report, expected: "a Markdown report")
            ?? IncidentReader.longLine(in: data, name: report, limit: 4 * IncidentReader.maximumLineBytes)
        {
            throw CommandFailure.invalid(problem.formatted)
        }
        let markdown = String(decoding: data, as: UTF8.self)
        let html = ReportRenderer.html(markdown: markdown, options: RenderOptions(templates: templates))
        if let output {
            try Files.write(html, to: output)
        } else {
            Console.output(html)
        }
    }
}
