import Foundation

/// Combines the logs read from several inputs (a Markdown write-up, a PagerDuty log, a
/// Slack channel …) into one incident log.
///
/// - Metadata: each field comes from the first log that has it (the caller orders the
///   logs); a different value in a later log is reported naming both inputs. Services,
///   roles and sections are combined.
/// - Events: all are kept with their own `source`, ordered by (instant, input order,
///   position). Two events from different inputs that record the same moment — within
///   60 seconds and either sharing a milestone hint or saying nearly the same thing —
///   are collapsed into the richer one, whose details then say
///   "Also recorded in FILE".
/// - Conflicts: when inputs put the same milestone more than two minutes apart, a
///   warning names both inputs and times.
public enum IncidentMerger {
    /// Events this close together (seconds) may be the same moment.
    static let duplicateWindow: Double = 60
    /// Milestone times further apart than this (seconds) are reported as conflicting.
    static let conflictThreshold: Double = 120
    /// Word overlap (Dice coefficient) from which two texts count as the same.
    static let similarTextThreshold = 0.85
    /// How much of the longer text a shorter one contained in it must cover.
    static let minimumContainedShare = 0.6

    public static func merge(_ logs: [IncidentLog]) -> (IncidentLog, [Diagnostic]) {
        guard logs.count > 1 else { return (logs.first ?? IncidentLog(), []) }
        var diagnostics: [Diagnostic] = []
        let names = logs.enumerated().map { index, log in log.sources.first ?? "input \(index + 1)" }

        var merged = IncidentLog()
        merged.metadata = mergedMetadata(logs, names: names, diagnostics: &diagnostics)
        for log in logs {
            for source in log.sources where !merged.sources.contains(source) { merged.sources.append(source) }
            for section in log.sections
            where !merged.sections.contains(where: { $0.title == section.title && $0.markdown == section.markdown }) {
                merged.sections.append(section)
            }
        }
        merged.timeZoneNote = mergedTimeZoneNote(logs, names: names)
        diagnostics += milestoneConflicts(logs, names: names)
        merged.events = mergedEvents(logs)
        return (merged, diagnostics)
    }

    // MARK: - Metadata

    private static func mergedMetadata(_ logs: [IncidentLog], names: [String], diagnostics: inout [Diagnostic]) -> IncidentMetadata {
        var result = IncidentMetadata()
        func pick(_ field: String, _ keyPath: WritableKeyPath<IncidentMetadata, String?>, _ severity: Diagnostic.Severity) {
            var chosen: (value: String, input: Int)?
            var reported: Set<String> = []
            for (index, log) in logs.enumerated() {
                guard let value = log.metadata[keyPath: keyPath]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
                guard let first = chosen else {
                    chosen = (value, index)
                    continue
                }
                let key = normalisedValue(value)
                if key != normalisedValue(first.value), reported.insert(key).inserted {
                    diagnostics.append(Diagnostic(
                        severity,
                        "\(field) differs between inputs: \"\(first.value)\" (\(names[first.input])) and \"\(value)\" (\(names[index])); using \"\(first.value)\"",
                        at: SourceLocation(file: names[index])))
                }
            }
            result[keyPath: keyPath] = chosen?.value
        }
        pick("title", \.title, .note)
        pick("id", \.id, .warning)
        pick("severity", \.severity, .warning)
        pick("category", \.category, .note)
        pick("subcategory", \.subcategory, .note)
        pick("time zone", \.timeZone, .note)
        pick("date", \.date, .warning)
        pick("status", \.status, .note)
        pick("slo", \.slo, .warning)
        pick("sla", \.sla, .warning)
        pick("currency", \.currency, .warning)

        var costInput: Int?
        for (index, log) in logs.enumerated() {
            guard let cost = log.metadata.costPerHour else { continue }
            if let costInput, let chosen = result.costPerHour {
                if cost != chosen {
                    diagnostics.append(Diagnostic(
                        .warning, "cost per hour differs between inputs: \(chosen) (\(names[costInput])) and \(cost) (\(names[index])); using \(chosen)",
                        at: SourceLocation(file: names[index])))
                }
            } else {
                result.costPerHour = cost
                costInput = index
            }
        }

        var serviceKeys: Set<String> = []
        for log in logs {
            for service in log.metadata.services where serviceKeys.insert(normalisedValue(service)).inserted {
                result.services.append(service)
            }
        }

        var roleKeys: Set<String> = []
        var firstPersonByRole: [String: (person: String, input: Int)] = [:]
        for (index, log) in logs.enumerated() {
            for assignment in log.metadata.roles {
                let role = normalisedValue(assignment.role)
                guard roleKeys.insert(role + "\u{1F}" + normalisedValue(assignment.person)).inserted else { continue }
                if let first = firstPersonByRole[role], first.input != index {
                    diagnostics.append(Diagnostic(
                        .note, "role \(assignment.role) is \(first.person) in \(names[first.input]) and \(assignment.person) in \(names[index]); both are kept",
                        at: SourceLocation(file: names[index])))
                } else if firstPersonByRole[role] == nil {
                    firstPersonByRole[role] = (assignment.person, index)
                }
                result.roles.append(assignment)
            }
        }

        var overrideByKind: [MilestoneKind: (MilestoneOverride, Int)] = [:]
        for (index, log) in logs.enumerated() {
            for milestone in log.metadata.milestoneOverrides {
                if let (first, input) = overrideByKind[milestone.kind] {
                    let apart = abs(first.time.instant.timeIntervalSince(milestone.time.instant))
                    if apart > conflictThreshold {
                        diagnostics.append(Diagnostic(
                            .warning,
                            "milestone \(milestone.kind.rawValue) is pinned at \(Instants.iso8601(first.time.instant)) in \(names[input]) and at \(Instants.iso8601(milestone.time.instant)) in \(names[index]); using the first",
                            at: milestone.source))
                    }
                } else {
                    overrideByKind[milestone.kind] = (milestone, index)
                    result.milestoneOverrides.append(milestone)
                }
            }
        }
        result.milestoneOverrides.sort { $0.kind < $1.kind }
        return result
    }

