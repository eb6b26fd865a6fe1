internal import CCmark
import Foundation

/// Renders Markdown to HTML through cmark, with cmark's safe default: raw HTML is
/// omitted and `javascript:`, `vbscript:`, `file:` and most `data:` links are dropped.
///
/// cmark 0.30 has no tables extension. Paragraphs whose lines form a pipe table are
/// rendered as HTML tables here, each cell's text still rendered by cmark; headings get
/// stable `id` anchors; Hindsight's own block markers (HTML comments) are dropped.
enum MarkdownRenderer {
    static func html(from markdown: String) -> String {
        var source = markdown
        let root: OpaquePointer? = source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
        }
        guard let root else { return "" }
        defer { cmark_node_free(root) }

        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var output = ""
        output.reserveCapacity(markdown.utf8.count + markdown.utf8.count / 2)
        var usedAnchors: [String: Int] = [:]
        var child = cmark_node_first_child(root)
        while let node = child {
            defer { child = cmark_node_next(node) }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK:
                // Raw HTML from any source is not published; Hindsight's markers are
                // dropped silently, anything else leaves cmark's usual placeholder.
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                if !ReportMarkers.isMarkerBlock(literal) {
                    output += render(node)
                }
            case CMARK_NODE_PARAGRAPH:
                let first = Int(cmark_node_get_start_line(node))
                let last = Int(cmark_node_get_end_line(node))
                if first >= 1, last <= lines.count,
                    let table = PipeTable(lines: lines[(first - 1)..<last].map { String($0) })
                {
                    output += table.html(cell: inlineHTML)
                } else {
                    output += render(node)
                }
            case CMARK_NODE_HEADING:
                let level = Int(cmark_node_get_heading_level(node))
                let rendered = render(node)
                let anchor = uniqueAnchor(for: plainText(of: node), used: &usedAnchors)
                let openTag = "<h\(level)>"
                if rendered.hasPrefix(openTag), !anchor.isEmpty {
                    output += "<h\(level) id=\"\(anchor)\">" + rendered.dropFirst(openTag.count)
                } else {
                    output += rendered
                }
            default:
                output += render(node)
            }
        }
        return output
    }

    /// Inline HTML for a short Markdown fragment (a table cell): cmark's rendering
    /// without the surrounding paragraph.
    static func inlineHTML(_ fragment: String) -> String {
        let trimmed = fragment.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return "" }
        var html = html(fromFragment: trimmed)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>\n") {
            html = String(html.dropFirst(3).dropLast(5))
        } else {
            // Not a single paragraph (for example a cell starting with `#`): show it as text.
            html = HTMLText.escape(trimmed)
        }
        return html
    }

    private static func html(fromFragment text: String) -> String {
        var text = text
        return text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let rendered = cmark_markdown_to_html(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT) else {
                    return ""
                }
                defer { free(rendered) }
                return String(cString: rendered)
            }
        }
    }

    private static func render(_ node: OpaquePointer) -> String {
        guard let rendered = cmark_render_html(node, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }

    private static func uniqueAnchor(for title: String, used: inout [String: Int]) -> String {
        let base = HTMLText.slug(title)
        guard !base.isEmpty else { return "" }
        let count = used[base, default: 0]
        used[base] = count + 1
        return count == 0 ? base : "\(base)-\(count + 1)"
    }
}

/// A GitHub-style pipe table found in a paragraph's source lines.
struct PipeTable: Sendable, Hashable {
    enum Alignment: Sendable, Hashable { case none, left, center, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]]

    /// Recognises `| a | b |` / `|---|:--:|` / rows. Returns nil for anything else.
    init?(lines: [String]) {
        guard lines.count >= 2 else { return nil }
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard trimmed.allSatisfy({ $0.hasPrefix("|") || $0.contains("|") }) else { return nil }
        let header = PipeTable.cells(of: trimmed[0])
        let delimiter = PipeTable.cells(of: trimmed[1])
        guard !header.isEmpty, delimiter.count == header.count else { return nil }
        var alignments: [Alignment] = []
        for cell in delimiter {
            let core = cell.trimmingCharacters(in: .whitespaces)
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" || $0 == ":" }), core.contains("-") else { return nil }
            switch (core.hasPrefix(":"), core.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        self.header = header
        self.alignments = alignments
        self.rows = trimmed.dropFirst(2).map { line in
            var cells = PipeTable.cells(of: line)
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            if cells.count > header.count { cells = Array(cells.prefix(header.count)) }
            return cells
        }
    }

    /// Splits a table row into cells, honouring `\|` escapes and code spans.
    static func cells(of line: String) -> [String] {
        var body = Substring(line.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        var inCode = false
        for character in body {
            if escaped {
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "`":
                inCode.toggle()
                current.append(character)
            case "|" where !inCode:
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            default:
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    func html(cell render: (String) -> String) -> String {
        func attribute(_ alignment: Alignment) -> String {
            switch alignment {
            case .none: return ""
            case .left: return " style=\"text-align: left\""
            case .center: return " style=\"text-align: center\""
            case .right: return " style=\"text-align: right\""
            }
        }
        var html = "<div class=\"table\"><table>\n<thead>\n<tr>"
        for (index, cell) in header.enumerated() {
            html += "<th scope=\"col\"\(attribute(alignments[index]))>\(render(cell))</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += "<td\(attribute(alignments[index]))>\(render(cell))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }
}
