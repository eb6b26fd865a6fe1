internal import ByteScan
import Foundation

/// A pipe table read from the UTF-8 bytes of the document, for the page renderer: rows
/// stay byte ranges of the document until they are written, and a cell whose text
/// cmark would show as it is (see ``MarkdownRenderer/plainCellLength(_:_:_:)``) is
/// copied, escaped, straight into the page. Every other cell (emphasis, code, links,
/// escapes…) is still rendered by cmark, as ``PipeTable`` renders it.
///
/// It gives exactly ``PipeTable``'s HTML (the tests compare them). Where bytes cannot
/// decide as characters would (a `|`, `` ` `` or `\` next to a non-ASCII scalar, which a
/// combining mark could join), ``read(lines:in:)`` answers `undecided` for the table,
/// and a row with such a byte or with escapes is split by ``PipeTable/cells(of:)``.
struct PipeTableBytes {
    var header: [String]
    var alignments: [PipeTable.Alignment]
    /// Each row's bytes in the document, trimmed as ``PipeTable`` trims its lines.
    var rows: [Range<Int>]

    /// What the bytes of a paragraph's lines say.
    enum Reading {
        case table(PipeTableBytes)
        case notTable
        /// Bytes cannot decide: ask ``PipeTable/init(lines:)``.
        case undecided
    }

    /// ``PipeTable/init(lines:)`` of the paragraph whose lines are `lines` (byte ranges
    /// of `bytes`, without their line breaks).
    static func read(lines: ArraySlice<Range<Int>>, in bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        guard lines.count >= 2 else { return .notTable }
        var trimmed: [Range<Int>] = []
        trimmed.reserveCapacity(lines.count)
        for line in lines {
            let body = ByteText.trimmed(line, in: bytes)
            // Every line holds a `|` that is a character of its own (or bytes cannot tell).
            var pipes = 0
            var index = body.lowerBound
            while index < body.upperBound, let found = ByteText.find(ByteClass.pipe, in: bytes, from: index, to: body.upperBound) {
                if found > body.lowerBound, bytes[found - 1] >= 0x80 { return .undecided }
                if found + 1 < body.upperBound, bytes[found + 1] >= 0x80 { return .undecided }
                pipes += 1
                index = found + 1
            }
            if pipes == 0 {
                // A line without the byte is certainly not a table row.
                return ByteText.find(ByteClass.pipe, in: bytes, from: line.lowerBound, to: line.upperBound) == nil ? .notTable : .undecided
            }
            trimmed.append(body)
        }
        let header = PipeTable.cells(of: ByteText.substring(trimmed[0], in: bytes))
        let delimiter = PipeTable.cells(of: ByteText.substring(trimmed[1], in: bytes))
        guard !header.isEmpty, delimiter.count == header.count else { return .notTable }
        var alignments: [PipeTable.Alignment] = []
        for cell in delimiter {
            let core = cell.trimmedWhitespace()
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" || $0 == ":" }), core.contains("-") else { return .notTable }
            switch (core.hasPrefix(":"), core.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        return .table(PipeTableBytes(header: header, alignments: alignments, rows: Array(trimmed.dropFirst(2))))
    }

    /// One cell to write: bytes of the document copied as they are (escaped when
    /// `escapes`), or the cmark rendering at `rendered` in the block's list.
    private struct Cell {
        var start: Int
        var end: Int
        var rendered: Int
        var escapes: Bool
    }

    /// Appends the table's HTML, as ``PipeTable/appendRenderedHTML(to:)`` writes it,
    /// a block of rows at a time.
    func appendHTML(from bytes: UnsafeBufferPointer<UInt8>, to output: UTF8Output) {
        let attributes: [StaticString] = alignments.map { alignment in
            switch alignment {
            case .none: ""
            case .left: " style=\"text-align: left\""
            case .center: " style=\"text-align: center\""
            case .right: " style=\"text-align: right\""
            }
        }
        let columns = header.count
        let rowsAtOnce = 16_384
        var cells: [Cell] = []
        var start = 0
        repeat {
            let stop = min(start + rowsAtOnce, rows.count)
            cells.removeAll(keepingCapacity: true)
            cells.reserveCapacity((stop - start) * columns)
            var fragments = CellFragments()
            if start == 0 {
                for cell in header { fragments.add(cell) }
            }
            for row in rows[start..<stop] {
                Self.readRow(row, columns: columns, in: bytes, cells: &cells, fragments: &fragments)
            }
            let rendered = fragments.texts.isEmpty ? [] : MarkdownRenderer.inlineHTML(fragments.texts, batches: fragments.batches)
            if start == 0 {
                output.appendLiteral("<div class=\"table\"><table>\n<thead>\n<tr>")
                for column in 0..<columns {
                    output.appendLiteral("<th scope=\"col\"")
                    output.appendLiteral(attributes[column])
                    output.appendLiteral(">")
                    output.appendUTF8(rendered[column])
                    output.appendLiteral("</th>")
                }
                output.appendLiteral("</tr>\n</thead>\n<tbody>\n")
            }
            var next = 0
            for _ in start..<stop {
                output.appendLiteral("<tr>")
                for column in 0..<columns {
                    output.appendLiteral("<td")
                    output.appendLiteral(attributes[column])
                    output.appendLiteral(">")
                    let cell = cells[next]
                    if cell.rendered >= 0 {
                        output.appendUTF8(rendered[cell.rendered])
                    } else if cell.escapes {
                        ByteText.appendEscaped(bytes, cell.start..<cell.end, to: output)
                    } else if cell.end > cell.start {
                        output.append(UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end]))
                    }
                    output.appendLiteral("</td>")
                    next += 1
                }
                output.appendLiteral("</tr>\n")
            }
            if stop >= rows.count { output.appendLiteral("</tbody>\n</table></div>\n") }
            start += rowsAtOnce
        } while start < rows.count
    }

