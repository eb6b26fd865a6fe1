import Foundation

/// Event construction, ordering and selection shared by the importers.
enum ImportedTimeline {
    /// An imported event whose text is made safe inline Markdown: a multi-line text
    /// keeps its first line in `text` and the rest in `details`.
    static func event(
        _ time: EventTime?, _ text: String, details: [String] = [], tags: [String] = [], author: String? = nil,
        origin: String, hints: [MilestoneKind] = [], source: SourceLocation, writtenTime: String? = nil
    ) -> TimelineEvent {
        let summary = ImportText.inline(text)
        let extra = details.compactMap { detail -> String? in
            let trimmed = detail.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        return TimelineEvent(
            time: time, writtenTime: writtenTime, text: summary.text, details: summary.details + extra, tags: tags,
            author: author.map { ImportText.oneLine($0) }, origin: origin, milestoneHints: hints, source: source)
    }

    /// Events oldest first. Exports often list newest first (PagerDuty, Opsgenie,
    /// Statuspage); then the list is reversed before a stable sort, so entries sharing
    /// a timestamp keep their real order. Events without a time stay after the event
    /// that preceded them in the (possibly reversed) list.
    static func chronological(_ events: [TimelineEvent]) -> [TimelineEvent] {
        let timed = events.compactMap { $0.time?.instant }
        var ordered = events
        if let first = timed.first, let last = timed.last, first > last {
            ordered.reverse()
        }
        var anchor = -Double.infinity
        var keyed: [(anchor: Double, index: Int, event: TimelineEvent)] = []
        keyed.reserveCapacity(ordered.count)
        for (index, event) in ordered.enumerated() {
            if let instant = event.time?.instant { anchor = instant.timeIntervalSince1970 }
            keyed.append((anchor, index, event))
        }
        keyed.sort { $0.anchor != $1.anchor ? $0.anchor < $1.anchor : $0.index < $1.index }
        return keyed.map(\.event)
    }

    /// Picks the incidents `query` (`--incident`) names: an exact id or reference
    /// first, else every incident whose name contains it (case-insensitive). Without
    /// a query all are kept. An error diagnostic lists what the file holds when
    /// nothing matches.
    static func select<Item>(
        _ items: [Item], query: String?, ids: (Item) -> [String], name: (Item) -> String?,
        file: String, kind: String
    ) -> (selected: [Item], diagnostics: [Diagnostic]) {
        guard let query = query?.trimmingCharacters(in: .whitespaces), !query.isEmpty else { return (items, []) }
        let needle = query.lowercased()
        let exact = items.filter { item in ids(item).contains { $0.lowercased() == needle } }
        if !exact.isEmpty { return (exact, []) }
        let named = items.filter { item in name(item).map { $0.lowercased().contains(needle) } ?? false }
        if !named.isEmpty { return (named, []) }
        let available = items.prefix(12).map { item -> String in
            let id = ids(item).first ?? "?"
            return name(item).map { "\(id) (\($0))" } ?? id
        }
        let more = items.count > 12 ? ", …" : ""
        return ([], [Diagnostic(
            .error, "no \(kind) matches --incident \"\(query)\"; the file holds: \(available.joined(separator: ", "))\(more)",
            at: SourceLocation(file: file))])
    }
}
