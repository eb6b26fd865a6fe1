import Foundation

/// How a measure is defined: from the first known of `from` to the first known of `to`.
public struct MeasureDefinition: Hashable, Sendable {
    public var key: String
    public var title: String
    public var from: [MilestoneKind]
    public var to: [MilestoneKind]

    public init(key: String, title: String, from: [MilestoneKind], to: [MilestoneKind]) {
        self.key = key
        self.title = title
        self.from = from
        self.to = to
    }

    /// The measures Hindsight reports unless configured otherwise. Response measures
    /// start at detection, as incident tools count them; impact measures start at
    /// impact.
    public static let defaults: [MeasureDefinition] = [
        MeasureDefinition(key: "timeToDetect", title: "Time to detect", from: [.impactStarted], to: [.detected]),
        MeasureDefinition(key: "timeToAcknowledge", title: "Time to acknowledge", from: [.detected], to: [.acknowledged]),
        MeasureDefinition(key: "timeToDeclare", title: "Time to declare", from: [.detected], to: [.declared]),
        MeasureDefinition(key: "timeToMitigate", title: "Time to mitigate", from: [.detected], to: [.mitigated]),
        MeasureDefinition(key: "timeToResolve", title: "Time to resolve", from: [.detected], to: [.resolved]),
        MeasureDefinition(key: "impactDuration", title: "Impact duration", from: [.impactStarted], to: [.mitigated, .resolved]),
    ]
}

/// Choices that shape a reconstruction.
public struct ReconstructionOptions: Sendable {
    /// The zone for the report when the incident names none (`--timezone`).
    public var timeZone: NamedZone?
    public var measures: [MeasureDefinition]
    /// Longest acceptable silence between stakeholder updates, by severity rank
    /// (1 = most severe); the last entry applies to lower severities.
    public var updateCadenceSeconds: [Int]
    /// Escalation later than this after detection is a finding for severities 1 and 2.
    public var lateEscalationSeconds: Int
    /// Detection later than this after impact began is a finding.
    public var lateDetectionSeconds: Int
    /// A stretch without any entry longer than this during the response is a question.
    public var silenceSeconds: Int

    public init(
        timeZone: NamedZone? = nil,
        measures: [MeasureDefinition] = MeasureDefinition.defaults,
        updateCadenceSeconds: [Int] = [1800, 3600, 7200, 14_400],
        lateEscalationSeconds: Int = 1800,
        lateDetectionSeconds: Int = 900,
        silenceSeconds: Int = 3600
    ) {
        self.timeZone = timeZone
        self.measures = measures
        self.updateCadenceSeconds = updateCadenceSeconds
        self.lateEscalationSeconds = lateEscalationSeconds
        self.lateDetectionSeconds = lateDetectionSeconds
        self.silenceSeconds = silenceSeconds
    }
}

/// Turns an incident log into a ``Reconstruction``: orders the events, finds the
/// milestones with their evidence, measures the durations, and derives people,
/// process and findings.
public enum IncidentReconstructor {
    public static func reconstruct(_ log: consuming IncidentLog, options: ReconstructionOptions = ReconstructionOptions()) -> Reconstruction {
        reconstruct(log, options: options, alongsideFindings: 0) { (_: Reconstruction, _: Int) in () }.reconstruction
    }