    /// Appends a row's `columns` cells (missing ones empty, extra ones dropped), as
    /// ``PipeTable/cells(of:)`` splits it; the text of the cells cmark must render is
    /// appended to `fragments`.
    private static func readRow(
        _ row: Range<Int>, columns: Int, in bytes: UnsafeBufferPointer<UInt8>, cells: inout [Cell], fragments: inout CellFragments
    ) {
        let lower = row.lowerBound, upper = row.upperBound
        let firstCell = cells.count
        // (Counts, not a copy: a copy would share the fragments' arrays, and the next
        // fragment added would copy them whole, row after row.)
        let fragmentsBefore = fragments.mark
        var start = lower
        var end = upper
        if end > start, bytes[start] == ByteClass.pipe { start += 1 }
        if end > start, bytes[end - 1] == ByteClass.pipe, !(end - start >= 2 && bytes[end - 2] == ByteClass.backslash) { end -= 1 }
        // The pipes dropped at the ends are characters of their own, as the others must be.
        var decided = true
        if start > lower, lower + 1 < upper, bytes[lower + 1] >= 0x80 { decided = false }
        if end < upper, upper - 2 >= lower, bytes[upper - 2] >= 0x80 { decided = false }

        var count = 0
        func add(_ from: Int, _ to: Int, special: Bool, escapes: Bool) {
            guard count < columns else { return }
            count += 1
            let text = ByteText.trimmed(from..<to, in: bytes)
            if text.isEmpty {
                cells.append(Cell(start: text.lowerBound, end: text.lowerBound, rendered: -1, escapes: false))
            } else if !special, MarkdownRenderer.isPlainCell(bytes, text) {
                cells.append(Cell(start: text.lowerBound, end: text.upperBound, rendered: -1, escapes: escapes))
                fragments.addCopied()
            } else {
                cells.append(Cell(start: 0, end: 0, rendered: fragments.texts.count, escapes: false))
                fragments.add(String(decoding: UnsafeBufferPointer(rebasing: bytes[text]), as: UTF8.self))
            }
        }
        if decided {
            var cellStart = start
            var special = false
            var escapes = false
            var inCode = false
            var index = start
            let classes = ByteClass.table
            scan: while index < end {
                // Ordinary bytes skipped sixteen at a time.
                if let base = bytes.baseAddress { index = hindsight_scan_table_row(base, index, end) }
                guard index < end else { break }
                let byte = bytes[index]
                switch classes[Int(byte)] {
                case ByteClass.ordinary:
                    break
                case ByteClass.separator:
                    if index > lower, bytes[index - 1] >= 0x80 { decided = false; break scan }
                    if index + 1 < upper, bytes[index + 1] >= 0x80 { decided = false; break scan }
                    if byte == ByteClass.backslash { decided = false; break scan }
                    if byte == ByteClass.backtick {
                        inCode.toggle()
                        special = true
                    } else if !inCode {
                        add(cellStart, index, special: special, escapes: escapes)
                        cellStart = index + 1
                        special = false
                        escapes = false
                    }
                case ByteClass.inline:
                    special = true
                default:
                    escapes = true
                }
                index += 1
            }
            if decided { add(cellStart, end, special: special, escapes: escapes) }
        }
        if !decided {
            // Escapes, or bytes that only characters can split: the character-level cells.
            cells.removeSubrange(firstCell...)
            fragments.rollBack(to: fragmentsBefore)
            count = 0
            for text in PipeTable.cells(of: ByteText.substring(row, in: bytes)).prefix(columns) {
                cells.append(Cell(start: 0, end: 0, rendered: fragments.texts.count, escapes: false))
                fragments.add(text)
                count += 1
            }
        }
        while count < columns {
            cells.append(Cell(start: 0, end: 0, rendered: -1, escapes: false))
            count += 1
        }
    }
}

