internal import CCmark
internal import CMarkArena
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
    private(set) var blocks: [MarkdownBlock]
    /// Whether the source is all ASCII (then every byte is a character of its own).
    let isASCII: Bool

    /// The blocks, moved out (the document keeps none), for a caller to let go of when
    /// it suits; the lines stay.
    mutating func takeBlocks() -> [MarkdownBlock] {
        var taken: [MarkdownBlock] = []
        swap(&taken, &blocks)
        return taken
    }

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
        source.withUTF8 { _ in }  // contiguous from here on, so the lines share its storage
        let text = source
        // The lines (split from the bytes; a final carriage return dropped from each) and
        // the ASCII test are made while a long document's parts are parsed on the other
        // cores.
        let parsed = source.withUTF8 { buffer in
            let shared = SharedBytes(bytes: buffer)
            return Self.blocks(parsing: buffer, nestedText: nestedText) {
                (lines: Self.lines(of: text), isASCII: Self.isASCII(shared.bytes))
            }
        }
        blocks = parsed.blocks
        lines = parsed.extra.lines
        isASCII = parsed.extra.isASCII
    }

    /// The top-level blocks of a document. A long one is parsed in parts on every core
    /// when it can be cut where the parts parse exactly as the whole (see ``parts(of:)``).
    static func blocks(
        parsing bytes: UnsafeBufferPointer<UInt8>, nestedText: Bool, partBytes: Int = partBytes,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [MarkdownBlock] {
        blocks(parsing: bytes, nestedText: nestedText, partBytes: partBytes, cores: cores) { () }.blocks
    }

    /// ``blocks(parsing:nestedText:partBytes:cores:)``, and what `alongside` makes: on a
    /// core of its own while the parts are parsed (first, for a document of one part).
    static func blocks<Extra: Sendable>(
        parsing bytes: UnsafeBufferPointer<UInt8>, nestedText: Bool, partBytes: Int = partBytes,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount, alongside: @escaping @Sendable () -> Extra
    ) -> (blocks: [MarkdownBlock], extra: Extra) {
        let split = splitBlocks(parsing: bytes, nestedText: nestedText, partBytes: partBytes, cores: cores, alongside: alongside)
        if let blocks = split.blocks, let extra = split.extra {
            return (blocks, extra)
        }
        let extra = split.extra ?? alongside()
        defer { hindsight_arena_drain() }
        let blocks = blocks(
            parsing: bytes, lineOffset: 0, nestedText: nestedText, endsBeforeHeading: false,
            inArena: bytes.count < 2 * partBytes)!
        return (blocks, extra)
    }

    /// The top-level blocks of the document's ``parts(of:partBytes:cores:)`` parsed on
    /// every core; nil when it is one part, or when a part cannot be joined to the next.
    static func splitBlocks(
        parsing bytes: UnsafeBufferPointer<UInt8>, nestedText: Bool, partBytes: Int, cores: Int
    ) -> [MarkdownBlock]? {
        splitBlocks(parsing: bytes, nestedText: nestedText, partBytes: partBytes, cores: cores) { () }.blocks
    }

    /// ``splitBlocks(parsing:nestedText:partBytes:cores:)``, with `alongside` run as one
    /// more task beside the parts (its result nil when the document is one part).
    private static func splitBlocks<Extra: Sendable>(
        parsing bytes: UnsafeBufferPointer<UInt8>, nestedText: Bool, partBytes: Int, cores: Int,
        alongside: @escaping @Sendable () -> Extra
    ) -> (blocks: [MarkdownBlock]?, extra: Extra?) {
        let parts = Self.parts(of: bytes, partBytes: partBytes, cores: cores)
        guard parts.count > 1 else { return (nil, nil) }
        let text = SharedBytes(bytes: bytes)
        // The extra task first, so it starts at once on a core of its own.
        let results = ParallelWork.map(Array(-1..<parts.count)) { index -> PartialParse<Extra> in
            guard index >= 0 else { return .extra(alongside()) }
            return .part(Self.blocks(
                parsing: UnsafeBufferPointer(rebasing: text.bytes[parts[index].bytes]), lineOffset: parts[index].lineOffset,
                nestedText: nestedText, endsBeforeHeading: index + 1 < parts.count, inArena: true))
        }
        hindsight_arena_drain()
        var extra: Extra?
        var joinedBlocks: [MarkdownBlock] = []
        var joined = true
        for result in results {
            switch result {
            case .extra(let made): extra = made
            case .part(let part?): joinedBlocks += part
            case .part(nil): joined = false
            }
        }
        return (joined ? joinedBlocks : nil, extra)
    }

    /// Parses `bytes`, whose first line is line `lineOffset + 1` of the document, and
    /// copies the top-level blocks.
    ///
    /// `inArena`, cmark's tree is allocated in an arena of the calling thread's own and
    /// unmapped in one go once copied (see `cmark_arena.h`): for a part or a short
    /// document, whose whole tree may be held at once. Otherwise it comes from `malloc`
    /// and each top-level block is freed once copied, so a long document's tree and its
    /// Swift copy are not both held in full.
    ///
    /// When the part `endsBeforeHeading` of the document: nil if a block still open at its
    /// end is a code or HTML block (which might have taken that heading in as one of its
    /// lines) or a setext heading (cmark ends such a heading, like a fenced code block
    /// closed by its container, on the line that closes it: the next part's first).
    private static func blocks(
        parsing bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int, nestedText: Bool, endsBeforeHeading: Bool,
        inArena: Bool
    ) -> [MarkdownBlock]? {
        defer { if inArena { hindsight_arena_release() } }
        let root: OpaquePointer? = bytes.withMemoryRebound(to: CChar.self) { chars in
            guard inArena else { return cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT) }
            let parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, hindsight_arena_mem_for(chars.count))
            cmark_parser_feed(parser, chars.baseAddress, chars.count)
            return cmark_parser_finish(parser)
        }
        guard let root else { return [] }
        // In the arena, nothing is freed block by block.
        defer { if !inArena { cmark_node_free(root) } }
        if endsBeforeHeading {
            // The blocks still open at the part's end, innermost last.
            var open = cmark_node_last_child(root)
            while let node = open {
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK
                    || (type == CMARK_NODE_HEADING && cmark_node_get_end_line(node) > cmark_node_get_start_line(node))
                {
                    return nil
                }
                open = cmark_node_last_child(node)
            }
        }
        var blocks: [MarkdownBlock] = []
        var child = cmark_node_first_child(root)
        while let current = child {
            child = cmark_node_next(current)
            if let block = MarkdownDocument.block(from: current, depth: 0, nestedText: nestedText, lineOffset: lineOffset) {
                blocks.append(block)
            }
            if !inArena { cmark_node_free(current) }
        }
        return blocks
    }

    /// About the size of a part of a long document: the trees of one part per core are
    /// held at a time. Shorter documents are parsed whole.
    static let partBytes = 1 << 20

    /// Where a long document can be cut so that each part parses as it does in the
    /// whole: before ATX headings (`#` to `######` and a space, at the start of a line)
    /// near equal shares of the bytes about `partBytes` long; one part when it cannot, or
    /// when there is one core.
    ///
    /// Such a heading closes every block open before it (a heading is never a lazy
    /// continuation line, and no container holds a line that starts in column one
    /// without its marker) unless it lies inside a top-level fenced code or HTML block,
    /// which the parser of the part before checks. Parts share nothing else but link
    /// reference definitions, so a document that may hold one (`]:`) is not cut, nor
    /// one with carriage returns (which cmark counts as line breaks too).
    static func parts(of bytes: UnsafeBufferPointer<UInt8>, partBytes: Int, cores: Int) -> [(bytes: Range<Int>, lineOffset: Int)] {
        let whole = [(bytes: 0..<bytes.count, lineOffset: 0)]
        guard cores > 1, partBytes > 0, bytes.count >= partBytes * 2, ByteText.find(13, in: bytes, from: 0, to: bytes.count) == nil
        else { return whole }
        var from = 0
        while let bracket = ByteText.find(93, in: bytes, from: from, to: bytes.count) {
            if bracket + 1 < bytes.count, bytes[bracket + 1] == 58 { return whole }
            from = bracket + 1
        }
        let count = bytes.count / partBytes
        var cuts: [Int] = []
        /// Whether a line starts at `start` with an ATX heading's opening sequence and a space.
        func isHeading(_ start: Int) -> Bool {
            var marks = 0
            while start + marks < bytes.count, bytes[start + marks] == 35, marks < 7 { marks += 1 }
            return (1...6).contains(marks) && start + marks < bytes.count && bytes[start + marks] == 32
        }
        for share in 1..<count {
            // The first heading after the share's mark, else the last one before it.
            let mark = bytes.count * share / count
            var found: Int?
            var search = mark
            while let newline = ByteText.find(10, in: bytes, from: search, to: bytes.count) {
                search = newline + 1
                if isHeading(newline + 1) {
                    found = newline + 1
                    break
                }
            }
            if found == nil {
                var index = mark
                while index > 0 {
                    index -= 1
                    if bytes[index] == 10, isHeading(index + 1) {
                        found = index + 1
                        break
                    }
                }
            }
            if let found, found > (cuts.last ?? 0), found < bytes.count { cuts.append(found) }
        }
        guard !cuts.isEmpty else { return whole }
        var parts: [(bytes: Range<Int>, lineOffset: Int)] = []
        var start = 0
        var line = 0
        for cut in cuts + [bytes.count] {
            parts.append((start..<cut, line))
            var index = start
            while let newline = ByteText.find(10, in: bytes, from: index, to: cut) {
                line += 1
                index = newline + 1
            }
            start = cut
        }
        return parts
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

    private static func children(of node: OpaquePointer, depth: Int, nestedText: Bool, lineOffset: Int) -> [MarkdownBlock] {
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
            if let block = block(from: current, depth: depth, nestedText: nestedText, lineOffset: lineOffset) {
                result.append(block)
            }
            child = cmark_node_next(current)
        }
        return result
    }

    private static func block(from node: OpaquePointer, depth: Int, nestedText: Bool, lineOffset: Int) -> MarkdownBlock? {
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
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText, lineOffset: lineOffset)
        case CMARK_NODE_ITEM:
            kind = .item
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText, lineOffset: lineOffset)
        case CMARK_NODE_BLOCK_QUOTE:
            kind = .blockQuote
            children = Self.children(of: node, depth: depth + 1, nestedText: nestedText, lineOffset: lineOffset)
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
            startLine: Int(cmark_node_get_start_line(node)) + lineOffset,
            startColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)) + lineOffset,
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

/// The document's bytes, read (never changed) by the parsers of its parts.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// One task of parsing a document in parts: the blocks of a part (nil when it cannot
/// be joined to the next), or what was made alongside.
private enum PartialParse<Extra: Sendable>: Sendable {
    case part([MarkdownBlock]?)
    case extra(Extra)
}
