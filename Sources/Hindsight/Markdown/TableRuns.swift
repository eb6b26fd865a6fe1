/// The pipe tables of a document that stand on lines of their own, found before cmark
/// parses it, so that cmark need not build a tree of a long table's lines only for
/// the table to be read from its bytes after all.
///
/// A run is a maximal sequence of two lines or more that start with `|` and that
/// ``PipeTableBytes`` reads as a table. Each run is replaced by one line, ``standIn``,
/// which starts with `|` and holds no other special byte. A line that starts with `|`
/// opens no block and closes none but the ones a paragraph line closes, so the stand-in
/// meets exactly the blocks the run's first line meets, and leaves them as the run's
/// last line does. When cmark makes the stand-in a top-level paragraph of its own, the
/// run was one top-level paragraph of its own too, the paragraph
/// ``MarkdownRenderer`` renders as a table; anywhere else (inside a list item, a quote,
/// a code or HTML block, continued by a line before or after it, underlined into a
/// heading) the caller parses the whole document instead.
struct TableRuns {
    struct Run {
        /// The run's lines, 1-based, in the whole document.
        var lines: ClosedRange<Int>
        /// From the first line's first byte to the last line's end (before its line feed).
        var bytes: Range<Int>
        var table: PipeTableBytes
        /// The stand-in's line in the reduced document.
        var standInLine: Int
    }

    static let standIn: [UInt8] = Array("|table|".utf8)

    /// The document's lines (as ``MarkdownRenderer/lineRanges(_:)`` splits them).
    let lines: [Range<Int>]
    let runs: [Run]

    /// The runs of `bytes`; nil when there are none, or when the text holds a carriage
    /// return (where lines would not be counted as cmark counts them).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard ByteText.find(124, in: bytes, from: 0, to: bytes.count) != nil,
            ByteText.find(13, in: bytes, from: 0, to: bytes.count) == nil
        else { return nil }
        let lines = MarkdownRenderer.lineRanges(bytes)
        var runs: [Run] = []
        var removed = 0
        var index = 0
        while index < lines.count {
            guard Self.startsWithPipe(lines[index], in: bytes) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count, Self.startsWithPipe(lines[end], in: bytes) { end += 1 }
            if end - index >= 2, case .table(let table) = PipeTableBytes.read(lines: lines[index..<end], in: bytes) {
                runs.append(Run(
                    lines: (index + 1)...end, bytes: lines[index].lowerBound..<lines[end - 1].upperBound,
                    table: table, standInLine: index + 1 - removed))
                removed += end - index - 1
            }
            index = end
        }
        guard !runs.isEmpty else { return nil }
        self.lines = lines
        self.runs = runs
    }

    private static func startsWithPipe(_ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !line.isEmpty && bytes[line.lowerBound] == 124
    }

    /// The document with every run replaced by ``standIn``.
    func reduced(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        var kept = bytes.count + runs.count * Self.standIn.count
        for run in runs { kept -= run.bytes.count }
        result.reserveCapacity(kept)
        var from = 0
        for run in runs {
            result.append(contentsOf: bytes[from..<run.bytes.lowerBound])
            result.append(contentsOf: Self.standIn)
            from = run.bytes.upperBound
        }
        result.append(contentsOf: bytes[from...])
        return result
    }
}
