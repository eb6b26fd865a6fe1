internal import CCmark
import Foundation

/// A block of a Markdown document as cmark parsed it, copied into Swift values.
///
/// Positions are 1-based; columns count UTF-8 bytes, as cmark reports them.
struct MarkdownBlock: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case heading(level: Int)
        case paragraph
        case list(ordered: Bool)
        case item
        case blockQuote
        case codeBlock(info: String)
        case htmlBlock
        case thematicBreak
        case other
    }

    var kind: Kind
    var startLine: Int
    var startColumn: Int
    var endLine: Int
    var endColumn: Int
    /// Plain text of the block's inline content (headings, paragraphs) or its literal
    /// (code and HTML blocks). Soft and hard breaks become `\n`.
    var text: String
    var children: [MarkdownBlock]
}

/// A Markdown document parsed by cmark into immutable Swift values.
///
/// This type and ``MarkdownRenderer`` are the only places that touch libcmark: the C
/// tree is walked once, copied, and freed before the initialiser returns.
struct MarkdownDocument: Sendable {
    /// The source text split into lines (without their line terminators).
    let lines: [Substring]
    let blocks: [MarkdownBlock]
    /// Whether the source is all ASCII (then every byte is a character of its own).
    let isASCII: Bool

    init(parsing source: String) {
        self.init(parsing: source[...])
    }

    /// Parses part of a string (a body after front matter) without copying it.
    ///
    /// With `nestedText` false, blocks inside containers (the paragraphs of list items,
    /// block quotes) are copied without their `text`, which a reader that takes their
    /// source lines instead does not need: a long timeline is one paragraph per entry.
    init(parsing source: Substring, nestedText: Bool = true) {
        var source = source
        // Split from the bytes; a final carriage return is dropped from each line.
        let lines = Self.lines(of: source)
        self.lines = lines
        var isASCII = true
        let root: OpaquePointer? = source.withUTF8 { buffer in
            isASCII = Self.isASCII(buffer)
            return buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
        }
        self.isASCII = isASCII
        guard let root else {
            self.blocks = []
            return
        }
        // Each top-level block is freed once copied, so a long document's C tree and
        // its Swift copy are not both held in full.
        var blocks: [MarkdownBlock] = []
        var child = cmark_node_first_child(root)
        while let current = child {
            child = cmark_node_next(current)
            if let block = MarkdownDocument.block(from: current, depth: 0, nestedText: nestedText) { blocks.append(block) }
            cmark_node_free(current)
        }
        cmark_node_free(root)
        self.blocks = blocks
    }

    /// The source text of lines `first...last` (1-based), the first one starting at
    /// byte column `column`.
    func source(fromLine first: Int, column: Int = 1, toLine last: Int) -> String {
        guard first >= 1, first <= lines.count else { return "" }
        let last = min(max(last, first), lines.count)
        var result = ""
        for index in first...last {
            let line = lines[index - 1]
            if index == first, column > 1 {
                let utf8 = line.utf8
                let offset = min(column - 1, utf8.count)
                let start = utf8.index(utf8.startIndex, offsetBy: offset)
                result += String(line[start...])
            } else {
                result += line
            }
            if index != last { result += "\n" }
        }
        return result
    }

    /// The source text covered by a block.
    func source(of block: MarkdownBlock) -> String {
        source(fromLine: block.startLine, column: block.startColumn, toLine: block.endLine)
    }

    // MARK: - Copying the C tree

    /// Containers nested deeper than this are kept as source lines of their parent
    /// but not copied block by block, so hostile nesting cannot exhaust the stack.
    static let maximumDepth = 64

    /// The lines of `text`, as `text.split(separator: "\n", omittingEmptySubsequences: false)`
    /// gives them (`"\r\n"` is one `Character`, so a line feed after a carriage return
    /// does not split), each without a final carriage return; found from the bytes.
    static func lines(of text: Substring) -> [Substring] {
        let utf8 = text.utf8
        let breaks = utf8.withContiguousStorageIfAvailable(TextScanning.lineBreakOffsets)
        guard let breaks else {
            // Not contiguous UTF-8 (a bridged string): split a native copy.
            let copy = String(text)
            return lines(of: copy[...])
        }
        func line(_ start: String.Index, _ end: String.Index) -> Substring {
            let line = text[start..<end]
            return line.utf8.last == 13 ? line.dropLast() : line
        }
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        for offset in breaks {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(line(start, end))
            start = utf8.index(after: end)
        }
        lines.append(line(start, utf8.endIndex))
        return lines
    }

    /// Whether no byte has its high bit set, eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] >= 0x80 { return false }
            offset += 1
        }
        return true
    }

    private static func children(of node: OpaquePointer, depth: Int, nestedText: Bool) -> [MarkdownBlock] {
        guard depth < maximumDepth else { return [] }
        // Counted first, so the array is allocated once (a list item holds one or two blocks).
        var count = 0
        var next = cmark_node_first_child(node)
        while let current = next {
            count += 1
            next = cmark_node_next(current)
        }
        guard count > 0 else { return [] }
        var result: [MarkdownBlock] = []
        result.reserveCapacity(count)
        var child = cmark_node_first_child(node)
        while let current = child {
            if let block = block(from: current, depth: depth, nestedText: nestedText) { result.append(block) }
            child = cmark_node_next(current)
        }
        return result
    }

    private static func block(from node: OpaquePointer, depth: Int, nestedText: Bool) -> MarkdownBlock? {
        let withText = nestedText || depth == 0
        let type = cmark_node_get_type(node)
        let kind: MarkdownBlock.Kind
        var text = ""
        var children: [MarkdownBlock] = []
        switch type {
        case CMARK_NODE_HEADING:
            kind = .heading(level: Int(cmark_node_get_heading_level(node)))
            if withText { text = inlineText(of: node) }
        case CMARK_NODE_PARAGRAPH:
            kind = .paragraph
            if withText { text = inlineText(of: node) }
        case CMARK_NODE_LIST:
            kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST)
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText)
        case CMARK_NODE_ITEM:
            kind = .item
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText)
        case CMARK_NODE_BLOCK_QUOTE:
            kind = .blockQuote
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText)
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)))
            text = string(cmark_node_get_literal(node))
        case CMARK_NODE_HTML_BLOCK:
            kind = .htmlBlock
            text = string(cmark_node_get_literal(node))
        case CMARK_NODE_THEMATIC_BREAK:
            kind = .thematicBreak
        default:
            kind = .other
        }
        return MarkdownBlock(
            kind: kind,
            startLine: Int(cmark_node_get_start_line(node)),
            startColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)),
            endColumn: Int(cmark_node_get_end_column(node)),
            text: text,
            children: children
        )
    }

    /// Concatenates the text of a node's inline descendants without recursion, so
    /// deeply nested emphasis cannot exhaust the stack.
    static func inlineText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                text += string(cmark_node_get_literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += "\n"
            default:
                break
            }
        }
        return text
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