    /// ``reconstruct(_:options:)``, with `count` pieces of other work done on every core
    /// while the findings are analysed: `work` is given the reconstruction as it stands
    /// then (events ordered and classified, milestones, measures and service levels, but
    /// no findings) and a piece's number, and the results come back in order.
    static func reconstruct<Piece: Sendable>(
        _ log: consuming IncidentLog, options: ReconstructionOptions, alongsideFindings count: Int,
        _ work: @escaping @Sendable (Reconstruction, Int) -> Piece
    ) -> (reconstruction: Reconstruction, pieces: [Piece]) {
        var diagnostics: [Diagnostic] = []
        let (zone, zoneNote) = reportZone(for: log, options: options)
        let classifier = EventClassifier.shared
        let words: EventWords
        let tagMilestones: [String: MilestoneKind]
        let readings: [EventClassifier.Reading]
        var events: [ReconstructedEvent] = []
        let candidates: MilestoneCandidates
        do {
            // The log's events end here (when the caller handed the log over), so they
            // are not held beside the reconstructed ones for the rest of the work.
            let ordered: [TimelineEvent]
            (ordered, tagMilestones) = order(log.events)
            log.events = []
            // Every text is split into numbered words once; the classifier, the people
            // index and the findings all read those.
            words = EventWords(ordered)
            // Each event is read on its own: long timelines are read on every core.
            readings = ParallelWork.chunkedMap(Array(ordered.indices)) { [words, tagMilestones] index in
                words.withWords(of: index) {
                    classifier.read(
                        text: ordered[index].text, tags: ordered[index].tags, milestoneHints: ordered[index].milestoneHints,
                        words: $0, capitalRun: words.capitalRuns[index], tagMilestones: tagMilestones)
                }
            }
            // Each event is moved into its reconstructed one where that lies in the array
            // (an empty event left in its place), not copied: a copy would retain every
            // string of every event. A long timeline's are moved in pieces on every core,
            // and the milestones' candidates gathered from each piece as it is moved.
            let empty = TimelineEvent(time: nil, text: "", source: SourceLocation(file: ""))
            var remaining = consume ordered
            let pieces = ParallelWork.pieces(of: remaining.indices, minimum: 4096)
            var gathered: [MilestoneCandidates] = []
            events = remaining.withUnsafeMutableBufferPointer { source in
                [ReconstructedEvent](unsafeUninitializedCapacity: source.count) { buffer, initialized in
                    let shared = MovingBuffers(source: source, target: buffer)
                    gathered = ParallelWork.map(pieces) { [tagMilestones] range in
                        guard let source = shared.source.baseAddress else { return MilestoneCandidates(joining: []) }
                        for index in range {
                            let event = (source + index).move()
                            (source + index).initialize(to: empty)
                            shared.target.initializeElement(
                                at: index, to: ReconstructedEvent(event: event, kinds: readings[index].kinds, milestone: nil))
                        }
                        return MilestoneCandidates(
                            of: UnsafeBufferPointer(rebasing: shared.target[range]), from: range.lowerBound, readings: readings,
                            tagMilestones: tagMilestones)
                    }
                    initialized = source.count
                }
            }
            candidates = MilestoneCandidates(joining: gathered)
        }

        let milestones = findMilestones(
            log: log, events: events, readings: readings, words: words, candidates: candidates, diagnostics: &diagnostics)
        for milestone in milestones {
            if let index = milestone.evidence { events[index].milestone = milestone.kind }
        }
        let measures = options.measures.map { measure($0, milestones: milestones) }
        var reconstruction = Reconstruction(
            metadata: log.metadata,
            reportZone: zone,
            timeZoneNote: zoneNote,
            sources: log.sources,
            events: events,
            milestones: milestones,
            measures: measures,
            phases: LifecyclePhase.phases(between: milestones.map { ($0.kind, $0.time.instant) }),
            serviceLevels: ServiceLevels(),
            responders: [],
            escalations: [],
            handoffs: [],
            communicationUpdates: 0,
            communicationCadenceSeconds: cadence(for: log.metadata.severity, options: options),
            communicationGaps: [],
            failedRemediations: [],
            factors: [],
            actionItems: [],
            questions: [],
            sections: log.sections,
            diagnostics: []
        )
        reconstruction.serviceLevels = serviceLevels(for: reconstruction, diagnostics: &diagnostics)
        reconstruction.diagnostics = diagnostics
        let analyzer = FindingsAnalyzer(reconstruction: reconstruction, readings: readings, words: words, options: options)
        guard count > 0 else {
            analyzer.apply(to: &reconstruction)
            return (reconstruction, [])
        }
        // The findings are the first task and the pieces the others: while one core
        // analyses, the others take the pieces. Who the events name is found first, on
        // every core: the rest of the findings take about as long as the pieces.
        let shared = FindingsWork(analyzer: analyzer, reconstruction: reconstruction, people: analyzer.people())
        let results = ParallelWork.map(Array(-1..<count)) { task -> AlongsideResult<Piece> in
            guard task >= 0 else {
                var found = shared.reconstruction
                shared.analyzer.apply(to: &found, people: shared.people)
                return .findings(found)
            }
            return .piece(work(shared.reconstruction, task))
        }
        var pieces: [Piece] = []
        pieces.reserveCapacity(count)
        for result in results {
            switch result {
            case .findings(let found): reconstruction = found
            case .piece(let piece): pieces.append(piece)
            }
        }
        return (reconstruction, pieces)
    }

