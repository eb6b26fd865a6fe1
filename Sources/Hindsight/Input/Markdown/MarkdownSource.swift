/// A parsed Markdown body together with where it sits in the input file: the file's
/// name and how many front matter lines came before it. Turns cmark's positions (1-based
/// lines of the body, byte columns) into file locations (lines, character columns).
struct MarkdownSource {
    private(set) var document: MarkdownDocument
    let file: String
    /// Lines of front matter before the body's first line.
    let lineOffset: Int

    var blocks: [MarkdownBlock] { document.blocks }

    /// ``MarkdownDocument/takeBlocks()``: locations are still found from the lines.
    mutating func takeBlocks() -> [MarkdownBlock] { document.takeBlocks() }
    var lineCount: Int { document.lines.count }

    /// The body's line (1-based), or an empty line when out of range.
    func line(_ number: Int) -> Substring {
        guard number >= 1, number <= document.lines.count else { return "" }
        return document.lines[number - 1]
    }

    /// Calls `body` with the bytes of a body line (1-based; none when out of range), read
    /// in place through the lines' buffer: entries are read on every core, and a copied
    /// line would count references on the whole text's storage each time.
    func withLineBytes<Result>(_ number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard number >= 1, number <= document.lines.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return document.lines.withUnsafeBufferPointer { lines in
            if let result = lines[number - 1].utf8.withContiguousStorageIfAvailable(body) { return result }
            return Array(lines[number - 1].utf8).withUnsafeBufferPointer(body)
        }
    }

    /// The bytes of a body line (1-based), empty when out of range.
    func lineBytes(_ number: Int) -> [UInt8] {
        withLineBytes(number) { Array($0) }
    }

    /// The 1-based character column of a 1-based byte column on a body line.
    ///
    /// Read in place through the lines' buffer (called for every entry on every core, a
    /// copied line would count references on the whole text's storage each time).
    func characterColumn(line number: Int, byteColumn: Int) -> Int {
        guard number >= 1, number <= document.lines.count else { return 1 }
        let ascii = document.isASCII
        let wanted = max(byteColumn - 1, 0)
        return document.lines.withUnsafeBufferPointer { lines in
            let counted = lines[number - 1].utf8.withContiguousStorageIfAvailable { bytes in
                let offset = min(wanted, bytes.count)
                if ascii { return offset }
                // Scalars start at every byte that is not a continuation byte (`10xxxxxx`).
                var scalars = 0
                for byte in bytes[..<offset] where byte & 0xC0 != 0x80 { scalars += 1 }
                // A column inside a character counts as that character's.
                if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { scalars -= 1 }
                return scalars
            }
            if let counted { return counted + 1 }
            let text = lines[number - 1]
            let end = text.utf8.index(text.startIndex, offsetBy: min(wanted, text.utf8.count))
            return text.unicodeScalars[text.startIndex..<end].count + 1
        }
    }

    /// The file location of a body line and byte column.
    func location(line number: Int, byteColumn: Int) -> SourceLocation {
        SourceLocation(file: file, line: number + lineOffset, column: characterColumn(line: number, byteColumn: byteColumn))
    }

    /// The file location of a block's start.
    func location(of block: MarkdownBlock) -> SourceLocation {
        location(line: block.startLine, byteColumn: block.startColumn)
    }

    /// The raw text of a block, continuation lines stripped of the block's own indentation.
    func source(of block: MarkdownBlock) -> String {
        dedented(fromLine: block.startLine, column: block.startColumn, toLine: block.endLine)
    }

    /// Lines `first...last`, the first from byte column `column`, the others losing up to
    /// `column - 1` leading spaces (the indentation of the block they continue).
    func dedented(fromLine first: Int, column: Int, toLine last: Int) -> String {
        guard first >= 1, first <= lineCount, last >= first else { return "" }
        var result = ""
        let indent = column - 1
        for number in first...min(last, lineCount) {
            let text = line(number)
            if number == first {
                result += dropBytes(text, indent)
            } else {
                result += "\n"
                var dropped = 0
                var index = text.utf8.startIndex
                while dropped < indent, index < text.utf8.endIndex, text.utf8[index] == 32 {
                    index = text.utf8.index(after: index)
                    dropped += 1
                }
                result += text[index...]
            }
        }
        return result
    }

    private func dropBytes(_ text: Substring, _ count: Int) -> Substring {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: min(count, utf8.count))
        return text[index...]
    }

    /// Lines `first...last` exactly as written, joined with newlines, with blank lines
    /// at both ends removed; lines inside `excluded` spans are left out, and the pieces
    /// around them are joined by a blank line. `excluded` must be sorted and disjoint
    /// (see ``disjoint(_:)``): only the spans near the lines are looked at, so a document
    /// of thousands of sections is not read once per section.
    func text(fromLine first: Int, toLine last: Int, excluding excluded: [ClosedRange<Int>] = []) -> String {
        guard first <= last, first <= lineCount else { return "" }
        // The first span that ends at or after `first`.
        var low = 0
        var high = excluded.count
        while low < high {
            let middle = (low + high) / 2
            if excluded[middle].upperBound < first { low = middle + 1 } else { high = middle }
        }
        var span = low
        var chunks: [[Substring]] = [[]]
        for number in max(first, 1)...min(last, lineCount) {
            while span < excluded.count, excluded[span].upperBound < number { span += 1 }
            if span < excluded.count, excluded[span].contains(number) {
                if !(chunks.last?.isEmpty ?? true) { chunks.append([]) }
                continue
            }
            chunks[chunks.count - 1].append(line(number))
        }
        var pieces: [String] = []
        for var chunk in chunks {
            while let head = chunk.first, isBlank(head) { chunk.removeFirst() }
            while let tail = chunk.last, isBlank(tail) { chunk.removeLast() }
            if !chunk.isEmpty { pieces.append(chunk.joined(separator: "\n")) }
        }
        return pieces.joined(separator: "\n\n")
    }

    /// Line spans sorted and merged where they overlap or touch, as ``text(fromLine:toLine:excluding:)`` needs them.
    static func disjoint(_ spans: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }

    func isBlank(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }
}
