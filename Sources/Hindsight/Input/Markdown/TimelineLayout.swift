/// Where a document's timelines, incidents and authored sections are: which blocks hold
/// timeline entries, how the document splits into several incidents, and which text
/// belongs to which heading.
struct TimelineLayout {
    /// A heading among the document's top-level blocks.
    struct Heading {
        var block: Int
        var level: Int
        var title: String
        /// The index after the last block of its section (next heading of the same or higher level).
        var sectionEnd: Int
    }

    /// Blocks whose entries form (part of) a timeline.
    struct Region {
        /// The `Timeline` heading, or the heading of a section taken as the timeline.
        var heading: Int?
        /// A `**Timeline:**` label paragraph that opened the region.
        var label: Int?
        var blocks: Range<Int>
    }

    /// One incident of the document: its title, the blocks it spans, its regions.
    struct Part {
        var heading: Int?
        var title: String?
        var blocks: Range<Int>
        var regions: [Region]
    }

    let source: MarkdownSource
    let headings: [Heading]
    /// Position in `headings` of each heading's block.
    private let headingPositions: [Int: Int]
    /// Position in `headings` of each heading's enclosing heading (the nearest earlier
    /// one of a higher level), so ``ancestors(of:)`` need not scan every heading.
    private let parents: [Int?]
    /// The heading giving the document's title (a single H1), if any.
    let titleHeading: Int?

    init(source: MarkdownSource) {
        self.source = source
        let blocks = source.blocks
        var found: [Heading] = []
        for (index, block) in blocks.enumerated() {
            if case .heading(let level) = block.kind {
                found.append(Heading(block: index, level: level, title: Self.clean(block.text), sectionEnd: blocks.count))
            }
        }
        // Section ends: the next heading of the same or a higher level.
        var stack: [Int] = []
        var enclosing: [Int?] = []
        for position in found.indices {
            while let top = stack.last, found[top].level >= found[position].level {
                found[top].sectionEnd = found[position].block
                stack.removeLast()
            }
            enclosing.append(stack.last)
            stack.append(position)
        }
        headings = found
        parents = enclosing
        var positions: [Int: Int] = [:]
        for (position, heading) in found.enumerated() { positions[heading.block] = position }
        headingPositions = positions
        let levelOne = found.filter { $0.level == 1 }
        if levelOne.count == 1, let first = found.first, first.level == 1, !Self.isTimelineTitle(first.title) {
            titleHeading = first.block
        } else {
            titleHeading = nil
        }
    }

