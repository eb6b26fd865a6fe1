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
    /// Whether `report.md` shows the timeline with the built-in row, which
    /// ``ReportRenderer`` then writes itself instead of through Mustache (a row per
    /// event makes the lookups and casts of a generic renderer the biggest cost of a
    /// large report). The text is the same; see ``TimelineRows``.
    let writesTimelineRows: Bool
    /// Whether `report.md` is the built-in template (its timeline section replaced), so
    /// nothing in it shows the timeline's rows but that section, and ``ReportRenderer``
    /// can render the rest alone and put the rows in afterwards.
    let rendersBuiltInReport: Bool
    /// Whether `page.html` is the built-in template, which shows the body's two parts
    /// once each, unescaped (`{{{bodyHead}}}`, `{{{bodyRest}}}`), so ``ReportRenderer``
    /// can render the page around placeholders and put the body in afterwards.
    let rendersBuiltInPage: Bool
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

    /// The built-in site templates (index, trends), parsed on first use: drafting one
    /// report needs neither, and parsing them is a good part of a small draft's time.
    private let deferred: DeferredTemplates?

    init(library: MustacheLibrary) {
        self.library = library
        self.writesTimelineRows = false
        self.rendersBuiltInReport = false
        self.rendersBuiltInPage = false
        self.deferred = nil
    }

    /// Parses templates given as (name, location for messages, text).
    init(
        sources: [(file: String, location: String, text: String)], writingTimelineRows: Bool = true,
        deferringSiteTemplates: Bool = true
    ) throws(TemplateError) {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        // Refused before parsing: nesting that would overflow the parser's stack, and
        // partials that include themselves, which would overflow the renderer's.
        let named = sources.map { source in
            (name: source.file.hasSuffix(".mustache") ? String(source.file.dropLast(".mustache".count)) : source.file,
             location: source.location, text: source.text)
        }
        let bundledTexts = Dictionary(Self.defaultSources.map { ($0.file, $0.text) }, uniquingKeysWith: { first, _ in first })
        // The built-in templates are safe (a test checks), and so is any set of them.
        let allBundled = sources.allSatisfy { bundledTexts[$0.file] == $0.text }
        if !allBundled, let problem = TemplateSafety.problem(in: named) {
            throw TemplateError(diagnostic: problem)
        }
        var library = MustacheLibrary()
        var writesTimelineRows = false
        var rendersBuiltInReport = false
        var rendersBuiltInPage = false
        var deferredSources: [(name: String, text: String)] = []
        // Included as a partial, report.md could be indented line by line; keep Mustache then.
        let usesPartials = sources.contains { TimelineRows.includesReport($0.text) }
        // With only built-in templates, the page's style sheets are answered by the page
        // (see BuiltInStyles); the site pages, rendered from the deferred library, parse them.
        let answersStyles = allBundled && deferringSiteTemplates
        for source in sources {
            let name = source.file.hasSuffix(".mustache") ? String(source.file.dropLast(".mustache".count)) : source.file
            var text = source.text
            let bundled = bundledTexts[source.file] == source.text
            if name == "page.html", bundled { rendersBuiltInPage = true }
            if name == "report.md", writingTimelineRows, !usesPartials,
                let rewritten = bundled ? TimelineRows.rewriteBuiltIn(text) : TimelineRows.rewrite(text)
            {
                text = rewritten
                writesTimelineRows = true
                rendersBuiltInReport = bundled
            }
            text = Self.quickToParse(text)
            if deferringSiteTemplates, DeferredTemplates.names.contains(name), bundledTexts[source.file] == source.text {
                // Known to parse (the tests parse every built-in template).
                deferredSources.append((name, text))
                continue
            }
            if answersStyles, let key = BuiltInStyles.keys[name], let answer = try? MustacheTemplate(string: "{{{\(key)}}}") {
                library.register(answer, named: name)
                deferredSources.append((name, text))
                continue
            }
            if rendersBuiltInReport, name == "report.md", let pieces = Self.pieces(of: text) {
                // Parsed piece by piece, each from a short text (see pieces(of:)).
                for (index, piece) in pieces.enumerated() {
                    if let template = try? MustacheTemplate(string: piece) { library.register(template, named: "report.md/\(index + 1)") }
                }
                text = pieces.indices.map { "{{>report.md/\($0 + 1)}}" }.joined()
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(diagnostic: Diagnostic(
                    .error, "template error: \(error.error)",
                    at: SourceLocation(file: source.location, line: error.context.lineNumber, column: error.context.columnNumber)))
            } catch {
                throw TemplateError(diagnostic: Diagnostic(.error, "template error: \(error)", at: SourceLocation(file: source.location)))
            }
        }
        self.library = library
        self.writesTimelineRows = writesTimelineRows
        self.rendersBuiltInReport = rendersBuiltInReport
        self.rendersBuiltInPage = rendersBuiltInPage
        self.deferred = deferredSources.isEmpty ? nil : DeferredTemplates(base: library, sources: deferredSources)
        var hash = ContentHash()
        for source in sources {
            hash.combine(source.file)
            hash.combine(source.text)
        }
        signature = hash.hex
    }

    /// A Markdown template cut into pieces at lines outside every section, each piece
    /// led by the template's content-type line, so that a template of the pieces as
    /// partials (`{{>report.md/1}}{{>report.md/2}}…`, on one line, so none stands alone
    /// and none is indented) renders the same text: at the start of such a line the
    /// parser's state is the one it starts with, and each piece sets the content type
    /// the whole would have. The Mustache parser measures the rest of its text in
    /// characters at every tag, so pieces of a few hundred bytes parse many times faster
    /// than the whole. Nil for a template that changes delimiters, has comments,
    /// partials or blocks, or would be one piece.
    static func pieces(of template: String, length: Int = 320) -> [String]? {
        guard template.hasPrefix(TimelineRows.contentTypeLine) else { return nil }
        let bytes = Array(template.utf8)
        let brace = UInt8(ascii: "{")
        var pieces: [String] = []
        var depth = 0
        var pieceStart = 0
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == brace, index + 2 < bytes.count, bytes[index + 1] == brace {
                switch bytes[index + 2] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"): depth += 1
                case UInt8(ascii: "/"): depth -= 1
                case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"): return nil
                default: break
                }
                index += 2
                continue
            }
            if bytes[index] == 10 {
                lineStart = index + 1
                if depth == 0, lineStart - pieceStart >= length, lineStart < bytes.count {
                    pieces.append(String(decoding: bytes[pieceStart..<lineStart], as: UTF8.self))
                    pieceStart = lineStart
                }
            }
            index += 1
        }
        guard depth == 0, !pieces.isEmpty else { return nil }
        pieces.append(String(decoding: bytes[pieceStart...], as: UTF8.self))
        for index in pieces.indices.dropFirst() { pieces[index] = TimelineRows.contentTypeLine + pieces[index] }
        return pieces
    }

    /// A template without tags (a style sheet), led by a Set Delimiter tag whose
    /// delimiters it does not contain; the tag stands alone on its line, which Mustache
    /// drops, so the output is the same. The Mustache parser rescans the rest of the
    /// template at every `{` it meets (a style sheet has hundreds), and this turns those
    /// quadratic scans off. Other templates are returned as they are.
    static func quickToParse(_ text: String) -> String {
        let open = "\u{E000}\u{E000}", close = "\u{E001}\u{E001}"
        guard !TextScanning.containsBytes(text, "{{"), !TextScanning.containsBytes(text, "\u{E000}"),
            !TextScanning.containsBytes(text, "\u{E001}")
        else { return text }
        return "{{=\(open) \(close)=}}\n" + text
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
        if let deferred, DeferredTemplates.names.contains(name) {
            return deferred.library().render(object, withTemplate: name) ?? ""
        }
        return library.render(object, withTemplate: name) ?? ""
    }
}