    // MARK: - Zone

    static func reportZone(for log: IncidentLog, options: ReconstructionOptions) -> (NamedZone, String) {
        if let name = log.metadata.timeZone, let zone = ZoneNames.resolve(name) {
            return (zone, log.timeZoneNote)
        }
        if let zone = log.readingZone {
            return (zone, log.timeZoneNote)
        }
        if let zone = options.timeZone {
            return (zone, log.timeZoneNote)
        }
        return (.utc, log.timeZoneNote)
    }

    /// `MilestoneKind(tag:)` of every tag the events hold that names a milestone, each
    /// tag read once, as events are read one after another.
    struct TagMilestones {
        private var seen = Set<String>()
        private(set) var found: [String: MilestoneKind] = [:]
        // Most events repeat the tags of the one before: those are not hashed again.
        private var previous: [String] = []

        mutating func add(_ tags: [String]) {
            guard tags != previous else { return }
            previous = tags
            for tag in tags where seen.insert(tag).inserted {
                if let milestone = MilestoneKind(tag: tag) { found[tag] = milestone }
            }
        }
    }

    // MARK: - Ordering

    /// Sorts by instant, stably; an event without a time stays right after the event
    /// that preceded it in its source. Also gives the milestones the events' tags
    /// name (``TagMilestones``), read in the same pass.
    static func order(_ events: [TimelineEvent]) -> (ordered: [TimelineEvent], tagMilestones: [String: MilestoneKind]) {
        var tags = TagMilestones()
        var keyed: [(anchor: Double, untimed: Bool, index: Int)] = []
        keyed.reserveCapacity(events.count)
        // The last instant seen in each source file (few files: searched in order).
        var lastInstant: [(file: String, seconds: Double)] = []
        var current = -1
        // Fields are read in place: a copy of each event would retain all its strings.
        for index in events.indices {
            tags.add(events[index].tags)
            if current < 0 || lastInstant[current].file != events[index].source.file {
                current = lastInstant.firstIndex { $0.file == events[index].source.file } ?? -1
            }
            if let time = events[index].time {
                let seconds = time.instant.timeIntervalSince1970
                if current < 0 {
                    lastInstant.append((events[index].source.file, seconds))
                    current = lastInstant.count - 1
                } else {
                    lastInstant[current].seconds = seconds
                }
                keyed.append((seconds, false, index))
            } else {
                keyed.append((current < 0 ? -Double.greatestFiniteMagnitude : lastInstant[current].seconds, true, index))
            }
        }
        keyed.sort { lhs, rhs in
            if lhs.anchor != rhs.anchor { return lhs.anchor < rhs.anchor }
            if lhs.untimed != rhs.untimed { return !lhs.untimed }
            return lhs.index < rhs.index
        }
        // Already in order (the common case): the same events, not copies.
        if keyed.indices.allSatisfy({ keyed[$0].index == $0 }) { return (events, tags.found) }
        return (keyed.map { events[$0.index] }, tags.found)
    }

    // MARK: - Milestones

    private struct Candidate {
        var index: Int
        var confidence: MilestoneConfidence
        /// The tag or marker that made the event a candidate (the reason is written
        /// only for the candidate chosen).
        var detail: String?
    }

    /// The timed events that could mark each milestone, by lane (``EventClassifier/lane(of:)``),
    /// in event order.
    private struct MilestoneCandidates {
        var lanes = Array(repeating: [Candidate](), count: MilestoneKind.allCases.count)

