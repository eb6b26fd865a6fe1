/// Reads Markdown incident logs: Hindsight's own format (front matter, sections, a
/// `Timeline`) and the timelines teams write in published postmortems (lists, tables,
/// bold or bracketed times, day headings, several incidents in one document).
enum MarkdownLogReader {
    /// Reads one Markdown document. Never throws or traps; problems are diagnostics.
    static func read(text: String, name: String, options: ReadingOptions) -> ReadResult {
        var diagnostics: [Diagnostic] = []
        let zones = ZoneCache()

        // Front matter.
        var front = FrontMatter()
        var body = text[...]
        var lineOffset = 0
        if let split = FrontMatter.split(text) {
            front = FrontMatter.read(yaml: split.yaml, closed: split.closed, file: name, zones: zones)
            if split.closed {
                body = text[split.body...]
                lineOffset = split.lineCount
            }
        }
        diagnostics.append(contentsOf: front.diagnostics)

        // The body is parsed where it lies in `text`, not copied; entries are read from
        // source lines, so the text of paragraphs inside lists is not copied either.
        var source = MarkdownSource(
            document: MarkdownDocument(parsing: body, nestedText: false), file: name, lineOffset: lineOffset)
        options.treeFreed?()
        let layout = TimelineLayout(source: source)
        let extractor = TimelineEntryExtractor(source: source, zones: zones)

        // The zone for times written without one.
        let statement = documentStatement(source: source, layout: layout, zones: zones)
        let documentZone: NamedZone
        let zoneNote: String
        if let zone = front.zone {
            documentZone = NamedZone(name: front.metadata.timeZone ?? zone.name, zone: zone.zone)
            zoneNote = "\(documentZone.name) (front matter)"
        } else if let statement {
            documentZone = statement.zone
            zoneNote = "\(statement.zone.name) (stated in the document: \"\(statement.quote)\")"
        } else if let option = options.timeZone {
            documentZone = option
            zoneNote = "\(option.name) (--timezone)"
        } else {
            documentZone = .utc
            zoneNote = "UTC (default)"
        }

        // Where the timelines are, and how many incidents.
        var found = findParts(layout: layout, extractor: extractor)
        let resolver = TimelineResolver(
            file: name, zones: zones, documentZone: documentZone, frontDate: front.date, optionDate: options.date)

        // Milestones pinned in the front matter.
        var overrides: [MilestoneOverride] = []
        for pinned in front.milestones {
            let (time, problem) = resolver.moment(pinned.text, location: pinned.location)
            if let problem { diagnostics.append(problem) }
            if let time { overrides.append(MilestoneOverride(kind: pinned.kind, time: time, source: pinned.location)) }
        }

        var baseMetadata = front.metadata
        baseMetadata.milestoneOverrides = overrides
        if baseMetadata.title == nil, let title = layout.titleHeading, let heading = layout.heading(at: title) {
            baseMetadata.title = heading.title
        }

        if found.parts.isEmpty {
            diagnostics.append(Diagnostic(
                .error,
                "no timeline found: looked for a `Timeline` heading (also `Incident timeline`, `Timeline of events`, `Chronology`) or a `**Timeline:**` label, and for a list, table or paragraphs of entries led by a time such as `14:05`, `**14:05 UTC**`, `[14:05]`, `2:05 PM PST`, `2026-03-04 14:05` or `[03-04 14:05]`",
                at: SourceLocation(file: name)))
            let sections = authoredSections(layout: layout, found: found).map(\.section)
            let log = IncidentLog(
                metadata: baseMetadata, events: [], sections: sections, sources: [name], timeZoneNote: zoneNote)
            return ReadResult(logs: [log], diagnostics: diagnostics)
        }

        let sections = authoredSections(layout: layout, found: found)
        // Where each timeline starts, for the warning about one without entries: the
        // blocks are let go of (on another core, while the first incident's events are
        // made) once the layout and the extractor are done with them.
        let starts = found.parts.map { part in part.regions.first?.heading.map { source.location(of: source.blocks[$0]) } }
        _ = consume layout
        _ = consume extractor
        var finished = source.takeBlocks()
        var logs: [IncidentLog] = []
        // Each incident's entries too long to analyse, reported after everything else.
        var oversized: [[Diagnostic]] = []
        for (index, part) in found.parts.enumerated() {
            var entries = found.entries[index]
            found.entries[index] = []  // freed once resolved
            // Their content is moved into the events.
            var letGo: [MarkdownBlock] = []
            swap(&letGo, &finished)
            let outcome = resolver.resolve(&entries, in: source, lettingGo: letGo)
            let hadEntries = !entries.isEmpty
            // Emptied of their content; the array itself goes on another core.
            ParallelWork.letGoElsewhere(consume entries)
            diagnostics.append(contentsOf: outcome.diagnostics)
            oversized.append(outcome.oversized)
            var metadata = baseMetadata
            if found.parts.count > 1, let title = part.title { metadata.title = title }
            let note: String
            var readingZone: NamedZone? = documentZone
            if outcome.usedDocumentZone || (outcome.usedTableStatement == nil && outcome.writtenZones.isEmpty) {
                note = zoneNote
                if front.zone == nil && statement == nil && options.timeZone == nil { readingZone = nil }
            } else if let table = outcome.usedTableStatement {
                note = "\(table.zone.name) (stated in the document: \"\(table.quote)\")"
                readingZone = table.zone
            } else {
                note = "\(outcome.writtenZones.joined(separator: ", ")) (written with each time)"
                // One zone written with every time is the document's zone in all but name.
                readingZone = outcome.writtenZones.count == 1 ? outcome.writtenZones.first.flatMap { zones.resolve($0) } : nil
            }
            let owned = sections.filter { $0.owner == nil || $0.owner == index }.map(\.section)
            logs.append(IncidentLog(
                metadata: metadata, events: outcome.events, sections: owned, sources: [name], timeZoneNote: note,
                readingZone: readingZone))
            if !hadEntries, let start = starts[index] {
                diagnostics.append(Diagnostic(.warning, "the timeline here holds no entries led by a time", at: start))
            }
        }
        found.parts.removeAll()

        // One incident of several.
        if let wanted = options.incident?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty {
            if let chosen = select(wanted, from: logs) {
                logs = [logs[chosen]]
                oversized = [oversized[chosen]]
            } else {
                let list = logs.enumerated().map { "\($0.offset + 1). \($0.element.metadata.title ?? "untitled")" }
                    .joined(separator: "; ")
                diagnostics.append(Diagnostic(
                    .error, "no incident matches '\(wanted)'; the document holds: \(list)", at: SourceLocation(file: name)))
                logs = []
                oversized = []
            }
        }
        diagnostics += oversized.joined()
        // The document (its lines and text) goes on another core too.
        ParallelWork.letGoElsewhere(consume source)
        return ReadResult(logs: logs, diagnostics: diagnostics)
    }