/// The built-in style sheets hold no tags, yet the Mustache parser would read them
/// character by character at every start: with only built-in templates, the `style` and
/// `site-style` partials are one-tag templates whose value ``HTMLPage`` answers with the
/// same text (the built-in `page.html` includes them on lines of their own, unindented).
enum BuiltInStyles {
    /// The name each style sheet's value goes by.
    static let keys = ["style": "hindsight-built-in-style", "site-style": "hindsight-built-in-site-style"]
    static let style = String(decoding: PackageResources.style_mustache, as: UTF8.self)
    static let siteStyle = String(decoding: PackageResources.site_style_mustache, as: UTF8.self)
}

/// Built-in templates parsed when first rendered, into a library that also holds all
/// the others (for their partials).
final class DeferredTemplates: @unchecked Sendable {
    static let names: Set<String> = ["index.html", "trends.html"]

    private let lock = NSLock()
    private var base: MustacheLibrary
    private var sources: [(name: String, text: String)]
    private var parsed: MustacheLibrary?

    init(base: MustacheLibrary, sources: [(name: String, text: String)]) {
        self.base = base
        self.sources = sources
    }

    func library() -> MustacheLibrary {
        lock.lock()
        defer { lock.unlock() }
        if let parsed { return parsed }
        var library = base
        for source in sources {
            if let template = try? MustacheTemplate(string: source.text) { library.register(template, named: source.name) }
        }
        parsed = library
        sources = []
        return library
    }
}

/// The timeline rows of the built-in `report.md`, written directly. A template whose
/// timeline section is exactly the built-in one (in a Markdown template, with no
/// partials that could indent it) gets that section replaced by a variable holding the
/// same text, so the output does not change; any other template is rendered by
/// Mustache as written.
enum TimelineRows {
    static let contentTypeLine = "{{% CONTENT_TYPE: MARKDOWN }}\n"
    static let section = """
        {{#timeline}}
        | {{local}} |{{#dualClock}} {{utc}} |{{/dualClock}} {{{textMarkdown}}} | {{source}} |
        {{/timeline}}

        """
    /// Shows the rows when there are any; its section tags stand alone on their lines
    /// as the original section's did, so the lines around come out the same.
    static let replacement = """
        {{#hasTimelineRows}}
        {{{timelineRows}}}
        {{/hasTimelineRows}}

        """