        /// The candidates among `events`, the first of which is event `first`.
        init(
            of events: UnsafeBufferPointer<ReconstructedEvent>, from first: Int, readings: [EventClassifier.Reading],
            tagMilestones: [String: MilestoneKind]
        ) {
            for offset in events.indices where events[offset].event.time != nil {
                let index = first + offset
                let reading = readings[index]
                for tag in events[offset].event.tags {
                    if let kind = tagMilestones[tag] {
                        lanes[EventClassifier.lane(of: kind)].append(Candidate(index: index, confidence: .stated, detail: tag))
                    }
                }
                for kind in events[offset].event.milestoneHints {
                    lanes[EventClassifier.lane(of: kind)].append(Candidate(index: index, confidence: .source, detail: nil))
                }
                for (kind, marker) in reading.markerMilestones {
                    lanes[EventClassifier.lane(of: kind)].append(Candidate(index: index, confidence: .marker, detail: marker))
                }
                if reading.wordedStarts != SIMD8() {
                    for kind in MilestoneKind.allCases where reading.wordedStarts[EventClassifier.lane(of: kind)] != 0 {
                        lanes[EventClassifier.lane(of: kind)].append(Candidate(index: index, confidence: .inferred, detail: nil))
                    }
                }
            }
        }

        /// The candidates of consecutive pieces of events, in order.
        init(joining pieces: [MilestoneCandidates]) {
            for piece in pieces {
                for lane in lanes.indices { lanes[lane] += piece.lanes[lane] }
            }
        }
    }

    /// Why a candidate was chosen, for the report.
    private static func reason(_ candidate: Candidate, kind: MilestoneKind, events: [ReconstructedEvent], readings: [EventClassifier.Reading], words: EventWords) -> String {
        switch candidate.confidence {
        case .stated: return "tagged [\(candidate.detail ?? "")]"
        case .source: return "recorded by \(events[candidate.index].event.origin ?? "the source")"
        case .marker: return "marker \(candidate.detail ?? "")"
        case .inferred:
            let range = readings[candidate.index].wordedRange(kind) ?? 0..<0
            return "wording “\(words.phrase(of: candidate.index, words: range))”"
        }
    }

    private static func findMilestones(
        log: IncidentLog, events: [ReconstructedEvent], readings: [EventClassifier.Reading], words: EventWords,
        candidates: MilestoneCandidates, diagnostics: inout [Diagnostic]
    ) -> [Milestone] {

        var chosen: [MilestoneKind: Milestone] = [:]
        for override in log.metadata.milestoneOverrides {
            chosen[override.kind] = Milestone(
                kind: override.kind, time: override.time, confidence: .stated, evidence: nil,
                reason: "set in the front matter")
        }
        let rankOrder: [MilestoneConfidence] = [.stated, .source, .marker, .inferred]
        for kind in MilestoneKind.allCases where chosen[kind] == nil {
            let all = candidates.lanes[EventClassifier.lane(of: kind)]
            guard !all.isEmpty else { continue }
            for confidence in rankOrder {
                let pool = all.filter { $0.confidence == confidence }
                guard !pool.isEmpty else { continue }
                let pick: Candidate?
                if confidence == .inferred {
                    pick = pool.first { candidate in
                        plausible(kind, at: candidate.index, events: events, chosen: chosen)
                    }
                } else if kind == .closed || (kind == .resolved && confidence == .source) {
                    // A tool may record several resolutions (re-triggered alerts): the last one ends it.
                    pick = pool.last
                } else {
                    pick = pool.first
                }
                if let pick, let time = events[pick.index].event.time {
                    let reason = reason(pick, kind: kind, events: events, readings: readings, words: words)
                    chosen[kind] = Milestone(kind: kind, time: time, confidence: confidence, evidence: pick.index, reason: reason)
                    break
                }
            }
        }

        // No word for the start of impact: a careful reader takes the first sign of
        // impact recorded before detection, and says it was inferred.
        if chosen[.impactStarted] == nil, let response = chosen[.detected] ?? chosen[.acknowledged] ?? chosen[.declared],
            let index = events.indices.first(where: { index in
                guard let instant = events[index].event.time?.instant else { return false }
                return events[index].kinds.contains(.impact) && instant <= response.time.instant
            }),
            let time = events[index].event.time
        {
            chosen[.impactStarted] = Milestone(
                kind: .impactStarted, time: time, confidence: .inferred, evidence: index,
                reason: "first sign of impact before the response began")
        }
        let milestones = MilestoneKind.allCases.compactMap { chosen[$0] }
        // Lifecycle sanity: a later milestone before an earlier one is worth a warning.
        let checks: [(MilestoneKind, MilestoneKind)] = [
            (.impactStarted, .mitigated), (.impactStarted, .resolved), (.detected, .acknowledged),
            (.detected, .mitigated), (.detected, .resolved), (.mitigated, .resolved), (.resolved, .closed),
        ]
        for (earlier, later) in checks {
            guard let first = chosen[earlier], let second = chosen[later], second.time.instant < first.time.instant else { continue }
            let location = second.evidence.map { events[$0].event.source } ?? log.metadata.milestoneOverrides.first { $0.kind == later }?.source
            diagnostics.append(Diagnostic(
                .warning,
                "\(later.title.lowercased()) (\(Instants.iso8601(second.time.instant))) is before \(earlier.title.lowercased()) (\(Instants.iso8601(first.time.instant))); check the times or pin the milestones with tags",
                at: location))
        }
        return milestones
    }