    /// The incident picked by `--incident`: an id, a 1-based index, or part of a title.
    static func select(_ wanted: String, from logs: [IncidentLog]) -> Int? {
        if let exact = logs.firstIndex(where: { $0.metadata.id?.caseInsensitiveCompare(wanted) == .orderedSame }) {
            return exact
        }
        if let number = Int(wanted), number >= 1, number <= logs.count { return number - 1 }
        let lowered = wanted.lowercased()
        return logs.firstIndex { ($0.metadata.title ?? "").lowercased().contains(lowered) }
    }

    // MARK: - Zone statements

    /// The first statement of the document's zone in a paragraph or heading.
    static func documentStatement(source: MarkdownSource, layout: TimelineLayout, zones: ZoneCache) -> ZoneStatement? {
        for block in source.blocks {
            switch block.kind {
            case .paragraph:
                guard block.text.utf8.count <= 600, mentionsTime(block.text) else { continue }
                if let statement = ZoneStatement.find(in: Substring(block.text), place: .prose, zones: zones) {
                    return statement
                }
            case .heading:
                guard mentionsTime(block.text) else { continue }
                if let statement = ZoneStatement.find(in: Substring(block.text), place: .label, zones: zones) {
                    return statement
                }
            default:
                continue
            }
        }
        return nil
    }

    /// A cheap test for the letters `time` (any case) before a full scan.
    private static func mentionsTime(_ text: String) -> Bool {
        var state = 0
        let word: [UInt8] = [116, 105, 109, 101]
        for byte in text.utf8 {
            let lower = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            if lower == word[state] {
                state += 1
                if state == 4 { return true }
            } else {
                state = lower == 116 ? 1 : 0
            }
        }
        return false
    }

