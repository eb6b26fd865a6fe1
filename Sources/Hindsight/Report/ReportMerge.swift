/// Something a reviewer should know about an update of their report: an edited block
/// kept although the regenerated one differs, a block added or removed, text of the new
/// draft that was or was not taken, markers that do not pair up.
public struct ReportMergeNote: Hashable, Sendable {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        /// A block the reviewer edited was kept, and the regenerated block differs from
        /// the one originally generated.
        case keptEditedBlock
        /// A block the reviewer edited was kept although the new draft no longer has it.
        case keptObsoleteBlock
        /// An unedited block that the new draft no longer has was removed.
        case removedBlock
        /// A block of the new draft that the report did not have was added.
        case addedBlock
        /// The chart data line was edited by hand and kept.
        case keptEditedChart
        /// The new draft's chart data line was added; the report had none.
        case addedChart
        /// The chart data line was removed: the new draft has no chart.
        case removedChart
        /// Text of the new draft outside the blocks was added where the report had none.
        case addedText
        /// Text of the new draft outside the blocks is not in the report, which keeps its own.
        case differentText
        /// Markers that do not pair up; the text they enclose is kept as written.
        case damagedMarkers
        /// The existing text has no Hindsight markers, so nothing was merged.
        case notAReport
    }

    /// 1-based line in the merged text (line 1 for ``Kind/notAReport``).
    public var line: Int
    public var kind: Kind
    public var message: String

    public init(line: Int, kind: Kind, message: String) {
        self.line = line
        self.kind = kind
        self.message = message
    }
}

/// Regenerates a report that reviewers have edited without losing their work.
///
/// The existing report is the base of the result: every line outside the generated
/// blocks stays where it is, in the reviewer's order. Generated blocks (between
/// `<!-- hindsight:begin NAME FINGERPRINT -->` and `<!-- hindsight:end NAME -->`) whose
/// text still matches their fingerprint are replaced by the new draft's block of the
/// same name; edited ones are kept with their old fingerprint, so they stay "edited" on
/// later runs. Blocks new in the draft are inserted after the nearest preceding block or
/// heading both reports share, with their section heading when the report lacks it;
/// unedited blocks the draft no longer has are removed. Text the draft has outside the
/// blocks is only taken where the report has nothing between the same two landmarks
/// (review prompts and headings of prompt-only sections excepted, so what a reviewer
/// deleted stays deleted). The chart data line is replaced unless edited by hand.
///
/// The result uses the existing report's line endings (CRLF when most of its lines end
/// so, else LF) and ends with a line ending. Merging is deterministic and idempotent.
/// Merging an unedited report gives the new draft byte for byte, except where text the
/// log contributes outside the blocks changed (kept, with a note: without the old draft
/// it cannot be told from a reviewer's) or a block went away (its heading stays).
public enum ReportMerge {
    public static func update(existing: String, fresh: String) -> (text: String, notes: [ReportMergeNote]) {
        let existingLines = ReportLines(existing)
        let old = ParsedReport(lines: existingLines.lines)
        guard old.hasMarkers else {
            let message = "the file has no Hindsight markers (`<!-- hindsight:begin … -->`), so it is not a report Hindsight drafted; nothing was merged"
            return (existing, [ReportMergeNote(line: 1, kind: .notAReport, message: message)])
        }
        var merger = ReportMerger(old: old, new: ParsedReport(lines: ReportLines(fresh).lines))
        merger.carryExisting()
        merger.insertNewBlocks()
        merger.fillEmptyRegions()
        return merger.result(lineEnding: existingLines.usesCRLF ? "\r\n" : "\n")
    }
}

// MARK: - Lines

/// A text split into lines: `\n` and `\r\n` both end a line, a final line ending adds no
/// empty line, and the ending most lines use is remembered.
struct ReportLines {
    var lines: [String] = []
    var usesCRLF = false