/// The cells of a block of rows that cmark renders, and the document each would have
/// been rendered in by ``MarkdownRenderer/inlineHTML(_:)-([String])`` had every cell of
/// the block been given to it: cells copied without cmark count in that numbering too,
/// so each cell is rendered in the company it always had (a document that does not come
/// back as one paragraph per cell falls back to one call per cell, which can differ at
/// the edges of a cell; see ``MarkdownRenderer/isPlainCell(_:_:)``).
struct CellFragments {
    var texts: [String] = []
    /// The document of each text (its number among the cells that go into documents,
    /// divided by ``MarkdownRenderer/cellsPerDocument``), or -1 for a cell rendered alone.
    var batches: [Int] = []
    private var batchedCells = 0

    mutating func add(_ text: String) {
        let trimmed = text.trimmedWhitespace()
        if !trimmed.isEmpty, MarkdownRenderer.isPlainParagraph(trimmed) {
            batches.append(batchedCells / MarkdownRenderer.cellsPerDocument)
            batchedCells += 1
        } else {
            batches.append(-1)
        }
        texts.append(text)
    }

    /// A cell copied without cmark: one that would have gone into a document.
    mutating func addCopied() {
        batchedCells += 1
    }

    /// Where the fragments stand, to go back to with ``rollBack(to:)``.
    var mark: (texts: Int, batchedCells: Int) { (texts.count, batchedCells) }

    /// Drops what was added since `mark` was taken.
    mutating func rollBack(to mark: (texts: Int, batchedCells: Int)) {
        texts.removeSubrange(min(mark.texts, texts.count)...)
        batches.removeSubrange(min(mark.texts, batches.count)...)
        batchedCells = mark.batchedCells
    }
}

/// What a byte means to a table row and to cmark's inline parser.
enum ByteClass {
    static let pipe = UInt8(ascii: "|")
    static let backslash = UInt8(ascii: "\\")
    static let backtick = UInt8(ascii: "`")

    /// Nothing to anyone.
    static let ordinary: UInt8 = 0
    /// `|`, `` ` `` and `\`: they split a row into cells.
    static let separator: UInt8 = 1
    /// Starts inline syntax in cmark (emphasis, links, images, entities, raw HTML,
    /// breaks): the cell goes to cmark. Control bytes and tabs too.
    static let inline: UInt8 = 2
    /// Escaped by cmark's HTML writer: `"` and `>`.
    static let escaped: UInt8 = 3

    /// The class of every byte: 256 bytes allocated once for the run, read through a
    /// pointer in the row loop.
    // Written once, when first used, and only read after that.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: ordinary, count: 256)
        for byte in 0..<0x20 { table[byte] = inline }
        for character in "*_[]<&!" { table[Int(character.asciiValue ?? 0)] = inline }
        for character in "|`\\" { table[Int(character.asciiValue ?? 0)] = separator }
        for character in "\">" { table[Int(character.asciiValue ?? 0)] = escaped }
        return UnsafePointer(table)
    }()

    @inline(__always)
    static func of(_ byte: UInt8) -> UInt8 {
        table[Int(byte)]
    }
}