    // MARK: - Incidents

    /// The incidents of a document, their timeline regions and entries.
    struct FoundParts {
        var parts: [TimelineLayout.Part] = []
        var entries: [[RawEntry]] = []
        /// Body lines taken by entries and timeline labels, left out of authored sections.
        var consumed: [ClosedRange<Int>] = []
    }

    static func findParts(layout: TimelineLayout, extractor: TimelineEntryExtractor) -> FoundParts {
        let blocks = layout.source.blocks
        var dayGroup = 0
        var cache: [Int: RegionEntries] = [:]
        func extract(_ region: TimelineLayout.Region) -> RegionEntries {
            let key = region.label ?? region.heading ?? -(region.blocks.lowerBound + 1)
            if let known = cache[key] { return known }
            dayGroup += 1
            let start = region.heading ?? region.label ?? region.blocks.lowerBound
            var initialDay: WrittenDate? = nil
            var candidates = layout.ancestors(of: start)
            if let heading = region.heading, let own = layout.heading(at: heading) { candidates.insert(own, at: 0) }
            for ancestor in candidates {
                if let day = extractor.dayDate(of: blocks[ancestor.block]) {
                    initialDay = day
                    break
                }
            }
            let result = extractor.entries(in: region.blocks, initialDay: initialDay, dayGroup: &dayGroup)
            cache[key] = result
            return result
        }
        func timedCount(_ entries: RegionEntries) -> Int {
            entries.entries.reduce(0) { $0 + ($1.time == nil ? 0 : 1) }
        }

        var found = FoundParts()
        func add(_ part: TimelineLayout.Part) {
            var entries: [RawEntry] = []
            for region in part.regions {
                let result = extract(region)
                if entries.isEmpty { entries = result.entries } else { entries.append(contentsOf: result.entries) }
                if let consumed = result.consumedLines { found.consumed.append(consumed) }
                if let label = region.label {
                    found.consumed.append(blocks[label].startLine...blocks[label].endLine)
                }
            }
            found.parts.append(part)
            found.entries.append(entries)
        }

        let marked = layout.markedRegions()
        if !marked.isEmpty {
            var groups: [(enclosing: Int?, regions: [TimelineLayout.Region])] = []
            for (region, enclosing) in marked {
                if let index = groups.firstIndex(where: { $0.enclosing == enclosing }) {
                    groups[index].regions.append(region)
                } else {
                    groups.append((enclosing, [region]))
                }
            }
            let withEntries = groups.filter { group in group.regions.contains { timedCount(extract($0)) > 0 } }
            if withEntries.count >= 2 {
                for group in withEntries {
                    let heading = group.enclosing.flatMap { layout.heading(at: $0) }
                    let span = heading.map { $0.block..<$0.sectionEnd } ?? 0..<0
                    add(TimelineLayout.Part(heading: heading?.block, title: heading?.title, blocks: span, regions: group.regions))
                }
                return found
            }
            if let group = withEntries.first ?? groups.first {
                let regions = withEntries.isEmpty ? marked.map(\.region) : group.regions
                add(TimelineLayout.Part(heading: nil, title: nil, blocks: 0..<blocks.count, regions: regions))
                return found
            }
        }

        // No marked timeline: `Incident N` sections with timed entries, else sections mostly timed.
        let incidentHeadings = layout.headings.filter { TimelineLayout.isIncidentTitle($0.title) }
        let incidents = incidentHeadings.compactMap { heading -> TimelineLayout.Region? in
            let region = TimelineLayout.Region(heading: heading.block, label: nil, blocks: (heading.block + 1)..<heading.sectionEnd)
            return timedCount(extract(region)) > 0 ? region : nil
        }
        if incidents.count >= 2 {
            for region in incidents {
                guard let heading = region.heading.flatMap({ layout.heading(at: $0) }) else { continue }
                add(TimelineLayout.Part(
                    heading: heading.block, title: heading.title, blocks: heading.block..<heading.sectionEnd, regions: [region]))
            }
            return found
        }
        var candidates: [(TimelineLayout.Region, Int)] = []
        for piece in layout.pieces(in: 0..<blocks.count) {
            let region = TimelineLayout.Region(heading: piece.heading, label: nil, blocks: piece.content)
            let result = extract(region)
            let timed = timedCount(result)
            if timed > 0, timed * 2 >= result.entries.count { candidates.append((region, timed)) }
        }
        let strong = candidates.filter { $0.1 >= 2 }
        let chosen = (strong.isEmpty ? candidates : strong).map(\.0)
        if !chosen.isEmpty {
            add(TimelineLayout.Part(heading: nil, title: nil, blocks: 0..<blocks.count, regions: chosen))
        }
        return found
    }

