import ArgumentParser
import Foundation
import Hindsight

/// `hindsight render`: publish a (reviewer-edited) Markdown report as HTML, exactly as written.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a Markdown report as a standalone HTML page, exactly as written.")

    @Argument(help: ArgumentHelp("The Markdown report.", valueName: "report"))
    var report: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the HTML page to this file (default: standard output).", valueName: "file"))
    var output: String?

    @OptionGroup var template: TemplateArguments

    func run() throws {
        let templates = try template.load()
        let data = try Files.read(report)
        guard let markdown = String(data: data, encoding: .utf8) else {
            throw CommandFailure.invalid("\(report): error: the file is not valid UTF-8 text")
        }
        if data.contains(0) {
            throw CommandFailure.invalid("\(report): error: the file holds binary data (a NUL byte); expected a Markdown report")
        }
        let html = ReportRenderer.html(markdown: markdown, options: RenderOptions(templates: templates))
        if let output {
            try Files.write(html, to: output)
        } else {
            Console.output(html)
        }
    }
}