    init(_ text: String) {
        var current = ""
        var crlf = 0
        var lf = 0
        for character in text {
            if character == "\n" || character == "\r\n" {
                if character == "\n" { lf += 1 } else { crlf += 1 }
                lines.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        usesCRLF = crlf > lf
    }
}

// MARK: - Pieces

/// A generated block: its marker lines as written and the lines between them.
struct GeneratedBlock {
    var name: String
    /// The fingerprint in the begin marker; nil when the marker has none.
    var fingerprint: String?
    var begin: String
    var body: [String]
    var end: String

    var bodyFingerprint: String { ReportMarkers.fingerprint(of: body.map { $0[...] }) }
    /// Whether the body no longer matches the marker's fingerprint (a block without one
    /// counts as edited: nothing says it is as generated).
    var isEdited: Bool { fingerprint.map { !ReportMarkers.matches(body.map { $0[...] }, fingerprint: $0) } ?? true }
}

/// One unit of a report for merging: a line outside the generated blocks, a whole
/// block, or the chart data line; with the notes the merge attaches to it.
struct ReportPiece {
    enum Content {
        case text(String)
        case block(GeneratedBlock)
        case chart(String)
    }

    /// A note waiting for its line number.
    struct PendingNote {
        var kind: ReportMergeNote.Kind
        var message: String
    }

    var content: Content
    /// The level of an ATX heading (a text line cmark reads as a heading), else nil.
    var headingLevel: Int?
    var notes: [PendingNote] = []

    static let blank = ReportPiece(content: .text(""), headingLevel: nil)

    var text: String? {
        if case .text(let line) = content { return line }
        return nil
    }

    var isBlank: Bool { text.map { $0.allSatisfy(\.isWhitespace) } ?? false }
    var isNonBlankText: Bool { text != nil && !isBlank }
    /// Blocks, the chart line and headings: the landmarks a merge steers by.
    var isLandmark: Bool { text == nil || headingLevel != nil }

    var lines: [String] {
        switch content {
        case .text(let line), .chart(let line): return [line]
        case .block(let block): return [block.begin] + block.body + [block.end]
        }
    }

    var withoutNotes: ReportPiece {
        var copy = self
        copy.notes = []
        return copy
    }

    /// A review prompt such as `_Prompt for the review meeting: …_`.
    var isPrompt: Bool {
        guard let line = text?.trimmingCharacters(in: .whitespaces) else { return false }
        return line.hasPrefix("_Prompt") && line.hasSuffix("_")
    }
}

/// What identifies a landmark across two reports: a block by name, a heading by its
/// text, each with its occurrence number; and the chart line.
enum PieceKey: Hashable {
    case block(String, Int)
    case heading(String, Int)
    case chart

    static func keys(of pieces: [ReportPiece]) -> [PieceKey?] {
        var blocks: [String: Int] = [:]
        var headings: [String: Int] = [:]
        return pieces.map { piece in
            switch piece.content {
            case .block(let block):
                blocks[block.name, default: 0] += 1
                return .block(block.name, blocks[block.name, default: 1])
            case .chart:
                return .chart
            case .text(let line):
                guard piece.headingLevel != nil else { return nil }
                let text = line.trimmingCharacters(in: .whitespaces)
                headings[text, default: 0] += 1
                return .heading(text, headings[text, default: 1])
            }
        }
    }
}

/// A report cut into pieces. Markers that do not pair up (a begin marker whose next
/// marker is not its end, an end marker with no begin) become text lines, with a note,
/// and their block names are remembered so a new copy of the block is not added.
struct ParsedReport {
    var pieces: [ReportPiece] = []
    var keys: [PieceKey?] = []
    var hasMarkers = false
    var damagedNames: Set<String> = []

    init(lines: [String]) {
        let headings = Self.headingLevels(lines)
        var sawChart = false
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let level = headings[index + 1]
            guard let marker = ReportMarkers.parse(line[...]) else {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !sawChart, trimmed.hasPrefix(ChartData.commentPrefix), trimmed.hasSuffix("-->") {
                    sawChart = true
                    pieces.append(ReportPiece(content: .chart(line)))
                } else {
                    pieces.append(ReportPiece(content: .text(line), headingLevel: level))
                }
                index += 1
                continue
            }
            hasMarkers = true
            var next = index + 1
            while next < lines.count, ReportMarkers.parse(lines[next][...]) == nil { next += 1 }
            if marker.isBegin, next < lines.count, let end = ReportMarkers.parse(lines[next][...]), !end.isBegin, end.name == marker.name {
                let block = GeneratedBlock(
                    name: marker.name, fingerprint: marker.fingerprint, begin: line,
                    body: Array(lines[(index + 1)..<next]), end: lines[next])
                pieces.append(ReportPiece(content: .block(block)))
                index = next + 1
                continue
            }
            damagedNames.insert(marker.name)
            let message = marker.isBegin
                ? "the generated block “\(marker.name)” has a begin marker but no end marker after it; its text is kept as written and not regenerated (add `<!-- hindsight:end \(marker.name) -->` where it ends to have it regenerated)"
                : "an end marker for “\(marker.name)” has no begin marker before it; the text around it is kept as written"
            pieces.append(ReportPiece(content: .text(line), headingLevel: level, notes: [.init(kind: .damagedMarkers, message: message)]))
            index += 1
        }
        keys = PieceKey.keys(of: pieces)
    }

    /// ATX headings at the top level of the document as cmark reads it (so a `#` line
    /// inside a code block is no heading), by 1-based line.
    static func headingLevels(_ lines: [String]) -> [Int: Int] {
        let document = MarkdownDocument(parsing: lines.joined(separator: "\n"))
        var levels: [Int: Int] = [:]
        for block in document.blocks {
            guard case .heading(let level) = block.kind, block.startLine == block.endLine, lines.indices.contains(block.startLine - 1),
                lines[block.startLine - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#")
            else { continue }
            levels[block.startLine] = level
        }
        return levels
    }

    func index(of key: PieceKey?) -> Int? {
        guard let key else { return nil }
        return keys.firstIndex(of: key)
    }

    var chart: ReportPiece? {
        pieces.first { if case .chart = $0.content { return true } else { return false } }
    }
}

// MARK: - Merging

/// The merge of an existing report (`old`) with a new draft (`new`), built up in
/// `output` in three passes: carry the existing pieces over, insert new blocks, fill
/// empty places with the draft's text.
struct ReportMerger {
    let old: ParsedReport
    let new: ParsedReport
    var output: [ReportPiece] = []

    init(old: ParsedReport, new: ParsedReport) {
        self.old = old
        self.new = new
    }

    /// Every existing piece in its place: text lines as they are, unedited blocks and
    /// the chart line as the draft has them now, edited ones as the reviewer left them,
    /// unedited blocks the draft no longer has removed.
    mutating func carryExisting() {
        var pending: [ReportPiece.PendingNote] = []
        var dropNextBlank = false
        for (index, piece) in old.pieces.enumerated() {
            var carried: ReportPiece?
            switch piece.content {
            case .text:
                if dropNextBlank, piece.isBlank, piece.notes.isEmpty {
                    dropNextBlank = false
                    continue
                }
                carried = piece
            case .block(let block):
                carried = carriedBlock(block, piece: piece, fresh: new.index(of: old.keys[index]).map { new.pieces[$0] })
                if carried == nil {
                    pending.append(.init(kind: .removedBlock, message: "removed the generated block “\(block.name)”: the new draft no longer has it (the text around it, such as its heading, is kept)"))
                }
            case .chart(let line):
                carried = carriedChart(line, piece: piece)
                if carried == nil {
                    pending.append(.init(kind: .removedChart, message: "removed the timeline chart data: the new draft has no chart"))
                }
            }
            guard var carried else {
                // The note goes on the last line with text before the removed piece (the
                // first one after it at the start). Removing a piece between two blank
                // lines would leave a double blank line.
                if let before = output.lastIndex(where: { !$0.isBlank }) {
                    output[before].notes += pending
                    pending = []
                }
                dropNextBlank = output.last?.isBlank ?? true
                continue
            }
            dropNextBlank = false
            carried.notes = pending + carried.notes
            pending = []
            output.append(carried)
        }
        if !pending.isEmpty {
            if output.isEmpty { output.append(.blank) }
            output[output.count - 1].notes += pending
        }
    }

    /// A block as it goes into the result: the draft's when the existing one is
    /// unedited (or edited into the same text), the reviewer's otherwise; nil to remove it.
    func carriedBlock(_ block: GeneratedBlock, piece: ReportPiece, fresh: ReportPiece?) -> ReportPiece? {
        guard let fresh, case .block(let freshBlock) = fresh.content else {
            guard block.isEdited else { return nil }
            var kept = piece
            kept.notes.append(.init(kind: .keptObsoleteBlock, message: "kept your edits in “\(block.name)”; the new draft no longer has this block, so delete it if it is no longer wanted"))
            return kept
        }
        let freshFingerprint = freshBlock.bodyFingerprint
        if !block.isEdited || block.bodyFingerprint == freshFingerprint {
            var replaced = fresh.withoutNotes
            replaced.notes = piece.notes
            return replaced
        }
        var kept = piece
        // Whether the fresh text is what the reviewer started from (their marker's
        // fingerprint, of whichever kind).
        if !(block.fingerprint.map { ReportMarkers.matches(freshBlock.body.map { $0[...] }, fingerprint: $0) } ?? false) {
            kept.notes.append(.init(kind: .keptEditedBlock, message: "kept your edits in “\(block.name)”; the regenerated version differs from the one you edited (to take it, delete the block, markers included, and update again)"))
        }
        return kept
    }

    /// The chart line as it goes into the result: the draft's unless edited by hand; nil
    /// to remove it. A line counts as generated when it is the exact encoding of the
    /// data it holds (an edit that keeps that form cannot be told apart).
    func carriedChart(_ line: String, piece: ReportPiece) -> ReportPiece? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let generated = ChartData.parse(fromMarkdown: trimmed).map { $0.markdownComment() == trimmed } ?? false
        if let fresh = new.chart, case .chart(let freshLine) = fresh.content {
            if generated || trimmed == freshLine.trimmingCharacters(in: .whitespaces) { return fresh.withoutNotes }
            var kept = piece
            kept.notes.append(.init(kind: .keptEditedChart, message: "kept the timeline chart data, which was edited by hand; the new draft's chart differs (to take it, delete this line and update again)"))
            return kept
        }
        guard !generated else { return nil }
        var kept = piece
        kept.notes.append(.init(kind: .keptEditedChart, message: "kept the timeline chart data, which was edited by hand; the new draft has no chart"))
        return kept
    }

    /// Adds the draft's blocks (and chart line) that the result lacks, in the draft's
    /// order, each after the nearest landmark before it that the result has. A block
    /// whose section heading the result lacks comes with that heading and goes at the
    /// end of the landmark's section. Blocks whose markers are damaged in the report are
    /// not added again.
    mutating func insertNewBlocks() {
        for (index, piece) in new.pieces.enumerated() {
            let message: String
            switch piece.content {
            case .block(let block):
                guard !old.damagedNames.contains(block.name), !PieceKey.keys(of: output).contains(new.keys[index]) else { continue }
                message = "added the generated block “\(block.name)”, which the report did not have"
            case .chart:
                guard !PieceKey.keys(of: output).contains(.chart) else { continue }
                message = "added the timeline chart data, which the report did not have"
            case .text:
                continue
            }
            insert(freshIndex: index, note: .init(kind: isChart(piece) ? .addedChart : .addedBlock, message: message))
        }
    }

    func isChart(_ piece: ReportPiece) -> Bool {
        if case .chart = piece.content { return true }
        return false
    }

    mutating func insert(freshIndex: Int, note: ReportPiece.PendingNote) {
        let outputKeys = PieceKey.keys(of: output)
        var anchor: (output: Int, fresh: Int)?
        var sectionStart: Int?
        for index in stride(from: freshIndex - 1, through: 0, by: -1) {
            if let key = new.keys[index], let found = outputKeys.firstIndex(of: key) {
                anchor = (found, index)
                break
            }
            if sectionStart == nil, new.pieces[index].headingLevel != nil { sectionStart = index }
        }
        let chunkStart = sectionStart ?? freshIndex
        var chunk = new.pieces[chunkStart...freshIndex].map(\.withoutNotes)
        chunk[chunk.count - 1].notes = [note]

        var position: Int
        if let level = new.pieces[chunkStart].headingLevel {
            // A new section: at the end of the anchor's section.
            let from = anchor.map { $0.output + 1 } ?? 0
            position = output[from...].firstIndex { ($0.headingLevel ?? Int.max) <= level } ?? output.count
        } else if let anchor {
            let regionEnd = output[(anchor.output + 1)...].firstIndex(where: \.isLandmark) ?? output.count
            let region = (anchor.output + 1)..<regionEnd
            let before = new.pieces[(anchor.fresh + 1)..<freshIndex].filter(\.isNonBlankText).compactMap(\.text)
            if let last = before.last?.trimmingCharacters(in: .whitespaces) {
                // After the text that precedes the block in the draft, or else after the region's text.
                let match = region.last { output[$0].text?.trimmingCharacters(in: .whitespaces) == last }
                var after = (match ?? region.last { output[$0].isNonBlankText } ?? anchor.output) + 1
                while after < regionEnd, output[after].isNonBlankText { after += 1 }
                position = after
            } else {
                position = anchor.output + 1
            }
        } else {
            position = 0
        }

        let blankBefore = chunkStart > 0 && new.pieces[chunkStart - 1].isBlank
        let blankAfter = freshIndex + 1 < new.pieces.count && new.pieces[freshIndex + 1].isBlank
        if blankBefore, position < output.count, output[position].isBlank, position == 0 || !output[position - 1].isBlank {
            // Use the blank line that is already there.
            position += 1
        }
        if blankBefore, position > 0, !output[position - 1].isBlank { chunk.insert(.blank, at: 0) }
        if blankAfter, position < output.count, !output[position].isBlank { chunk.append(.blank) }
        output.insert(contentsOf: chunk, at: position)
    }

    /// Takes the draft's text outside the blocks where the result has none: for each
    /// landmark both share (and the start), when the result has only blank lines between
    /// it and its next shared landmark and the draft has text there. Review prompts, and
    /// headings whose sections hold only prompts, are not taken, so prompts and headings
    /// a reviewer deleted stay deleted. Where the result has text of its own and the
    /// draft's differs, a note says so and the result's is kept.
    mutating func fillEmptyRegions() {
        let outputKeys = PieceKey.keys(of: output)
        let shared = Set(outputKeys.compactMap { $0 }).intersection(new.keys.compactMap { $0 })
        let freshAnchors = [-1] + new.keys.indices.filter { new.keys[$0].map(shared.contains) == true }
        let outputAnchors = outputKeys.indices.filter { outputKeys[$0].map(shared.contains) == true }
        let outsideText = Set(output.compactMap { $0.text?.trimmingCharacters(in: .whitespaces) })

        var fills: [(range: Range<Int>, pieces: [ReportPiece])] = []
        for (number, freshAnchor) in freshAnchors.enumerated() {
            let freshEnd = number + 1 < freshAnchors.count ? freshAnchors[number + 1] : new.pieces.count
            let freshRegion = new.pieces[(freshAnchor + 1)..<freshEnd]
            guard freshRegion.allSatisfy({ $0.text != nil }) else { continue }
            var content = Self.authoredContent(Array(freshRegion))
            guard let firstText = content.firstIndex(where: \.isNonBlankText) else { continue }

            let outputAnchor = freshAnchor < 0 ? -1 : (new.keys[freshAnchor].flatMap { outputKeys.firstIndex(of: $0) } ?? -1)
            let outputEnd = outputAnchors.first { $0 > outputAnchor } ?? output.count
            let place = Self.place(after: outputAnchor < 0 ? nil : output[outputAnchor])
            if output[(outputAnchor + 1)..<outputEnd].allSatisfy(\.isBlank) {
                content[firstText].notes = [.init(kind: .addedText, message: "added the new draft's text \(place), where the report had none")]
                fills.append(((outputAnchor + 1)..<outputEnd, content))
            } else if let missing = content.first(where: { $0.isNonBlankText && !outsideText.contains($0.text?.trimmingCharacters(in: .whitespaces) ?? "") }),
                let text = missing.text
            {
                let note = ReportPiece.PendingNote(
                    kind: .differentText,
                    message: "the new draft has other text \(place) (“\(FindingsAnalyzer.shortText(text.trimmingCharacters(in: .whitespaces), limit: 80))”); the report's text there is kept as it is")
                if outputAnchor >= 0 {
                    output[outputAnchor].notes.append(note)
                } else if !output.isEmpty {
                    output[0].notes.append(note)
                }
            }
        }
        for fill in fills.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            var pieces = fill.pieces
            if let first = pieces.indices.first {
                pieces[first].notes = output[fill.range].flatMap(\.notes) + pieces[first].notes
            }
            output.replaceSubrange(fill.range, with: pieces)
        }
    }