    // MARK: - Authored sections

    /// Every heading-delimited part of the document other than timeline entries, with the
    /// incident it belongs to (nil: all of them).
    static func authoredSections(layout: TimelineLayout, found: FoundParts) -> [(section: AuthoredSection, owner: Int?)] {
        let source = layout.source
        let blocks = source.blocks
        var regionHeadings = Set<Int>()
        var structural = Set<Int>()
        for part in found.parts {
            if let heading = part.heading { structural.insert(heading) }
            for region in part.regions {
                if let heading = region.heading { regionHeadings.insert(heading) }
                let start = region.heading ?? region.label ?? region.blocks.lowerBound
                for ancestor in layout.ancestors(of: start) where ancestor.block != region.heading {
                    structural.insert(ancestor.block)
                }
            }
        }
        structural.subtract(regionHeadings)
        let excluded = MarkdownSource.disjoint(found.consumed)
        var result: [(section: AuthoredSection, owner: Int?)] = []
        // The first part holding each block, looked up once rather than per section.
        var owners = [Int?](repeating: nil, count: blocks.count)
        if found.parts.count > 1 {
            for (index, part) in found.parts.enumerated().reversed() {
                for block in part.blocks where block >= 0 && block < blocks.count { owners[block] = index }
            }
        }

        func owner(of block: Int) -> Int? {
            block >= 0 && block < owners.count ? owners[block] : nil
        }
        func add(title: String, level: Int, markdown: String, block: Int, headingBlock: Int?, keepEmpty: Bool) {
            guard keepEmpty || !markdown.isEmpty else { return }
            let location: SourceLocation
            if let headingBlock {
                location = source.location(of: blocks[headingBlock])
            } else {
                location = source.location(of: blocks[block])
            }
            result.append((AuthoredSection(title: title, level: level, markdown: markdown, source: location), owner(of: block)))
        }
        func emit(_ range: Range<Int>) {
            for piece in layout.pieces(in: range) {
                guard let heading = piece.heading.flatMap({ layout.heading(at: $0) }) else {
                    if let lines = layout.lines(of: piece), let first = piece.content.first {
                        let text = source.text(fromLine: lines.lowerBound, toLine: lines.upperBound, excluding: excluded)
                        add(title: "", level: 0, markdown: text, block: first, headingBlock: nil, keepEmpty: false)
                    }
                    continue
                }
                let lines = layout.lines(of: piece)
                if regionHeadings.contains(heading.block) {
                    let text = lines.map { source.text(fromLine: $0.lowerBound, toLine: $0.upperBound, excluding: excluded) } ?? ""
                    add(title: heading.title, level: heading.level, markdown: text, block: heading.block,
                        headingBlock: heading.block, keepEmpty: false)
                } else if structural.contains(heading.block) {
                    var firstSub = piece.content.lowerBound
                    while firstSub < piece.content.upperBound, !layout.isHeading(firstSub) { firstSub += 1 }
                    let preamble = layout.lines(of: (heading.block, piece.content.lowerBound..<firstSub))
                    let text = preamble.map { source.text(fromLine: $0.lowerBound, toLine: $0.upperBound, excluding: excluded) } ?? ""
                    add(title: heading.title, level: heading.level, markdown: text, block: heading.block,
                        headingBlock: heading.block, keepEmpty: false)
                    emit(firstSub..<piece.content.upperBound)
                } else {
                    let text = lines.map { source.text(fromLine: $0.lowerBound, toLine: $0.upperBound, excluding: excluded) } ?? ""
                    add(title: heading.title, level: heading.level, markdown: text, block: heading.block,
                        headingBlock: heading.block, keepEmpty: true)
                }
            }
        }
        emit(0..<blocks.count)
        return result
    }
}