    static func clean(_ title: String) -> String {
        title.split(whereSeparator: { $0 == "\n" }).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    func heading(at block: Int) -> Heading? {
        headingPositions[block].map { headings[$0] }
    }

    // MARK: - Recognising timelines

    /// `Timeline`, `Incident timeline`, `Timeline of events`, `Chronology`, `Timeline (UTC)` …
    static func isTimelineTitle(_ title: String) -> Bool {
        let words = title.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        guard !words.isEmpty, words.count <= 8 else { return false }
        if words.contains("timeline") || words.contains("chronology") { return true }
        let joined = words.joined(separator: " ")
        return joined == "sequence of events" || joined == "events" || joined == "log" || joined == "incident log"
            || joined == "event log"
    }

    /// `**Timeline:**`, `Timeline:`, `**Detailed timeline**` as a paragraph of its own.
    func isTimelineLabel(_ block: MarkdownBlock) -> Bool {
        guard case .paragraph = block.kind, block.startLine == block.endLine, block.text.count <= 60 else { return false }
        var text = block.text.trimmingCharacters(in: .whitespaces)
        let line = source.line(block.startLine).utf8.dropFirst(max(block.startColumn - 1, 0))
        let bold = line.starts(with: [42, 42]) || line.starts(with: [95, 95])
        guard bold || text.hasSuffix(":") else { return false }
        if text.hasSuffix(":") { text.removeLast() }
        return Self.isTimelineTitle(text)
    }

    /// A paragraph that starts with a bold label (`**Root causes:**`, `**Note:** …`).
    func isLabelParagraph(_ block: MarkdownBlock) -> Bool {
        guard case .paragraph = block.kind else { return false }
        let line = source.line(block.startLine)
        let text = line.utf8.dropFirst(max(block.startColumn - 1, 0))
        guard text.starts(with: [42, 42]) || text.starts(with: [95, 95]) else { return false }
        let firstLine = block.text.prefix { $0 != "\n" }
        guard let colon = firstLine.firstIndex(of: ":") else { return false }
        return firstLine.distance(from: firstLine.startIndex, to: colon) <= 40
    }

    /// The headings enclosing a block, nearest first.
    ///
    /// A heading's ancestors are its chain of enclosing headings; any other block's are
    /// the nearest heading before it and that heading's chain. Found through `parents`,
    /// so a document of thousands of headings is not read once per block.
    func ancestors(of block: Int) -> [Heading] {
        var position: Int?
        if let own = headingPositions[block] {
            position = parents[own]
        } else {
            // The last heading before the block (headings are in block order).
            var low = 0
            var high = headings.count
            while low < high {
                let middle = (low + high) / 2
                if headings[middle].block < block { low = middle + 1 } else { high = middle }
            }
            position = low > 0 ? low - 1 : nil
        }
        var result: [Heading] = []
        while let current = position {
            result.append(headings[current])
            position = parents[current]
        }
        return result
    }

    // MARK: - Marked timelines

    /// Regions opened by `Timeline` headings and labels, with the enclosing heading of each.
    func markedRegions() -> [(region: Region, enclosing: Int?)] {
        let blocks = source.blocks
        var regions: [(region: Region, enclosing: Int?)] = []
        for heading in headings where Self.isTimelineTitle(heading.title) && heading.block != titleHeading {
            let region = Region(heading: heading.block, label: nil, blocks: (heading.block + 1)..<heading.sectionEnd)
            let enclosing = ancestors(of: heading.block).first?.block
            regions.append((region, enclosing))
        }
        for (index, block) in blocks.enumerated() where isTimelineLabel(block) {
            var end = index + 1
            while end < blocks.count {
                if case .heading = blocks[end].kind { break }
                if isLabelParagraph(blocks[end]) { break }
                end += 1
            }
            let region = Region(heading: nil, label: index, blocks: (index + 1)..<end)
            regions.append((region, ancestors(of: index).first?.block))
        }
        regions.sort { ($0.region.heading ?? $0.region.label ?? 0) < ($1.region.heading ?? $1.region.label ?? 0) }
        // A timeline heading that holds other timelines is a container, not a timeline.
        // (Starts are sorted, so the first start inside a region's blocks is found by bisection.)
        let starts = regions.map { $0.region.heading ?? $0.region.label ?? -1 }.sorted()
        regions.removeAll { outer in
            guard let heading = outer.region.heading else { return false }
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] < outer.region.blocks.lowerBound { low = middle + 1 } else { high = middle }
            }
            while low < starts.count, starts[low] == heading { low += 1 }
            return low < starts.count && outer.region.blocks.contains(starts[low])
        }
        // A region belongs to the nearest enclosing heading that is not itself a timeline.
        return regions.map { entry in
            let start = entry.region.heading ?? entry.region.label ?? 0
            let enclosing = ancestors(of: start).first(where: { !Self.isTimelineTitle($0.title) })?.block
            return (entry.region, enclosing)
        }
    }

    /// Whether a heading reads like one incident of several (`Incident 2`, `Incident #3: …`).
    static func isIncidentTitle(_ title: String) -> Bool {
        let lower = title.lowercased()
        guard lower.hasPrefix("incident") else { return false }
        let rest = lower.dropFirst("incident".count).drop(while: { $0 == " " || $0 == "#" })
        return rest.first?.isNumber ?? false
    }

    /// The top-level pieces of blocks `range`: blocks before the first heading, then each
    /// heading with its section.
    func pieces(in range: Range<Int>) -> [(heading: Int?, content: Range<Int>)] {
        var result: [(heading: Int?, content: Range<Int>)] = []
        var index = range.lowerBound
        var preambleEnd = index
        while preambleEnd < range.upperBound, !isHeading(preambleEnd) { preambleEnd += 1 }
        if preambleEnd > index { result.append((nil, index..<preambleEnd)) }
        index = preambleEnd
        while index < range.upperBound {
            guard let heading = heading(at: index) else {
                index += 1
                continue
            }
            if heading.block == titleHeading {
                // The title heading's content is split by its own sub-headings.
                var end = index + 1
                while end < range.upperBound, !isHeading(end) { end += 1 }
                if end > index + 1 { result.append((nil, (index + 1)..<end)) }
                index = end
                continue
            }
            let end = min(heading.sectionEnd, range.upperBound)
            result.append((heading.block, (index + 1)..<end))
            index = end
        }
        return result
    }

    func isHeading(_ block: Int) -> Bool {
        if case .heading = source.blocks[block].kind { return true }
        return false
    }

    /// The first body line of a piece's text and the last.
    func lines(of piece: (heading: Int?, content: Range<Int>)) -> ClosedRange<Int>? {
        let blocks = source.blocks
        let first: Int
        if let heading = piece.heading {
            first = blocks[heading].endLine + 1
        } else if let start = piece.content.first {
            first = blocks[start].startLine
        } else {
            return nil
        }
        let last: Int
        if piece.content.upperBound < blocks.count {
            last = blocks[piece.content.upperBound].startLine - 1
        } else {
            last = source.lineCount
        }
        guard last >= first else { return nil }
        return first...last
    }
}