    private static func normalisedValue(_ value: String) -> String {
        value.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func mergedTimeZoneNote(_ logs: [IncidentLog], names: [String]) -> String {
        var notes: [String] = []
        var inputs: [[String]] = []
        for (index, log) in logs.enumerated() {
            if let position = notes.firstIndex(of: log.timeZoneNote) {
                inputs[position].append(names[index])
            } else {
                notes.append(log.timeZoneNote)
                inputs.append([names[index]])
            }
        }
        guard notes.count > 1 else { return notes.first ?? "UTC (default)" }
        return zip(notes, inputs).map { note, names in "\(note) for \(names.joined(separator: ", "))" }.joined(separator: "; ")
    }

    // MARK: - Conflicts

    /// For each milestone hint, the earliest time each input gives it, compared with the
    /// first input that gives it.
    private static func milestoneConflicts(_ logs: [IncidentLog], names: [String]) -> [Diagnostic] {
        var earliest: [MilestoneKind: [(input: Int, instant: Date, source: SourceLocation)]] = [:]
        for (index, log) in logs.enumerated() {
            var perKind: [MilestoneKind: (Date, SourceLocation)] = [:]
            for event in log.events {
                guard let instant = event.time?.instant else { continue }
                for kind in event.milestoneHints where perKind[kind].map({ instant < $0.0 }) ?? true {
                    perKind[kind] = (instant, event.source)
                }
            }
            for (kind, value) in perKind { earliest[kind, default: []].append((index, value.0, value.1)) }
        }
        var diagnostics: [Diagnostic] = []
        for kind in MilestoneKind.allCases {
            guard let entries = earliest[kind]?.sorted(by: { $0.input < $1.input }), let reference = entries.first else { continue }
            for other in entries.dropFirst() {
                let apart = other.instant.timeIntervalSince(reference.instant)
                guard abs(apart) > conflictThreshold else { continue }
                diagnostics.append(Diagnostic(
                    .warning,
                    "\(kind.title) differs between inputs: \(names[reference.input]) gives \(Instants.iso8601(reference.instant)), \(names[other.input]) gives \(Instants.iso8601(other.instant)) (\(minutesText(abs(apart))) apart)",
                    at: other.source))
            }
        }
        return diagnostics
    }

    private static func minutesText(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 120 { return "\(minutes) min" }
        let hours = seconds / 3600
        return hours < 48 ? String(format: "%.1f h", hours) : String(format: "%.1f days", hours / 24)
    }

    // MARK: - Events

    /// One event while merging: where it sorts, which inputs it stands for, and its
    /// words for comparing texts.
    private struct Entry {
        var event: TimelineEvent
        var anchor: Double
        var input: Int
        var position: Int
        var inputs: Set<Int>
        let words: [Substring]
        let normalised: String
    }

    private static func mergedEvents(_ logs: [IncidentLog]) -> [TimelineEvent] {
        var entries: [Entry] = []
        entries.reserveCapacity(logs.reduce(0) { $0 + $1.events.count })
        for (input, log) in logs.enumerated() {
            var anchor = -Double.infinity
            for (position, event) in log.events.enumerated() {
                if let instant = event.time?.instant { anchor = instant.timeIntervalSince1970 }
                let normalised = normalisedText(event.text)
                entries.append(Entry(
                    event: event, anchor: anchor, input: input, position: position, inputs: [input],
                    words: normalised.split(separator: " "), normalised: normalised))
            }
        }
        entries.sort(by: precedes)

        var kept: [Entry] = []
        kept.reserveCapacity(entries.count)
        var windowStart = 0
        for entry in entries {
            guard let instant = entry.event.time?.instant.timeIntervalSince1970 else {
                kept.append(entry)
                continue
            }
            while windowStart < kept.count, kept[windowStart].anchor < instant - duplicateWindow { windowStart += 1 }
            var best: (index: Int, rank: Int, distance: Double)?
            var index = windowStart
            while index < kept.count {
                let candidate = kept[index]
                defer { index += 1 }
                guard !candidate.inputs.contains(entry.input), let other = candidate.event.time?.instant.timeIntervalSince1970 else { continue }
                let distance = abs(other - instant)
                guard distance <= duplicateWindow else { continue }
                let rank: Int
                if candidate.event.milestoneHints.contains(where: entry.event.milestoneHints.contains) {
                    rank = 0
                } else if similar(candidate, entry) {
                    rank = 1
                } else if sameMomentInOtherWords(candidate, entry) {
                    rank = 2
                } else {
                    continue
                }
                if best.map({ rank < $0.rank || (rank == $0.rank && distance < $0.distance) }) ?? true {
                    best = (index, rank, distance)
                }
            }
            if let best {
                kept[best.index] = collapsed(kept[best.index], entry)
            } else {
                kept.append(entry)
            }
        }
        kept.sort(by: precedes)
        return kept.map(\.event)
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.anchor != b.anchor { return a.anchor < b.anchor }
        if a.input != b.input { return a.input < b.input }
        return a.position < b.position
    }

    /// The richer of two records of one moment, noting where else it was recorded.
    private static func collapsed(_ a: Entry, _ b: Entry) -> Entry {
        let richnessA = richness(a.event)
        let richnessB = richness(b.event)
        // On a tie the input the caller put first wins.
        let keepFirst = richnessA != richnessB ? richnessA > richnessB : a.input <= b.input
        var base = keepFirst ? a : b
        let other = keepFirst ? b : a
        base.inputs.formUnion(other.inputs)
        var event = base.event
        let hints = Set(event.milestoneHints).union(other.event.milestoneHints)
        event.milestoneHints = hints.sorted()
        for tag in other.event.tags where !event.tags.contains(tag) { event.tags.append(tag) }
        if event.author == nil { event.author = other.event.author }
        for detail in other.event.details where detail.hasPrefix("Also recorded in ") && !event.details.contains(detail) {
            event.details.append(detail)
        }
        let note = "Also recorded in \(other.event.source.description)"
        if !event.details.contains(note) { event.details.append(note) }
        base.event = event
        return base
    }

    private static func richness(_ event: TimelineEvent) -> Int {
        event.text.count + 40 * event.milestoneHints.count + 10 * event.details.count + 5 * event.tags.count
            + (event.author == nil ? 0 : 5)
    }

    /// Lowercased words of letters and digits.
    static func normalisedText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var lowered: Unicode.Scalar?
            var mapping: String?
            if scalar.isASCII {
                let value = UInt8(scalar.value)
                switch value {
                case 65...90: lowered = Unicode.Scalar(value + 32)
                case 97...122, 48...57: lowered = scalar
                default: break
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                mapping = scalar.properties.lowercaseMapping
            }
            guard lowered != nil || mapping != nil else {
                pendingSpace = true
                continue
            }
            if pendingSpace && !result.isEmpty { result.append(" ") }
            pendingSpace = false
            if let lowered { result.unicodeScalars.append(lowered) } else if let mapping { result += mapping }
        }
        return result
    }

