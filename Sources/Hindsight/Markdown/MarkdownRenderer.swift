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
        render(markdown).html
    }

    /// The HTML of a Markdown document and the plain text of its first top-level
    /// level-one heading (as ``MarkdownDocument`` reads it), from one cmark parse.
    static func render(_ markdown: String) -> (html: String, title: String?) {
        render(markdown, readingTablesFromBytes: true)
    }

    /// ``render(_:)``; with `readingTablesFromBytes` false, every pipe table is read by
    /// ``PipeTable`` and each of its cells rendered by cmark, as first written (the
    /// tests compare the two).
    ///
    /// With `keepingTablesOutOfParse` (and `readingTablesFromBytes`), pipe tables standing
    /// alone are read from the bytes and each left to cmark as a one-line stand-in (see
    /// ``TableRuns``); a document where a stand-in does not come back as a top-level
    /// paragraph of its own is parsed whole. The tests compare the two.
    static func render(
        _ markdown: String, readingTablesFromBytes: Bool = true, keepingTablesOutOfParse: Bool = true,
        treeFreed: (() -> Void)? = nil
    ) -> (html: String, title: String?) {
        var source = markdown
        let rendered = source.withUTF8 { bytes in
            render(
                bytes, readingTablesFromBytes: readingTablesFromBytes, keepingTablesOutOfParse: keepingTablesOutOfParse,
                treeFreed: treeFreed)
        }
        return (rendered.html.string, rendered.title)
    }

    /// ``render(_:readingTablesFromBytes:keepingTablesOutOfParse:treeFreed:)`` of UTF-8
    /// bytes, the HTML left as bytes.
    static func render(
        _ bytes: UnsafeBufferPointer<UInt8>, readingTablesFromBytes: Bool = true, keepingTablesOutOfParse: Bool = true,
        treeFreed: (() -> Void)? = nil
    ) -> (html: UTF8Text, title: String?) {
        if readingTablesFromBytes, keepingTablesOutOfParse, let tables = TableRuns(bytes),
            let rendered = render(bytes, tables: tables, treeFreed: treeFreed)
        {
            return rendered
        }
        return render(bytes, tables: nil, treeFreed: treeFreed, readingTablesFromBytes: readingTablesFromBytes)!
    }

    /// ``render(_:)`` with every pipe table run kept out of cmark's parse; nil when the
    /// document has no run, or a run's stand-in is not a top-level paragraph of its own.
    static func renderKeepingTablesOut(_ markdown: String) -> (html: String, title: String?)? {
        var source = markdown
        return source.withUTF8 { bytes in
            TableRuns(bytes).flatMap { render(bytes, tables: $0, treeFreed: nil) }.map { ($0.html.string, $0.title) }
        }
    }

    /// The page's body and title from one cmark parse: of `bytes`, or, with `tables`, of
    /// `bytes` with every table run replaced by its stand-in (nil when a stand-in is
    /// not a top-level paragraph of its own there).
    private static func render(
        _ bytes: UnsafeBufferPointer<UInt8>, tables: TableRuns?, treeFreed: (() -> Void)?, readingTablesFromBytes: Bool = true
    ) -> (html: UTF8Text, title: String?)? {
        func parse(_ text: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
            text.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_DEFAULT) }
        }
        let root = tables.map { $0.reduced(bytes).withUnsafeBufferPointer(parse) } ?? parse(bytes)
        guard let root else { return (UTF8Text(""), nil) }

        // First pass, over cmark's tree: every block rendered, but for the paragraphs
        // that are pipe tables, which only need their lines. The tree (large for a long
        // timeline) is freed before the tables' cells are rendered.
        var pieces: [Piece] = []
        var lines: [Range<Int>]? = tables?.lines
        var title: String?
        var usedAnchors: [String: Int] = [:]
        /// The next table run's index, and how many lines the runs before it took out.
        var nextRun = 0
        var removedLines = 0
        var child = cmark_node_first_child(root)
        while let node = child {
            defer { child = cmark_node_next(node) }
            if let tables, nextRun < tables.runs.count {
                let start = Int(cmark_node_get_start_line(node))
                let end = Int(cmark_node_get_end_line(node))
                let standIn = tables.runs[nextRun].standInLine
                if standIn < start {
                    cmark_node_free(root)
                    return nil
                }
                if standIn <= end {
                    guard cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH, start == end,
                        cmark_node_get_start_column(node) == 1
                    else {
                        cmark_node_free(root)
                        return nil
                    }
                    pieces.append(.tableBytes(tables.runs[nextRun].table))
                    removedLines += tables.runs[nextRun].lines.count - 1
                    nextRun += 1
                    continue
                }
            }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK:
                // Raw HTML from any source is not published; Hindsight's markers are
                // dropped silently, anything else leaves cmark's usual placeholder.
                let isMarker: Bool
                if let literal = cmark_node_get_literal(node) {
                    let literalBytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
                    isMarker = isMarkerBlock(literalBytes) ?? ReportMarkers.isMarkerBlock(String(cString: literal))
                } else {
                    isMarker = ReportMarkers.isMarkerBlock("")
                }
                if !isMarker {
                    pieces.append(.html(render(node)))
                }
            case CMARK_NODE_PARAGRAPH:
                // Lines of the whole document: those of the runs before it come back.
                let first = Int(cmark_node_get_start_line(node)) + removedLines
                let last = Int(cmark_node_get_end_line(node)) + removedLines
                if lines == nil, PipeTable.mayBeTable(node) { lines = lineRanges(bytes) }
                if let lines, PipeTable.mayBeTable(node), first >= 1, last <= lines.count,
                    let table = tableReading(lines[(first - 1)..<last], bytes: bytes, readingTablesFromBytes: readingTablesFromBytes)
                {
                    pieces.append(table)
                } else {
                    pieces.append(.html(render(node)))
                }
            case CMARK_NODE_HEADING:
                let level = Int(cmark_node_get_heading_level(node))
                if title == nil, level == 1 { title = headingText(of: node) }
                let rendered = render(node)
                let anchor = uniqueAnchor(for: plainText(of: node), used: &usedAnchors)
                let openTag = "<h\(level)>"
                if rendered.hasPrefix(openTag), !anchor.isEmpty {
                    pieces.append(.html("<h\(level) id=\"\(anchor)\">" + rendered.dropFirst(openTag.count)))
                } else {
                    pieces.append(.html(rendered))
                }
            default:
                pieces.append(.html(render(node)))
            }
        }
        if let tables, nextRun < tables.runs.count {
            cmark_node_free(root)
            return nil
        }
        cmark_node_free(root)
        lines = nil
        treeFreed?()

        let output = UTF8Output(capacity: bytes.count + bytes.count / 2)
        for index in pieces.indices {
            switch pieces[index] {
            case .html(let html):
                output.appendUTF8(html)
            case .table(let table):
                var html = ""
                table.appendRenderedHTML(to: &html)
                output.appendUTF8(html)
            case .tableBytes(let table):
                table.appendHTML(from: bytes, to: output)
            }
            pieces[index] = .html("")  // done with it
        }
        return (UTF8Text(output), title)
    }

    /// A top-level block: its HTML, or a pipe table whose cells are rendered later.
    private enum Piece {
        case html(String)
        case table(PipeTable)
        case tableBytes(PipeTableBytes)
    }

    /// The piece for a paragraph of two lines or more that is a pipe table; nil when
    /// it is not one (cmark renders it as a paragraph).
    private static func tableReading(
        _ lines: ArraySlice<Range<Int>>, bytes: UnsafeBufferPointer<UInt8>, readingTablesFromBytes: Bool
    ) -> Piece? {
        let reading = readingTablesFromBytes ? PipeTableBytes.read(lines: lines, in: bytes) : .undecided
        switch reading {
        case .table(let table):
            return .tableBytes(table)
        case .notTable:
            return nil
        case .undecided:
            return PipeTable(lines: lines.map { ByteText.substring($0, in: bytes) }).map { .table($0) }
        }
    }

    /// The byte ranges of ``TextScanning/lineRanges(_:)``: lines split at line feeds
    /// that do not follow a carriage return.
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var from = 0
        while let found = ByteText.find(10, in: bytes, from: from, to: bytes.count) {
            from = found + 1
            if found > 0, bytes[found - 1] == 13 { continue }
            ranges.append(start..<found)
            start = found + 1
        }
        ranges.append(start..<bytes.count)
        return ranges
    }

    /// Inline HTML for a short Markdown fragment (a table cell): cmark's rendering
    /// without the surrounding paragraph.
    static func inlineHTML(_ fragment: String) -> String {
        let trimmed = String(fragment.trimmedWhitespace())
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

    /// ``inlineHTML(_:)`` of many fragments, with one cmark call for all the fragments
    /// that are certainly one plain paragraph on their own: those go into one document
    /// separated by blank lines, where each is again a paragraph of its own whose
    /// inline content cmark parses exactly as it would alone. The others (and all of
    /// them, should the document not come back as one paragraph per fragment) are
    /// rendered one by one.
    static func inlineHTML(_ fragments: [String]) -> [String] {
        var results = [String](repeating: "", count: fragments.count)
        var batched: [Int] = []
        for (index, fragment) in fragments.enumerated() {
            let trimmed = fragment.trimmedWhitespace()
            guard !trimmed.isEmpty else { continue }
            if isPlainParagraph(trimmed) {
                batched.append(index)
            } else {
                results[index] = inlineHTML(fragment)
            }
        }
        guard !batched.isEmpty else { return results }
        // Large tables are rendered in a few documents at once, one per core.
        let chunk = cellsPerDocument
        let groups = stride(from: 0, to: batched.count, by: chunk).map { Array(batched[$0..<min($0 + chunk, batched.count)]) }
        render(fragments, inGroups: groups, into: &results)
        return results
    }

    /// The most cells rendered in one document.
    static let cellsPerDocument = 8192

    /// ``inlineHTML(_:)-([String])`` with the documents chosen by the caller: the
    /// fragments with the same `batches` number go into one document, in order; those
    /// numbered -1 are rendered alone.
    static func inlineHTML(_ fragments: [String], batches: [Int]) -> [String] {
        var results = [String](repeating: "", count: fragments.count)
        var groups: [[Int]] = []
        for index in fragments.indices {
            let batch = batches[index]
            if batch < 0 {
                results[index] = inlineHTML(fragments[index])
                continue
            }
            while groups.count <= batch { groups.append([]) }
            groups[batch].append(index)
        }
        render(fragments, inGroups: groups.filter { !$0.isEmpty }, into: &results)
        return results
    }

    /// Renders each group of fragments as one document (see ``inlineHTML(_:)-([String])``).
    private static func render(_ fragments: [String], inGroups groups: [[Int]], into results: inout [String]) {
        let rendered = ParallelWork.map(groups) { group -> [String] in
            var document = ""
            for index in group {
                document += fragments[index].trimmedWhitespace()
                document += "\n\n"
            }
            let html = html(fromFragment: document)
            if let paragraphs = paragraphContents(html, count: group.count) {
                return paragraphs.map(String.init)
            }
            return group.map { inlineHTML(fragments[$0]) }
        }
        for (group, htmls) in zip(groups, rendered) {
            for (index, html) in zip(group, htmls) { results[index] = html }
        }
    }

    /// Whether a trimmed, one-line fragment can only be a paragraph, and cannot start a
    /// block that would run on past a blank line (fenced code, HTML blocks). Fragments
    /// starting with `[` may be link reference definitions, which leave no paragraph:
    /// ``paragraphContents(_:count:)`` notices the missing paragraph.
    static func isPlainParagraph(_ text: Substring) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first else { return false }
        for byte in utf8 where byte < 0x20 && byte != 0x09 { return false }
        switch first {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...0xFF:
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            // `1.` and `1)` start ordered lists.
            let after = utf8.first { !($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            return after != UInt8(ascii: ".") && after != UInt8(ascii: ")")
        case UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "_"):
            // Bullets (`- x`, `-`) and thematic breaks (`***`, `- - -`).
            let second = utf8.dropFirst().first
            if first != UInt8(ascii: "_"), second == nil || second == 0x20 || second == 0x09 { return false }
            return utf8.contains { $0 != first && $0 != 0x20 && $0 != 0x09 }
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "`"), UInt8(ascii: "~"):
            return false
        default:
            return true
        }
    }

    /// The contents of the `count` paragraphs cmark rendered, or nil unless the HTML is
    /// exactly `count` paragraphs. A paragraph's content holds no `</p>` of its own
    /// (text is escaped and raw HTML omitted), so the closing tags split it.
    static func paragraphContents(_ html: String, count: Int) -> [Substring]? {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var copy = html
        let exact = copy.withUTF8 { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                // `<p>`
                guard ranges.count < count, index + 3 <= bytes.count, bytes[index] == 60, bytes[index + 1] == 112,
                    bytes[index + 2] == 62
                else { return false }
                let start = index + 3
                var cursor = start
                var closing = -1
                // `</p>\n`
                while cursor + 5 <= bytes.count {
                    if bytes[cursor] == 60, bytes[cursor + 1] == 47, bytes[cursor + 2] == 112, bytes[cursor + 3] == 62,
                        bytes[cursor + 4] == 10
                    {
                        closing = cursor
                        break
                    }
                    cursor += 1
                }
                guard closing >= 0 else { return false }
                ranges.append(start..<closing)
                index = closing + 5
            }
            return ranges.count == count
        }
        guard exact else { return nil }
        let utf8 = html.utf8
        return ranges.map { range in
            html[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
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

    /// A heading's text as ``MarkdownDocument`` copies it (text, code and inline HTML;
    /// breaks as spaces), for the page title.
    private static func headingText(of node: OpaquePointer) -> String {
        MarkdownDocument.inlineText(of: node).replacingOccurrences(of: "\n", with: " ")
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

    /// Whether a paragraph spans the two lines or more that a table needs.
    static func mayBeTable(_ node: OpaquePointer) -> Bool {
        cmark_node_get_end_line(node) > cmark_node_get_start_line(node)
    }

    init(header: [String], alignments: [Alignment], rows: [[String]]) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }

    /// Recognises `| a | b |` / `|---|:--:|` / rows. Returns nil for anything else.
    init?(lines: [String]) {
        self.init(lines: lines.map { Substring($0) })
    }

    init?(lines: [Substring]) {
        guard lines.count >= 2 else { return nil }
        // Every line must hold a `|`; a line without the byte certainly does not.
        guard lines.allSatisfy({ $0.utf8.contains(UInt8(ascii: "|")) }) else { return nil }
        let trimmed = lines.map { $0.trimmedWhitespace() }
        guard trimmed.allSatisfy({ $0.hasPrefix("|") || $0.contains("|") }) else { return nil }
        let header = PipeTable.cells(of: trimmed[0])
        let delimiter = PipeTable.cells(of: trimmed[1])
        guard !header.isEmpty, delimiter.count == header.count else { return nil }
        var alignments: [Alignment] = []
        for cell in delimiter {
            let core = cell.trimmedWhitespace()
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
        cells(of: Substring(line))
    }

    static func cells(of line: Substring) -> [String] {
        let body = line.trimmedWhitespace()
        return asciiCells(of: body) ?? characterCells(of: body)
    }

    /// ``cells(of:)`` character by character, for any trimmed row.
    static func characterCells(of trimmedLine: Substring) -> [String] {
        var body = trimmedLine
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
                cells.append(String(current.trimmedWhitespace()))
                current = ""
            default:
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(String(current.trimmedWhitespace()))
        return cells
    }

    /// ``cells(of:)`` from the bytes of a trimmed row. Exact as long as every `\`, `` ` ``
    /// and `|` is a character of its own, which it is unless a non-ASCII scalar (a
    /// combining mark, a joiner) stands next to it; nil then, and for non-contiguous text.
    static func asciiCells(of body: Substring) -> [String]? {
        body.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
            func special(_ byte: UInt8) -> Bool { byte == pipe || byte == backslash || byte == backtick }
            for index in bytes.indices where special(bytes[index]) {
                if index > 0, bytes[index - 1] >= 0x80 { return nil }
                if index + 1 < bytes.count, bytes[index + 1] >= 0x80 { return nil }
            }
            var start = 0
            var end = bytes.count
            if end > start, bytes[start] == pipe { start += 1 }
            if end > start, bytes[end - 1] == pipe, !(end - start >= 2 && bytes[end - 2] == backslash) { end -= 1 }
            if !bytes[start..<end].contains(backslash) {
                // No escapes: each cell is a slice between separating pipes.
                func cell(_ lower: Int, _ upper: Int) -> String {
                    var lower = lower, upper = upper
                    while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
                    while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
                    // Other whitespace (no-break spaces…) is not ASCII: trim by scalars then.
                    if lower < upper, bytes[lower] >= 0x80 || bytes[upper - 1] >= 0x80 { return String(text.trimmedWhitespace()) }
                    return text
                }
                var cells: [String] = []
                var inCode = false
                var cellStart = start
                for index in start..<end {
                    let byte = bytes[index]
                    if byte == backtick {
                        inCode.toggle()
                    } else if byte == pipe, !inCode {
                        cells.append(cell(cellStart, index))
                        cellStart = index + 1
                    }
                }
                cells.append(cell(cellStart, end))
                return cells
            }
            var cells: [String] = []
            var current: [UInt8] = []
            var escaped = false
            var inCode = false
            func finish() {
                cells.append(String(String(decoding: current, as: UTF8.self).trimmedWhitespace()))
                current.removeAll(keepingCapacity: true)
            }
            var index = start
            while index < end {
                let byte = bytes[index]
                index += 1
                if escaped {
                    if byte != pipe { current.append(backslash) }
                    current.append(byte)
                    escaped = false
                    continue
                }
                switch byte {
                case backslash: escaped = true
                case backtick:
                    inCode.toggle()
                    current.append(byte)
                case pipe where !inCode:
                    finish()
                default:
                    current.append(byte)
                }
            }
            if escaped { current.append(backslash) }
            finish()
            return cells
        } ?? nil
    }

    func html(cell render: (String) -> String) -> String {
        var html = ""
        appendHTML(to: &html, cells: (header + rows.joined()).map(render))
        return html
    }

    /// Appends the table's HTML, its cells rendered by ``MarkdownRenderer/inlineHTML(_:)``
    /// a block of rows at a time, so a long table's cells are not all held at once.
    func appendRenderedHTML(to html: inout String) {
        let rowsAtOnce = 16_384
        var block = PipeTable(header: header, alignments: alignments, rows: [])
        var start = 0
        repeat {
            block.rows = Array(rows[start..<min(start + rowsAtOnce, rows.count)])
            let cells = MarkdownRenderer.inlineHTML((start == 0 ? header : []) + block.rows.joined())
            block.appendHTML(to: &html, cells: cells, parts: (start == 0, start + rowsAtOnce >= rows.count))
            start += rowsAtOnce
        } while start < rows.count
    }

    /// Appends the table's HTML given every cell's inline HTML, header cells first and
    /// then the rows' cells in order.
    func appendHTML(to html: inout String, cells: [String]) {
        appendHTML(to: &html, cells: cells, parts: (true, true))
    }

    /// `parts` says whether to write the head (and the header cells lead `cells`) and
    /// the end of the table: a long table is written a block of rows at a time.
    private func appendHTML(to html: inout String, cells: [String], parts: (head: Bool, end: Bool)) {
        func attribute(_ alignment: Alignment) -> String {
            switch alignment {
            case .none: return ""
            case .left: return " style=\"text-align: left\""
            case .center: return " style=\"text-align: center\""
            case .right: return " style=\"text-align: right\""
            }
        }
        let attributes = alignments.map(attribute)
        var next = 0
        if parts.head {
            html += "<div class=\"table\"><table>\n<thead>\n<tr>"
            for index in header.indices {
                html += "<th scope=\"col\""
                html += attributes[index]
                html += ">"
                html += cells[next]
                html += "</th>"
                next += 1
            }
            html += "</tr>\n</thead>\n<tbody>\n"
        }
        for row in rows {
            html += "<tr>"
            for index in row.indices {
                html += "<td"
                html += attributes[index]
                html += ">"
                html += cells[next]
                html += "</td>"
                next += 1
            }
            html += "</tr>\n"
        }
        if parts.end { html += "</tbody>\n</table></div>\n" }
    }
}