    /// Where a landmark is, for notes: under a heading, after a block, at the start.
    static func place(after anchor: ReportPiece?) -> String {
        guard let anchor else { return "at the start of the report" }
        switch anchor.content {
        case .text(let line):
            let title = line.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            return "under “\(title)”"
        case .block(let block):
            return "after the generated block “\(block.name)”"
        case .chart:
            return "after the chart data"
        }
    }

    /// The lines of a draft region a reviewer would want: without review prompts and
    /// without headings whose section has nothing else, blank runs collapsed.
    static func authoredContent(_ region: [ReportPiece]) -> [ReportPiece] {
        let lines = region.filter { !$0.isPrompt }
        var result: [ReportPiece] = []
        for (index, piece) in lines.enumerated() {
            if let level = piece.headingLevel {
                let section = lines[(index + 1)...].prefix { ($0.headingLevel ?? Int.max) > level }
                guard section.contains(where: \.isNonBlankText) else { continue }
            }
            if piece.isBlank, result.last?.isBlank == true { continue }
            result.append(piece.withoutNotes)
        }
        return result
    }

    /// The merged text and its notes, numbered by line, in document order.
    func result(lineEnding: String) -> (text: String, notes: [ReportMergeNote]) {
        var lines: [String] = []
        var notes: [ReportMergeNote] = []
        for piece in output {
            for note in piece.notes {
                notes.append(ReportMergeNote(line: lines.count + 1, kind: note.kind, message: note.message))
            }
            lines += piece.lines
        }
        let text = lines.isEmpty ? "" : lines.joined(separator: lineEnding) + lineEnding
        return (text, notes)
    }
}