/// Text operations on ranges of UTF-8 bytes that give what the `String` operations
/// they stand for give.
enum ByteText {
    /// The range left after removing `TextScanning.isWhitespace` scalars at both ends,
    /// as `trimmedWhitespace()` does.
    static func trimmed(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper {
            let byte = bytes[lower]
            if byte < 0x80 {
                guard byte == 0x20 || byte == 0x09 else { break }
                lower += 1
            } else {
                let (value, length) = scalar(at: lower, in: bytes)
                guard TextScanning.isWhitespace(value) else { break }
                lower += length
            }
        }
        while upper > lower {
            let byte = bytes[upper - 1]
            if byte < 0x80 {
                guard byte == 0x20 || byte == 0x09 else { break }
                upper -= 1
            } else {
                var start = upper - 1
                while start > lower, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                guard TextScanning.isWhitespace(scalar(at: start, in: bytes).value) else { break }
                upper = start
            }
        }
        return lower..<upper
    }

    /// The scalar whose UTF-8 starts at `index` (the bytes are valid UTF-8) and its length.
    @inline(__always)
    static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        func trail(_ offset: Int) -> UInt32 { index + offset < bytes.count ? UInt32(bytes[index + offset] & 0x3F) : 0 }
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | trail(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | trail(1) << 6 | trail(2), 3) }
        return ((lead & 0x07) << 18 | trail(1) << 12 | trail(2) << 6 | trail(3), 4)
    }

    /// The offset of the first `byte` in `from..<to`.
    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The bytes as a `Substring` of a string of their own.
    static func substring(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Substring {
        Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
    }

    /// Appends the bytes with `"` and `>` escaped as cmark's HTML writer escapes them
    /// (the other bytes it escapes, `&` and `<`, never reach here).
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to output: UTF8Output) {
        var copied = range.lowerBound
        for index in range {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ">") else { continue }
            output.append(UnsafeBufferPointer(rebasing: bytes[copied..<index]))
            output.appendLiteral(byte == UInt8(ascii: "\"") ? "&quot;" : "&gt;")
            copied = index + 1
        }
        output.append(UnsafeBufferPointer(rebasing: bytes[copied..<range.upperBound]))
    }
}

