public import Foundation

/// Choices for rendering a report.
public struct RenderOptions: Sendable {
    /// A time to print as the report's generation time; none by default, so the same
    /// input always gives the same bytes.
    public var generatedAt: Date?
    public var templates: ReportTemplates

    public init(generatedAt: Date? = nil, templates: ReportTemplates = .bundled) {
        self.generatedAt = generatedAt
        self.templates = templates
    }
}

/// Renders a reconstruction as a Markdown retrospective, and Markdown as a standalone
/// HTML page through cmark.
public enum ReportRenderer {
    /// The Markdown report: the `report.md` template over the view model, with each
    /// generated block's marker carrying a fingerprint of its text, so later runs can
    /// tell whether a reviewer changed it.
    public static func markdown(_ reconstruction: Reconstruction, options: RenderOptions = RenderOptions()) -> String {
        let model = ReportViewModel(reconstruction, generatedAt: options.generatedAt)
        let raw = options.templates.render(model, template: "report.md")
        return ReportMarkers.fingerprinted(normalized(raw))
    }

    /// A standalone HTML page for a Markdown report (generated or edited by hand):
    /// cmark renders the Markdown with raw HTML disabled, the `page.html` template wraps it.
    public static func html(markdown: String, options: RenderOptions = RenderOptions()) -> String {
        let body = MarkdownRenderer.html(from: markdown)
        let page = HTMLPage(title: title(of: markdown), body: body)
        return options.templates.render(page, template: "page.html")
    }

    /// The report's title: the text of its first level-one heading.
    static func title(of markdown: String) -> String {
        let document = MarkdownDocument(parsing: markdown)
        for block in document.blocks {
            if case .heading(let level) = block.kind, level == 1 {
                return block.text.replacingOccurrences(of: "\n", with: " ")
            }
        }
        return "Incident retrospective"
    }

    /// Collapses runs of blank lines left by empty template sections and ends the
    /// text with exactly one newline.
    static func normalized(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
                lines.append("")
            } else {
                blank = 0
                lines.append(line)
            }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What the page template shows.
struct HTMLPage: Sendable {
    var title: String
    var body: String
}
