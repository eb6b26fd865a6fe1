internal import Mustache

/// Prepares text for Hindsight's Markdown reports.
enum MarkdownText {
    /// Escapes plain text (a title, a name, a service) so it reads literally in
    /// Markdown: every ASCII punctuation character that could start syntax gets a
    /// backslash, and line breaks become spaces, so a field cannot change the
    /// report's structure.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var previous: Character = " "
        for character in text {
            defer { previous = character }
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "&":
                result.append("\\")
                result.append(character)
            case "~":
                // A single tilde is text (`~14:20`); a pair would strike through on GitHub.
                if previous == "~" { result.append("\\") }
                result.append(character)
            case "\n", "\r", "\r\n", "\t":
                result.append(" ")
            default:
                result.append(character)
            }
        }
        return result
    }

    /// Makes an entry's inline Markdown (as its author wrote it) safe to place on one
    /// line of a list item or table cell: line breaks become spaces, `|` is escaped,
    /// and `<` is escaped outside code spans so raw HTML shows as text.
    static func inline(_ markdown: String) -> String {
        var result = ""
        result.reserveCapacity(markdown.utf8.count + 8)
        var backticks = 0  // length of the open code span's fence, 0 outside code
        var run = 0
        var previous: Character = " "
        func flushRun() {
            guard run > 0 else { return }
            if backticks == 0 {
                backticks = run
            } else if backticks == run {
                backticks = 0
            }
            run = 0
        }
        for character in markdown {
            if character == "`" {
                run += 1
                result.append(character)
                previous = character
                continue
            }
            flushRun()
            switch character {
            case "\n", "\r", "\r\n":
                result.append(" ")
            case "|":
                result += previous == "\\" ? "|" : "\\|"
            case "<" where backticks == 0 && previous != "\\":
                result += "\\<"
            default:
                result.append(character)
            }
            previous = character
        }
        flushRun()
        return result
    }
}

extension MarkdownText {
    /// The heading level of the sections authored text is placed under in a report.
    static let sectionLevel = 2

    /// Makes a section body its author wrote (Markdown kept as Markdown) safe to place
    /// under a report's `##` section heading: its top-level headings move down so the
    /// shallowest is `###` (keeping their order and nesting), so a body cannot add a
    /// title or section to the report; and lines that look like Hindsight's block
    /// markers get a backslash, so a body cannot open, close or forge a generated block.
    static func authored(_ markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if markdown.contains("#") || markdown.contains("=") || markdown.contains("-") {
            demoteHeadings(in: &lines, markdown: markdown)
        }
        for index in lines.indices {
            let start = lines[index].firstIndex { $0 != " " && $0 != "\t" } ?? lines[index].endIndex
            if lines[index][start...].hasPrefix(ReportMarkers.prefix) {
                lines[index].insert("\\", at: start)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func demoteHeadings(in lines: inout [String], markdown: String) {
        let document = MarkdownDocument(parsing: markdown)
        var headings: [(block: MarkdownBlock, level: Int)] = []
        for block in document.blocks {
            if case .heading(let level) = block.kind { headings.append((block, level)) }
        }
        guard let shallowest = headings.map(\.level).min(), shallowest <= sectionLevel else { return }
        let shift = sectionLevel + 1 - shallowest
        // From the last heading up, so removing a setext underline keeps earlier line numbers valid.
        for (block, level) in headings.reversed() {
            let first = block.startLine - 1
            guard first >= 0, first < lines.count else { continue }
            let marks = String(repeating: "#", count: min(level + shift, 6))
            let line = lines[first]
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix("#") {
                lines[first] = indent + marks + rest.drop { $0 == "#" }
            } else {
                // A setext heading: its text lines and underline become one ATX heading.
                let last = min(block.endLine - 1, lines.count - 1)
                lines[first] = marks + " " + block.text.replacingOccurrences(of: "\n", with: " ")
                if last > first { lines.removeSubrange((first + 1)...last) }
            }
        }
    }
}

/// Mustache content type `MARKDOWN`: `{{value}}` escapes plain text for Markdown,
/// `{{{value}}}` inserts prepared Markdown as it is.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}