/// Growable UTF-8 output, appended to with plain memory copies (appending to an
/// `Array` or a `String` costs a hundred instructions or more a call, and a page is
/// written in hundreds of thousands of pieces).
final class UTF8Output {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// The output of `count` bytes at `base`, in an allocation of `capacity` bytes made
    /// with `UnsafeMutablePointer.allocate`, which it now owns.
    init(adopting base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int) {
        self.base = base
        self.count = count
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// Writes `bytes` over the bytes from `offset`, which must lie within those written.
    func write(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        guard let start = bytes.baseAddress, offset >= 0, offset + bytes.count <= count else { return }
        (base + offset).update(from: start, count: bytes.count)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Makes room for `capacity` bytes in all, so appending up to there copies nothing.
    func reserveCapacity(_ capacity: Int) {
        if capacity > self.capacity { grow(to: capacity) }
    }

    @inline(__always)
    func append(_ pointer: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: pointer, count: length)
        count += length
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        append(start, count: bytes.count)
    }

    /// Appends the UTF-8 of a literal.
    @inline(__always)
    func appendLiteral(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Appends the UTF-8 of a string.
    @inline(__always)
    func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends the UTF-8 of a substring.
    @inline(__always)
    func appendUTF8(_ text: Substring) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// The output as a string (valid UTF-8 in, the same text out).
    func string() -> String {
        // Everything written is UTF-8 (copied from strings, cmark's output and ASCII).
        ReportMarkers.string(decodingValid: UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written so far, read in place.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

extension MarkdownRenderer {
    /// Whether cmark renders the trimmed, non-empty text `range` (a table cell) as a
    /// paragraph holding exactly the text, escaped, so that the cell's HTML is its
    /// bytes with `"` and `>` escaped. It is when no byte starts inline syntax
    /// (``ByteClass``: none of `` \ ` * _ [ ] < & ! ``, no control byte or tab), and the
    /// text cannot start another block (``isPlainParagraph(_:)``: no heading, quote,
    /// list item, thematic break or fence). The tests check the claim against cmark.
    static func isPlainCell(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = bytes[range.lowerBound]
        // A non-ASCII scalar at an edge could join cmark's `<p>` or `</p>` into one
        // character, which ``inlineHTML(_:)`` notices (it then escapes the text itself):
        // only scalars that stand alone are taken.
        if bytes[range.upperBound - 1] >= 0x80 {
            var start = range.upperBound - 1
            while start > range.lowerBound, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard standsAlone(ByteText.scalar(at: start, in: bytes).value) else { return false }
        }
        switch first {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        case 0x80...0xFF:
            return standsAlone(ByteText.scalar(at: range.lowerBound, in: bytes).value)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            // `1.` and `1)` start ordered lists.
            var index = range.lowerBound + 1
            while index < range.upperBound, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index == range.upperBound || (bytes[index] != UInt8(ascii: ".") && bytes[index] != UInt8(ascii: ")"))
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            // Bullets (`- x`, `-`) and thematic breaks (`---`, `- - -`).
            guard range.count > 1, bytes[range.lowerBound + 1] != 0x20, bytes[range.lowerBound + 1] != 0x09 else { return false }
            return bytes[range].contains { $0 != first && $0 != 0x20 && $0 != 0x09 }
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"),
            UInt8(ascii: "_"):
            return false
        default:
            return true
        }
    }

    /// Latin letters and general punctuation: no scalar there extends, joins or
    /// prepends to a neighbour (see ``LabelScalars/standalone(_:)``).
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0...0x24F, 0x1E00...0x1EFF, 0x2010...0x2027, 0x2030...0x205E: true
        default: false
        }
    }

    /// A cell's inline HTML without cmark when ``isPlainCell(_:_:)`` says it is its own
    /// text; nil otherwise. ``inlineHTML(_:)`` gives the same for every such cell.
    static func plainCellHTML(_ fragment: String) -> String? {
        var text = String(fragment.trimmedWhitespace())
        return text.withUTF8 { bytes -> String? in
            guard !bytes.isEmpty else { return "" }
            for byte in bytes where ByteClass.of(byte) == ByteClass.inline || ByteClass.of(byte) == ByteClass.separator && byte != ByteClass.pipe {
                return nil
            }
            guard isPlainCell(bytes, 0..<bytes.count) else { return nil }
            let output = UTF8Output()
            ByteText.appendEscaped(bytes, 0..<bytes.count, to: output)
            return output.string()
        }
    }

    /// ``ReportMarkers/isMarkerBlock(_:)`` from an HTML block's bytes, without copying
    /// them into a string (the chart's comment is long); nil when a byte next to a
    /// marker's ASCII ends is not ASCII, where characters could differ: ask it then.
    static func isMarkerBlock(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let prefix: StaticString = "<!-- hindsight:"
        let suffix: StaticString = "-->"
        var sawLine = false
        var undecided = false
        var lineStart = 0
        while lineStart < bytes.count {
            // `split(separator: "\n")`: "\r\n" is one character, not a separator.
            var lineEnd = bytes.count
            var search = lineStart
            while let found = ByteText.find(10, in: bytes, from: search, to: bytes.count) {
                if found > 0, bytes[found - 1] == 13 {
                    search = found + 1
                    continue
                }
                lineEnd = found
                break
            }
            let line = ByteText.trimmed(lineStart..<lineEnd, in: bytes)
            if !line.isEmpty {
                sawLine = true
                let starts = prefix.withUTF8Buffer { pattern in
                    line.count >= pattern.count && bytes[line.lowerBound..<(line.lowerBound + pattern.count)].elementsEqual(pattern)
                }
                let ends = suffix.withUTF8Buffer { pattern in
                    line.count >= pattern.count && bytes[(line.upperBound - pattern.count)..<line.upperBound].elementsEqual(pattern)
                }
                if starts, line.lowerBound + prefix.utf8CodeUnitCount < line.upperBound,
                    bytes[line.lowerBound + prefix.utf8CodeUnitCount] >= 0x80
                {
                    undecided = true
                }
                if ends, line.upperBound - suffix.utf8CodeUnitCount > line.lowerBound,
                    bytes[line.upperBound - suffix.utf8CodeUnitCount - 1] >= 0x80
                {
                    undecided = true
                }
                if !starts || !ends { return false }
            }
            lineStart = lineEnd + 1
        }
        if undecided { return nil }
        return sawLine
    }
}
