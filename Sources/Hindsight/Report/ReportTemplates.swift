import Foundation
internal import Mustache

/// A problem with a report template, located in its file.
public struct TemplateError: Error, Sendable {
    public var diagnostic: Diagnostic
}

/// The Mustache templates a report is rendered with: the defaults compiled into
/// Hindsight, each overridable by a file of the same name in a templates folder.
public struct ReportTemplates: Sendable {
    /// The template files, by name without the `.mustache` extension.
    public static let names = ["report.md", "page.html", "style", "site-style", "index.html", "trends.html"]

    let library: MustacheLibrary
    /// A hash of every template's text, so published pages are rebuilt when one changes.
    public private(set) var signature = ""

    /// The default templates' text, by file name (`report.md.mustache`).
    public static var defaultSources: [(file: String, text: String)] {
        [
            ("report.md.mustache", String(decoding: PackageResources.report_md_mustache, as: UTF8.self)),
            ("page.html.mustache", String(decoding: PackageResources.page_html_mustache, as: UTF8.self)),
            ("style.mustache", String(decoding: PackageResources.style_mustache, as: UTF8.self)),
            ("site-style.mustache", String(decoding: PackageResources.site_style_mustache, as: UTF8.self)),
            ("index.html.mustache", String(decoding: PackageResources.index_html_mustache, as: UTF8.self)),
            ("trends.html.mustache", String(decoding: PackageResources.trends_html_mustache, as: UTF8.self)),
        ]
    }

    /// The built-in templates.
    public static let bundled: ReportTemplates = {
        // The defaults are tested to parse; an empty library here would only render nothing.
        (try? ReportTemplates(sources: defaultSources.map { ($0.file, $0.file, $0.text) })) ?? ReportTemplates(library: MustacheLibrary())
    }()

    init(library: MustacheLibrary) {
        self.library = library
    }

    /// Parses templates given as (name, location for messages, text).
    init(sources: [(file: String, location: String, text: String)]) throws(TemplateError) {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        var library = MustacheLibrary()
        for source in sources {
            let name = source.file.hasSuffix(".mustache") ? String(source.file.dropLast(".mustache".count)) : source.file
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(diagnostic: Diagnostic(
                    .error, "template error: \(error.error)",
                    at: SourceLocation(file: source.location, line: error.context.lineNumber, column: error.context.columnNumber)))
            } catch {
                throw TemplateError(diagnostic: Diagnostic(.error, "template error: \(error)", at: SourceLocation(file: source.location)))
            }
        }
        self.library = library
        var hash = ContentHash()
        for source in sources {
            hash.combine(source.file)
            hash.combine(source.text)
        }
        signature = hash.hex
    }

    /// The defaults with any of them replaced by the texts given, keyed by file name
    /// (`report.md.mustache`); `folder` is used in messages.
    public init(overrides: [String: String], folder: String) throws(TemplateError) {
        var sources: [(String, String, String)] = []
        for (file, text) in Self.defaultSources {
            if let override = overrides[file] {
                sources.append((file, (folder as NSString).appendingPathComponent(file), override))
            } else {
                sources.append((file, file, text))
            }
        }
        try self.init(sources: sources)
    }

    func render(_ object: Any, template name: String) -> String {
        library.render(object, withTemplate: name) ?? ""
    }
}