    /// Whether a template includes `report.md` as a partial (or a partial named at run time).
    static func includesReport(_ template: String) -> Bool {
        let bytes = Array(template.utf8)
        let brace = UInt8(ascii: "{"), space = UInt8(ascii: " ")
        let name = Array("report.md".utf8)
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == brace, bytes[index + 1] == brace else {
                index += 1
                continue
            }
            var cursor = index + 2
            while cursor < bytes.count, bytes[cursor] == space { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ">") || bytes[cursor] == UInt8(ascii: "<") {
                cursor += 1
                while cursor < bytes.count, bytes[cursor] == space { cursor += 1 }
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "*") { return true }
                if bytes[cursor...].starts(with: name) { return true }
            }
            index += 2
        }
        return false
    }

    /// The template with its timeline section replaced, or nil when it is not the
    /// built-in section in a Markdown template.
    static func rewrite(_ template: String) -> String? {
        guard template.hasPrefix(contentTypeLine),
            !template.dropFirst(contentTypeLine.count).contains("CONTENT_TYPE"),
            let range = template.range(of: section),
            range.lowerBound == template.startIndex || template[template.index(before: range.lowerBound)] == "\n",
            template[range.upperBound...].range(of: section) == nil
        else { return nil }
        return template.replacingCharacters(in: range, with: replacement)
    }

    /// The action items' rows of the built-in `report.md`, and what shows them instead
    /// (``ReportViewModel/actionRows``, the same text).
    static let actionSection = """
        {{#actions}}
        | {{{textMarkdown}}} | {{kind}} | {{owner}} | {{due}} | {{tracker}} | {{status}} |
        {{/actions}}

        """
    static let actionReplacement = """
        {{#hasActionRows}}
        {{{actionRows}}}
        {{/hasActionRows}}

        """

    /// The list sections of the built-in `report.md` (`{{#name}}`, a line `prefix{{{.}}}`,
    /// `{{/name}}`) that ``rewriteBuiltIn(_:)`` replaces by one element, the lines joined
    /// (``ReportViewModel`` answers `name-joined`): Mustache renders each element of a list
    /// through several casts and a new context, which for long lists costs more than the
    /// rest of the report.
    static let joinedLists: [(name: String, prefix: String)] = [
        ("impactLines", "- "), ("escalationLines", "- "), ("handoffLines", "- "), ("communicationLines", "- "),
        ("failedAttemptLines", "- "), ("actionWarnings", "- "), ("questions", "1. "),
    ]

    /// ``rewrite(_:)`` for the built-in `report.md`, from the bytes (its text is known: a
    /// test compares the two), with its action rows and ``joinedLists`` replaced as well.
    static func rewriteBuiltIn(_ template: String) -> String? {
        func replacing(_ section: String, with replacement: String, in text: String) -> String? {
            let pattern = Array(section.utf8)
            guard let offset = TextScanning.firstOffset(of: pattern, in: text, from: 0),
                TextScanning.firstOffset(of: pattern, in: text, from: offset + 1) == nil
            else { return nil }
            var text = text
            return text.withUTF8 { bytes in
                // The section starts a line (a line feed alone before it, not "\r\n").
                guard offset == 0 || (bytes[offset - 1] == 10 && (offset < 2 || bytes[offset - 2] != 13)) else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<offset]), as: UTF8.self) + replacement
                    + String(decoding: UnsafeBufferPointer(rebasing: bytes[(offset + pattern.count)...]), as: UTF8.self)
            }
        }
        guard template.hasPrefix(contentTypeLine),
            TextScanning.firstOffset(of: Array("CONTENT_TYPE".utf8), in: template, from: contentTypeLine.utf8.count) == nil,
            let timeline = replacing(section, with: replacement, in: template)
        else { return nil }
        var text = replacing(actionSection, with: actionReplacement, in: timeline) ?? timeline
        for list in joinedLists {
            let section = "{{#\(list.name)}}\n\(list.prefix){{{.}}}\n{{/\(list.name)}}\n"
            let replacement = "{{#\(list.name)-joined}}\n{{{.}}}\n{{/\(list.name)-joined}}\n"
            text = replacing(section, with: replacement, in: text) ?? text
        }
        return text
    }

    /// The rows as the built-in section renders them, without the last line's newline.
    static func text(_ rows: [ReportViewModel.TimelineRow], dualClock: Bool) -> String {
        var text = ""
        text.reserveCapacity(rows.reduce(0) { $0 + $1.textMarkdown.utf8.count + $1.local.utf8.count + 32 })
        for (index, row) in rows.enumerated() {
            if index > 0 { text += "\n" }
            text += "| "
            text += MarkdownText.escape(row.local)
            text += " |"
            if dualClock {
                text += " "
                text += MarkdownText.escape(row.utc)
                text += " |"
            }
            text += " "
            text += row.textMarkdown
            text += " | "
            text += MarkdownText.escape(row.source)
            text += " |"
        }
        return text
    }
}