    /// A tool's lifecycle record and a person's note of the same moment, in other words:
    /// one side carries a milestone hint, the other none, and they share at least three
    /// significant words (“Incident triggered by Datadog: p99 latency above 2 s” and
    /// “Datadog alert fires for p99 latency”).
    private static func sameMomentInOtherWords(_ a: Entry, _ b: Entry) -> Bool {
        guard a.event.milestoneHints.isEmpty != b.event.milestoneHints.isEmpty else { return false }
        let first = Set(a.words.filter(isSignificant))
        let second = Set(b.words.filter(isSignificant))
        return first.intersection(second).count >= 3
    }

    private static let stopWords: Set<Substring> = [
        "the", "and", "for", "with", "from", "that", "this", "was", "were", "are", "has", "have", "had", "not",
        "all", "our", "its", "into", "onto", "after", "before", "then", "than", "now", "again", "incident",
    ]

    private static func isSignificant(_ word: Substring) -> Bool {
        (word.count >= 3 || word.contains(where: \.isNumber)) && !stopWords.contains(word)
    }

    /// Nearly the same words: equal; or, when both have three words or more, a word
    /// overlap (Dice) of at least 0.85, or every word of the shorter found in the
    /// longer one when the shorter has at least 60% of its words ("Escalated to
    /// Marie" and "Escalated to Marie (data centres)").
    private static func similar(_ a: Entry, _ b: Entry) -> Bool {
        if a.normalised.isEmpty || b.normalised.isEmpty { return false }
        if a.normalised == b.normalised { return true }
        let shorter = min(a.words.count, b.words.count)
        let longer = max(a.words.count, b.words.count)
        guard shorter >= 3, Double(shorter) / Double(longer) >= minimumContainedShare else { return false }
        var counts: [Substring: Int] = [:]
        for word in a.words { counts[word, default: 0] += 1 }
        var common = 0
        for word in b.words {
            if let count = counts[word], count > 0 {
                counts[word] = count - 1
                common += 1
            }
        }
        return common == shorter || Double(2 * common) / Double(shorter + longer) >= similarTextThreshold
    }
}
