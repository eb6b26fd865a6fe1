import Foundation

/// A Markdown text prepared for the checks: a log or report file, or the Markdown of
/// one JSON string value. Holds its lines, its cmark blocks, the front matter, the
/// top-level headings, and turns positions into locations.
struct CheckedMarkdown {
    /// What the text is; decides which rules apply.
    enum Kind {
        /// An incident log: every rule, timeline rules included.
        case log
        /// A report Hindsight drafted (starts with `<!-- hindsight:begin header`).
        case report
        /// The text of a JSON string value: blame, action item and section rules.
        case jsonValue(path: String)
    }

    /// A heading at the top level of the document.
    struct Heading {
        var title: String
        var level: Int
        var line: Int
        var byteColumn: Int
        /// Its index in `document.blocks`.
        var blockIndex: Int
    }

    let name: String
    let kind: Kind
    /// The source lines (line terminators removed, CRLF treated as LF).
    let lines: [Substring]
    let document: MarkdownDocument
    let frontMatter: CheckFrontMatter
    let suppressions: CheckSuppressions
    let headings: [Heading]
    /// For each line (index 0 unused): inside a fenced or indented code block.
    private let codeLines: [Bool]
    /// For each line (index 0 unused), in reports: between `<!-- hindsight:begin … -->`
    /// and `<!-- hindsight:end … -->`.
    private let generatedLines: [Bool]
    /// Lowercased words of the people the input names (front matter `roles:`, JSON
    /// `roles` and `author` fields): "ariana", "costa".
    let people: Set<String>
    /// The section the text belongs to when it has no heading of its own (the title
    /// of a JSON section whose `markdown` this is).
    let enclosingTitle: String?

    init(text: String, name: String, kind: Kind? = nil, people: Set<String> = [], enclosingTitle: String? = nil) {
        let normalized = text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        let frontMatter = CheckFrontMatter(lines: lines)
        // Blank the front matter so cmark does not read its closing `---` as a heading
        // underline; line numbers stay the same.
        let parsed: String
        if frontMatter.endLine > 0 {
            parsed = String(repeating: "\n", count: frontMatter.endLine) + lines.dropFirst(frontMatter.endLine).joined(separator: "\n")
        } else {
            parsed = normalized
        }
        let document = MarkdownDocument(parsing: parsed)

        var headings: [Heading] = []
        var codeLines = [Bool](repeating: false, count: lines.count + 1)
        for (index, block) in document.blocks.enumerated() {
            if case .heading(let level) = block.kind {
                headings.append(Heading(title: block.text.trimmingCharacters(in: .whitespaces), level: level, line: block.startLine, byteColumn: block.startColumn, blockIndex: index))
            }
        }
        Self.collectCode(document.blocks, into: &codeLines)

        let isReport = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}"))).hasPrefix("<!-- hindsight:begin header") } ?? false
        self.name = name
        self.kind = kind ?? (isReport ? .report : .log)
        self.lines = lines
        self.document = document
        self.frontMatter = frontMatter
        self.headings = headings
        self.codeLines = codeLines
        self.generatedLines = isReport ? Self.generatedFlags(lines) : []
        self.suppressions = CheckSuppressions(lines: lines) { line in codeLines[line] }
        var people = people
        for person in frontMatter.people {
            for word in person.split(whereSeparator: { $0 == " " || $0 == "." }) where word.count > 1 && word.first?.isUppercase == true {
                people.insert(word.lowercased())
            }
        }
        self.people = people
        self.enclosingTitle = enclosingTitle
    }

    var isLog: Bool {
        if case .log = kind { return true }
        return false
    }

    /// The location of a 1-based line and character column.
    func location(line: Int, column: Int) -> SourceLocation {
        switch kind {
        case .log, .report:
            return SourceLocation(file: name, line: line, column: column)
        case .jsonValue(let path):
            return SourceLocation(file: name, path: path)
        }
    }

    /// The location of a 1-based line and a byte column as cmark reports it.
    func location(line: Int, byteColumn: Int) -> SourceLocation {
        location(line: line, column: characterColumn(line: line, byteColumn: byteColumn))
    }

    /// Converts cmark's byte column into a character column.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lines.count, byteColumn > 1 else { return max(byteColumn, 1) }
        let text = lines[line - 1]
        let bytes = min(byteColumn - 1, text.utf8.count)
        return String(decoding: text.utf8.prefix(bytes), as: UTF8.self).count + 1
    }

    func isCode(line: Int) -> Bool {
        line >= 0 && line < codeLines.count && codeLines[line]
    }

    func isGenerated(line: Int) -> Bool {
        line >= 0 && line < generatedLines.count && generatedLines[line]
    }

    /// The title of the section a line belongs to: the last top-level heading above it.
    func sectionTitle(atLine line: Int) -> String? {
        // Binary search: headings are in line order.
        var low = 0
        var high = headings.count
        while low < high {
            let middle = (low + high) / 2
            if headings[middle].line < line { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? headings[low - 1].title : enclosingTitle
    }

    /// For each heading, the index of the block where its section ends: the next
    /// heading of the same or a higher level, or the end of the document.
    func sectionEnds() -> [Int] {
        var ends = [Int](repeating: document.blocks.count, count: headings.count)
        var open: [Int] = []
        for (position, heading) in headings.enumerated() {
            while let last = open.last, headings[last].level >= heading.level {
                ends[last] = heading.blockIndex
                open.removeLast()
            }
            open.append(position)
        }
        return ends
    }

    /// The text of a line from a byte column on.
    func text(ofLine line: Int, fromByteColumn column: Int = 1) -> Substring {
        guard line >= 1, line <= lines.count else { return "" }
        let text = lines[line - 1]
        let offset = min(max(column - 1, 0), text.utf8.count)
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return text[start...]
    }

    private static func collectCode(_ blocks: [MarkdownBlock], into flags: inout [Bool]) {
        for block in blocks {
            switch block.kind {
            case .codeBlock:
                for line in block.startLine...max(block.startLine, block.endLine) where line >= 0 && line < flags.count {
                    flags[line] = true
                }
            case .list, .item, .blockQuote:
                collectCode(block.children, into: &flags)
            default:
                break
            }
        }
    }

    private static func generatedFlags(_ lines: [Substring]) -> [Bool] {
        var flags = [Bool](repeating: false, count: lines.count + 1)
        var open: Int?
        for (offset, line) in lines.enumerated() {
            guard let marker = ReportMarkers.parse(line) else { continue }
            if marker.isBegin {
                open = offset + 1
            } else if let start = open {
                for index in start...(offset + 1) { flags[index] = true }
                open = nil
            }
        }
        return flags
    }
}