    /// Whether a worded milestone at this event fits the lifecycle found so far.
    private static func plausible(_ kind: MilestoneKind, at index: Int, events: [ReconstructedEvent], chosen: [MilestoneKind: Milestone]) -> Bool {
        guard let instant = events[index].event.time?.instant else { return false }
        func notBefore(_ other: MilestoneKind) -> Bool {
            guard let milestone = chosen[other] else { return true }
            return instant >= milestone.time.instant
        }
        func differentEvent(_ other: MilestoneKind) -> Bool {
            chosen[other]?.evidence != index
        }
        switch kind {
        case .impactStarted, .detected:
            return true
        case .acknowledged, .declared, .identified:
            return notBefore(.detected)
        case .mitigated:
            return notBefore(.detected) && differentEvent(.detected)
        case .resolved:
            return notBefore(.detected) && notBefore(.mitigated) && differentEvent(.detected)
        case .closed:
            return notBefore(.resolved) && notBefore(.detected) && differentEvent(.detected)
        }
    }

    // MARK: - Measures

    static func measure(_ definition: MeasureDefinition, milestones: [Milestone]) -> Measure {
        func first(_ kinds: [MilestoneKind]) -> Milestone? {
            for kind in kinds { if let found = milestones.first(where: { $0.kind == kind }) { return found } }
            return nil
        }
        let start = first(definition.from)
        let end = first(definition.to)
        let fromName = (start?.kind ?? definition.from.first).map(phrase) ?? "?"
        let toName = (end?.kind ?? definition.to.first).map(phrase) ?? "?"
        var definitionText = "From \(fromName) to \(toName)."
        if definition.to.count > 1 {
            definitionText = "From \(fromName) to \(definition.to.map(phrase).joined(separator: ", or else "))."
        }
        var missing: String?
        var seconds: Int?
        if let start, let end {
            seconds = Int(end.time.instant.timeIntervalSince(start.time.instant).rounded())
        } else {
            let unknown = [start == nil ? definition.from : [], end == nil ? definition.to : []].flatMap { $0 }
            missing = "unknown: " + unknown.map(phrase).joined(separator: ", ")
        }
        return Measure(
            key: definition.key, title: definition.title, from: start?.kind ?? definition.from.first,
            to: end?.kind ?? definition.to.first, seconds: seconds, definition: definitionText, missingReason: missing)
    }

    /// The milestone as a noun phrase for definitions.
    static func phrase(_ kind: MilestoneKind) -> String {
        switch kind {
        case .impactStarted: "the start of impact"
        case .detected: "detection"
        case .acknowledged: "acknowledgement"
        case .declared: "declaration"
        case .identified: "identification of the cause"
        case .mitigated: "mitigation"
        case .resolved: "resolution"
        case .closed: "closure"
        }
    }

    // MARK: - Service levels

    static func severityRank(_ severity: String?) -> Int? {
        guard let severity = severity?.lowercased() else { return nil }
        if let digit = severity.first(where: { $0.isNumber }), let value = Int(String(digit)) {
            return max(1, value == 0 ? 1 : value)
        }
        switch severity {
        case "critical", "major", "high", "urgent": return 1
        case "medium", "moderate": return 2
        case "low", "minor": return 3
        default: return nil
        }
    }

    static func cadence(for severity: String?, options: ReconstructionOptions) -> Int {
        let table = options.updateCadenceSeconds.isEmpty ? [3600] : options.updateCadenceSeconds
        let rank = severityRank(severity) ?? 2
        return table[min(rank, table.count) - 1]
    }

    static func serviceLevels(for reconstruction: Reconstruction, diagnostics: inout [Diagnostic]) -> ServiceLevels {
        let metadata = reconstruction.metadata
        var levels = ServiceLevels()
        levels.slo = metadata.slo
        levels.sla = metadata.sla
        levels.currency = metadata.currency
        let impact = reconstruction.measure("impactDuration")?.seconds
        if let slo = metadata.slo {
            if let parsed = ServiceTargets.slo(slo) {
                levels.sloTarget = parsed.target
                levels.sloWindowSeconds = parsed.windowSeconds
                let budget = Int(((1 - parsed.target) * Double(parsed.windowSeconds)).rounded())
                levels.errorBudgetSeconds = budget
                if let impact, budget > 0 {
                    levels.errorBudgetConsumed = Double(impact) / Double(budget)
                }
            } else {
                diagnostics.append(Diagnostic(.warning, "could not read the SLO “\(slo)”; write it like `99.9% over 30d`", at: reconstruction.sources.first.map { SourceLocation(file: $0) }))
            }
        }
        if let sla = metadata.sla {
            if let target = ServiceTargets.seconds(in: sla) {
                levels.slaTargetSeconds = target
                if let resolve = reconstruction.measure("timeToResolve"), let seconds = resolve.seconds {
                    levels.slaBreached = seconds > target
                    levels.slaExceededBySeconds = max(0, seconds - target)
                }
                if let detected = reconstruction.milestone(.detected) {
                    let breach = detected.time.instant.addingTimeInterval(Double(target))
                    let resolved = reconstruction.milestone(.resolved)?.time.instant
                    if resolved.map({ $0 > breach }) ?? true { levels.slaBreachTime = breach }
                }
            } else {
                diagnostics.append(Diagnostic(.warning, "could not read the SLA “\(sla)”; write it like `resolve within 4h`", at: reconstruction.sources.first.map { SourceLocation(file: $0) }))
            }
        }
        if let cost = metadata.costPerHour, let impact {
            levels.estimatedCost = (cost * Double(impact) / 3600).rounded()
        }
        return levels
    }
}

/// The events moved into reconstructed ones (``IncidentReconstructor/reconstruct(_:options:)``),
/// each piece's elements by one core.
private struct MovingBuffers: @unchecked Sendable {
    let source: UnsafeMutableBufferPointer<TimelineEvent>
    let target: UnsafeMutableBufferPointer<ReconstructedEvent>
}

/// The findings' analyser and the reconstruction it completes, read by the cores doing
/// the work alongside (``IncidentReconstructor/reconstruct(_:options:alongsideFindings:_:)``).
private struct FindingsWork: @unchecked Sendable {
    let analyzer: FindingsAnalyzer
    let reconstruction: Reconstruction
    let people: PeopleIndex
}

private enum AlongsideResult<Piece: Sendable>: Sendable {
    case findings(Reconstruction)
    case piece(Piece)
}
