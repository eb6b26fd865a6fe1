import Foundation

/// Derives people, process and findings from ordered, classified events: responders,
/// escalations, hand-offs, communication gaps, failed remediation, contributing
/// factors, action items and questions for the review meeting.
struct FindingsAnalyzer {
    let reconstruction: Reconstruction
    let readings: [EventClassifier.Reading]
    /// The events' words, as the classifier read them.
    let words: EventWords
    let options: ReconstructionOptions

    /// Every word and stem of the tables and word lists below, for ``WordLexicon``.
    static var vocabulary: [String] {
        factorPhrases.flatMap(\.1) + explicitEscalationPhrases.flatMap(\.1) + authorityWords + callVerbs + articles
    }

    private let events: [ReconstructedEvent]
    /// For each event, a bit (``bit(_:)``) for every kind it shows.
    private let kindMasks: [UInt32]

    init(reconstruction: Reconstruction, readings: [EventClassifier.Reading], words: EventWords, options: ReconstructionOptions) {
        self.reconstruction = reconstruction
        self.readings = readings
        self.words = words
        self.options = options
        events = reconstruction.events
        kindMasks = events.map { event in event.kinds.reduce(0) { $0 | Self.bit($1) } }
    }

    /// The bit of a kind in ``kindMasks`` (every kind has its own specificity, below 32).
    private static func bit(_ kind: EventKind) -> UInt32 {
        1 << UInt32(EventClassifier.specificity(kind))
    }

    /// Whether event `index` shows `kind`.
    private func shows(_ index: Int, _ kind: EventKind) -> Bool {
        kindMasks[index] & Self.bit(kind) != 0
    }

    func apply(to result: inout Reconstruction) {
        apply(to: &result, people: people())
    }

    /// Who the events name (read on every core for a long timeline); the first part of
    /// ``apply(to:)``, which a caller can have done before the rest.
    func people() -> PeopleIndex {
        PeopleIndex(metadata: reconstruction.metadata, events: events, words: words)
    }

    /// ``apply(to:)`` with ``people()`` found already.
    func apply(to result: inout Reconstruction, people: PeopleIndex) {
        result.responders = responders(people: people)
        result.handoffs = handoffs(people: people)
        result.escalations = escalations(people: people)
        result.failedRemediations = events.indices.filter { shows($0, .failedRemediation) }
        let updates = events.indices.filter { shows($0, .communication) && events[$0].event.time != nil }
        result.communicationUpdates = updates.count
        result.communicationGaps = communicationGaps(updates: updates, cadence: result.communicationCadenceSeconds)
        var partial = result
        partial.factors = factors(in: partial, people: people)
        partial.actionItems = actionItems(factors: partial.factors)
        partial.questions = questions(for: partial)
        result = partial
    }

    // MARK: - People

    private func responders(people: PeopleIndex) -> [Responder] {
        var order: [String] = []
        var roles: [String: [String]] = [:]
        var firstSeen: [String: Date] = [:]
        for assignment in reconstruction.metadata.roles {
            if roles[assignment.person] == nil { order.append(assignment.person) }
            roles[assignment.person, default: []].append(assignment.role)
        }
        // Everyone an event names or was written by, in order. Noting a name twice
        // changes nothing, so each name's entries are looked up at most twice: when it
        // is first met (listed) and when it is first met at a known time.
        var state = [UInt8](repeating: 0, count: people.names.count)
        func note(_ number: Int32, at instant: Date?) {
            let number = Int(number)
            if state[number] == 0 {
                let name = people.names[number]
                if roles[name] == nil {
                    order.append(name)
                    roles[name] = []
                }
                state[number] = 1
            }
            if state[number] == 1, let instant {
                let name = people.names[number]
                if firstSeen[name] == nil { firstSeen[name] = instant }
                state[number] = 2
            }
        }
        words.forEachEvent { index, words in
            let instant = events[index].event.time?.instant
            if let author = people.author(of: index) { note(author, at: instant) }
            for word in words.numbers {
                if let name = people.name(ofWord: word) { note(name, at: instant) }
            }
        }
        for handoff in handoffs(people: people) where handoff.kind == .command {
            if let name = handoff.to, var list = roles[name], !list.contains(where: { $0.lowercased().contains("command") }) {
                list.append("incident commander (from the timeline)")
                roles[name] = list
            }
        }
        return order.map { Responder(name: $0, roles: roles[$0] ?? [], firstSeen: firstSeen[$0]) }
    }

    private func handoffs(people: PeopleIndex) -> [Handoff] {
        events.indices.compactMap { index in
            if shows(index, .commandHandoff) {
                return Handoff(kind: .command, to: people.recipient(in: index), evidence: index)
            }
            if shows(index, .shiftHandoff) {
                return Handoff(kind: .shift, to: people.recipient(in: index), evidence: index)
            }
            return nil
        }
    }

    private static let authorityWords = [
        "management", "manager", "managers", "director", "vp", "head", "executive", "executives", "leadership",
        "cto", "ceo", "cio", "boss", "duty", "authority",
    ]
    private static let authoritySet = WordSet(authorityWords)

    private func escalations(people: PeopleIndex) -> [Escalation] {
        let detected = reconstruction.milestone(.detected)
        let breach = reconstruction.serviceLevels.slaBreachTime
        // People already working the incident: their joining or calling is not an escalation.
        var engaged = Set(reconstruction.metadata.roles.filter { role in
            let key = role.role.lowercased()
            return key.contains("on-call") || key.contains("oncall") || key.contains("responder") || FindingsAnalyzer.isCommanderRole(key)
        }.map(\.person))
        if let index = detected?.evidence, let actor = people.actor(of: index) { engaged.insert(actor) }
        var result: [Escalation] = []
        var level = 1
        for index in events.indices where shows(index, .page) || shows(index, .escalation) {
            let event = events[index]
            guard event.event.time != nil || !result.isEmpty,
                event.kinds.contains(.page) || event.kinds.contains(.escalation),
                !event.kinds.contains(.commandHandoff), !event.kinds.contains(.shiftHandoff),
                index != detected?.evidence
            else { continue }
            let (recipient, explicit, callsSomeone, hierarchical) = words.withWords(of: index) { words in
                (people.recipient(in: index, words: words),
                 event.event.tags.contains("escalated") || Self.explicitEscalation.containsMatch(in: words),
                 Self.callsSomeone(words), words.contains(anyOf: Self.authoritySet))
            }
            let target: String
            if let recipient, !engaged.contains(recipient) {
                target = recipient
            } else if recipient != nil && !event.event.tags.contains("escalated") {
                continue
            } else if explicit || callsSomeone {
                target = Self.shortText(event.event.text)
            } else {
                continue
            }
            if let recipient { engaged.insert(recipient) }
            if let actor = people.actor(of: index), actor != recipient { engaged.insert(actor) }
            level = min(level + 1, 3)
            let direction: Escalation.Direction = hierarchical ? .hierarchical : .functional
            var since: Int?
            if let detected, let instant = event.event.time?.instant {
                since = Int(instant.timeIntervalSince(detected.time.instant))
            }
            let afterBreach = breach.map { limit in event.event.time.map { $0.instant > limit } ?? false } ?? false
            result.append(Escalation(target: target, direction: direction, level: level, evidence: index, sinceDetection: since, afterBreach: afterBreach))
        }
        return result
    }

    private static let explicitEscalationPhrases: [(Bool, [String])] = [
        (true, ["escalated", "escalates", "escalating", "escalation to", "pulled in", "pulls in", "brought in", "brings in",
                "loops in", "looped in",
                "asks for help", "called in", "subject matter expert", "level 2", "level 3", "l2", "l3"]),
    ]
    private static let explicitEscalation = PhraseMatcher(explicitEscalationPhrases)

    private static let callVerbs = ["pages", "paged", "calls", "called", "phones", "phoned", "wakes"]
    private static let articles = ["the", "a", "an"]
    private static let callVerbSet = WordSet(callVerbs)
    private static let articleSet = WordSet(articles)

    /// "pages the database on-call", "calls a network engineer": a page to someone unnamed.
    private static func callsSomeone(_ words: WordSpan) -> Bool {
        for index in 0..<words.count where callVerbSet.contains(words[index]) && index + 1 < words.count {
            if articleSet.contains(words[index + 1]) { return true }
        }
        return false
    }

    /// Silences longer than the cadence between detection and resolution. Once the
    /// impact is mitigated, updates may slow down: twice the cadence, at least hourly.
    private func communicationGaps(updates: [Int], cadence: Int) -> [CommunicationGap] {
        guard let start = reconstruction.milestone(.detected)?.time.instant else { return [] }
        let mitigated = reconstruction.milestone(.mitigated)?.time.instant
        let end = (reconstruction.milestone(.resolved) ?? reconstruction.milestone(.mitigated))?.time.instant
        guard let end, end > start else { return [] }
        var points = [start]
        points += updates.compactMap { events[$0].event.time?.instant }.filter { $0 > start && $0 < end }
        points.append(end)
        var gaps: [CommunicationGap] = []
        for (first, second) in zip(points, points.dropFirst()) {
            let relaxed = mitigated.map { first >= $0 } ?? false
            let limit = relaxed ? max(cadence * 2, 3600) : cadence
            if Int(second.timeIntervalSince(first)) > limit {
                gaps.append(CommunicationGap(start: first, end: second))
            }
        }
        return gaps
    }

    // MARK: - Factors

    private static let factorPhrases: [(ContributingFactor.Category, [String])] = [
        (.recentChange, ["deploy", "deployed", "deployment", "release", "released", "rollout", "rolled out", "recently updated",
                         "recent update", "recent change", "upgrade", "upgraded", "new version", "migration", "updated feature"]),
        (.configurationChange, ["config", "configuration", "misconfiguration", "misconfigured", "setting", "settings",
                                "feature flag", "log level", "parameter"]),
        (.loadOrCapacity, ["high load", "heavy load", "load spike", "under load", "capacity limit", "out of capacity",
                           "at capacity", "over capacity", "lack of capacity", "insufficient capacity", "no space left",
                           "out of disk", "disk space", "watermark", "traffic spike", "peak traffic",
                           "saturat*", "overload*", "out of memory", "oom", "disk full", "disks full", "ran out", "running out",
                           "exhaust*", "carries all traffic", "carry all traffic", "carried all traffic", "all traffic",
                           "single server", "one server", "connection pool", "starvation", "queue depth", "is full",
                           "are full", "was full", "were full", "at their limit", "fill up", "fills up", "filled up"]),
        (.dependencyFailure, ["provider", "upstream", "third-party", "third party", "vendor", "dependency", "external service",
                              "docker hub", "dns"]),
        (.missingMonitoring, ["no alert", "no alerts", "no monitoring", "not monitored", "no alerting", "missing alert",
                              "alert did not fire", "alert didn't fire", "without an alert", "unmonitored", "no dashboard"]),
        (.runbookGap, ["no runbook", "runbook missing", "missing runbook", "outdated runbook", "runbook was outdated",
                       "runbook is outdated", "undocumented", "no documentation", "not in the runbook", "runbook did not",
                       "runbook didn't"]),
        (.lateDetection, ["customers report*", "users report*", "customer report*", "user report*", "reported by a customer",
                          "reported by customers", "support ticket*", "end-users", "end users alerted", "merchant ticket*",
                          "customer ticket*", "first ticket"]),
    ]
    private static let factorMatcher = PhraseMatcher(factorPhrases)
    /// The factor table's categories with their bits, in the order of their raw values.
    private static let factorOrder = factorMatcher.labels.sorted { $0.rawValue < $1.rawValue }.map { ($0, factorMatcher.bit(of: $0)) }

    private func factors(in result: Reconstruction, people: PeopleIndex) -> [ContributingFactor] {
        // The first events that show each category (a factor quotes its first and cites
        // five), by the category's place in `factorOrder`.
        var firstShown = [[Int]](repeating: [], count: Self.factorOrder.count)
        let detection = (result.milestone(.detected) ?? result.milestone(.impactStarted))?.time.instant
        let endOfImpact = (result.milestone(.mitigated) ?? result.milestone(.resolved))?.time.instant
        let matcher = Self.factorMatcher
        let order = Self.factorOrder
        words.forEachEvent { index, words in
            let matches = matcher.labelsFound(in: words)
            guard matches != 0 else { return }
            for (position, (category, bit)) in order.enumerated() where matches & bit != 0 && firstShown[position].count < 5 {
                if category == .recentChange || category == .configurationChange {
                    // A change is a factor when it came before detection, or when the
                    // diagnosis pointed at it; changes made during the response are remediation.
                    let instant = events[index].event.time?.instant
                    let before = instant.map { time in detection.map { time <= $0 } ?? true } ?? false
                    let diagnosed = shows(index, .diagnosis)
                        && instant.map { time in endOfImpact.map { time <= $0 } ?? true } ?? false
                    guard before || (diagnosed && !shows(index, .remediation)) else { continue }
                }
                firstShown[position].append(index)
            }
        }
        var found: [ContributingFactor.Category: [Int]] = [:]
        for (position, (category, _)) in order.enumerated() where !firstShown[position].isEmpty {
            found[category] = firstShown[position]
        }
        var factors: [ContributingFactor] = []
        func add(_ category: ContributingFactor.Category, _ statement: String, _ evidence: [Int]) {
            // The first five distinct events (evidence can run to thousands).
            var unique: [Int] = []
            for index in evidence where !unique.contains(index) {
                unique.append(index)
                if unique.count == 5 { break }
            }
            factors.append(ContributingFactor(category: category, statement: statement, evidence: unique))
        }
        if let evidence = found[.recentChange] {
            add(.recentChange, "A recent change to the service preceded the impact: \(Self.quote(events[evidence[0]].event.text)).", evidence)
        }
        if let evidence = found[.configurationChange] {
            add(.configurationChange, "A configuration change was involved: \(Self.quote(events[evidence[0]].event.text)).", evidence)
        }
        if let evidence = found[.loadOrCapacity] {
            add(.loadOrCapacity, "Load or capacity limits shaped the failure: \(Self.quote(events[evidence[0]].event.text)).", evidence)
        }
        if let evidence = found[.dependencyFailure] {
            add(.dependencyFailure, "A dependency outside the service was involved: \(Self.quote(events[evidence[0]].event.text)).", evidence)
        }
        let ttd = result.measure("timeToDetect")?.seconds
        if let evidence = found[.lateDetection] {
            add(.lateDetection, "Detection relied on reports from users rather than on monitoring.", evidence)
        } else if let ttd, ttd > options.lateDetectionSeconds {
            let evidence = [result.milestone(.impactStarted)?.evidence, result.milestone(.detected)?.evidence].compactMap { $0 }
            add(.lateDetection, "The impact went undetected for \(DurationText.format(ttd)) after it began.", evidence)
        }
        if let evidence = found[.missingMonitoring] {
            add(.missingMonitoring, "Monitoring did not cover the condition that failed.", evidence)
        }
        if let evidence = found[.runbookGap] {
            add(.runbookGap, "The runbook did not cover this failure.", evidence)
        }
        if !result.failedRemediations.isEmpty {
            let count = result.failedRemediations.count
            let noun = count == 1 ? "A remediation attempt" : "\(count) remediation attempts"
            add(.failedRemediation, "\(noun) did not restore service, which lengthened the response.", result.failedRemediations)
        }
        let hasCommander = result.metadata.roles.contains { Self.isCommanderRole($0.role) } || result.handoffs.contains { $0.kind == .command }
        let severe = (IncidentReconstructor.severityRank(result.metadata.severity) ?? 3) <= 2
        if !hasCommander && (severe || (result.measure("timeToResolve")?.seconds ?? 0) > 3600) {
            add(.noIncidentCommander, "No incident commander was named, so coordination had no single owner.", [])
            let communication = events.indices.filter { shows($0, .communication) }
            let repair = events.indices.filter { shows($0, .remediation) || shows($0, .failedRemediation) }
            // Whoever sends updates or is asked for them is coordinating.
            let communicators = Set(communication.flatMap { people.mentions(in: $0) })
            let repairers = Set(repair.compactMap { people.actor(of: $0) })
            let both = communicators.intersection(repairers).sorted()
            if let person = both.first {
                let evidence = (communication.filter { people.mentions(in: $0).contains(person) }
                    + repair.filter { people.actor(of: $0) == person }).sorted()
                add(.singleResponderOverloaded, "The same responder both coordinated communication and carried out the repair, so neither had full attention.", evidence)
            } else if !communication.isEmpty && !repair.isEmpty && result.responders.count <= 1 {
                add(.singleResponderOverloaded, "One responder handled both communication and repair.", communication + repair)
            }
        }
        let afterBreach = result.escalations.filter(\.afterBreach)
        if let first = afterBreach.first {
            let target = first.target.count <= 40 ? " to \(first.target)" : ""
            add(.lateEscalation, "Escalation\(target) came only after the SLA had already been breached.", afterBreach.map(\.evidence))
        } else if severe, let first = result.escalations.first, let since = first.sinceDetection, since > options.lateEscalationSeconds {
            add(.lateEscalation, "Escalation to further help came \(DurationText.format(since)) after detection.", [first.evidence])
        }
        for section in result.sections where section.role == .contributingFactors {
            for item in SectionLists.items(in: section) {
                factors.append(ContributingFactor(category: .authored, statement: item.text, evidence: []))
            }
        }
        return factors
    }

    static func isCommanderRole(_ role: String) -> Bool {
        let key = role.lowercased()
        return key.contains("command") || key == "ic" || key.contains("incident lead") || key.contains("incident manager")
    }

    // MARK: - Action items

    private static let suggestionKeywords: [ContributingFactor.Category: [String]] = [
        .recentChange: ["canary", "rollout", "deploy", "release", "change"],
        .configurationChange: ["config", "configuration", "validate", "setting"],
        .loadOrCapacity: ["capacity", "load", "headroom", "scale", "saturation"],
        .dependencyFailure: ["fallback", "dependency", "provider", "circuit", "vendor"],
        .lateDetection: ["alert", "monitor", "detect", "detection"],
        .missingMonitoring: ["alert", "monitor", "dashboard"],
        .runbookGap: ["runbook", "playbook", "document"],
        .failedRemediation: ["rollback", "remediation", "runbook", "rehearse", "drill"],
        .singleResponderOverloaded: ["commander", "command", "coordinat"],
        .noIncidentCommander: ["commander", "command"],
        .lateEscalation: ["escalat", "page", "policy"],
    ]

    private static let suggestions: [ContributingFactor.Category: (String, ActionItem.Kind)] = [
        .recentChange: ("Add a staged rollout or canary check that halts a change when health checks degrade.", .prevent),
        .configurationChange: ("Validate configuration changes automatically before they reach production.", .prevent),
        .loadOrCapacity: ("Review capacity headroom and add an alert before saturation is reached.", .detect),
        .dependencyFailure: ("Add a fallback or circuit breaker for the failing dependency.", .mitigate),
        .lateDetection: ("Add monitoring that detects this failure before users report it.", .detect),
        .missingMonitoring: ("Add an alert for the condition that went unmonitored.", .detect),
        .runbookGap: ("Write or update the runbook for this failure and link it from the alert.", .mitigate),
        .failedRemediation: ("Record which remediation steps work for this failure and rehearse them.", .mitigate),
        .singleResponderOverloaded: ("Make handing coordination to a separate incident commander a standard step of the on-call procedure.", .mitigate),
        .noIncidentCommander: ("Name an incident commander for every high-severity response.", .mitigate),
        .lateEscalation: ("Define escalation triggers (time since detection, SLA at risk) in the on-call policy.", .mitigate),
    ]

    private func actionItems(factors: [ContributingFactor]) -> [ActionItem] {
        var items: [ActionItem] = []
        for section in reconstruction.sections where section.role == .actionItems {
            for item in SectionLists.items(in: section) {
                items.append(ActionItemParser.parse(item.text, done: item.done, source: item.source))
            }
        }
        // The events that read as actions, then each parsed (on every core when many).
        var written: [(text: String, source: SourceLocation)] = []
        for index in events.indices where shows(index, .actionItem) {
            var text = events[index].event.text
            for prefix in ["Action:", "ACTION:", "TODO:", "TODO", "Follow-up:", "Follow up:"] where text.hasPrefix(prefix) {
                text = String(text.dropFirst(prefix.count).trimmedWhitespace())
            }
            guard events[index].event.tags.contains("action") || text != events[index].event.text else { continue }
            written.append((text, events[index].event.source))
        }
        items += ParallelWork.chunkedMap(written, chunk: 512) { ActionItemParser.parse($0.text, done: false, source: $0.source) }
        // A factor needs a suggestion only when no action (written or already
        // suggested) speaks to it.
        var covering = items.map { PhraseMatcher<Int>.wordLine(of: $0.text) }
        for factor in factors where factor.category != .authored {
            guard let (text, kind) = Self.suggestions[factor.category] else { continue }
            let keywords = Self.suggestionKeywords[factor.category] ?? []
            guard !covering.contains(where: { line in keywords.contains { TextScanning.contains(line, $0) } })
            else { continue }
            items.append(ActionItem(text: text, owner: nil, due: nil, tracker: nil, kind: kind, done: false, suggested: true, source: nil))
            covering.append(PhraseMatcher<Int>.wordLine(of: text))
        }
        return items
    }

    // MARK: - Questions

    private func questions(for result: Reconstruction) -> [String] {
        var questions: [String] = []
        let zone = result.reportZone
        if result.milestone(.impactStarted) == nil {
            questions.append("When did the impact begin? The log does not say, so the time to detect and the impact duration cannot be measured.")
        }
        if result.milestone(.detected) == nil {
            questions.append("How and when was the incident detected? No entry reads as an alert, page or report.")
        }
        if result.milestone(.resolved) == nil {
            questions.append("When was service fully restored? No entry reads as the resolution.")
        }
        let inferred = result.milestones.filter { $0.confidence == .inferred }
        if !inferred.isEmpty {
            let names = inferred.map { "\($0.kind.title.lowercased()) (\(ReportClock.local($0.time.instant, in: zone)))" }
            questions.append("Are these moments right? They were inferred from the wording of the log: \(names.joined(separator: ", ")).")
        }
        for milestone in result.milestones where milestone.time.approximate {
            questions.append("Can the time of “\(milestone.kind.title.lowercased())” be confirmed? The log gives it as approximate.")
        }
        // Silence matters while the impact lasts; after mitigation a quiet log is expected.
        if let start = result.milestone(.detected)?.time.instant,
            let end = (result.milestone(.mitigated) ?? result.milestone(.resolved))?.time.instant
        {
            let timed = events.compactMap { $0.event.time?.instant }.filter { $0 >= start && $0 <= end }
            for (first, second) in zip(timed, timed.dropFirst()) where Int(second.timeIntervalSince(first)) > options.silenceSeconds {
                questions.append("What happened between \(ReportClock.local(first, in: zone)) and \(ReportClock.local(second, in: zone))? The log is silent for \(DurationText.format(Int(second.timeIntervalSince(first)))).")
            }
        }
        for index in result.failedRemediations.prefix(3) {
            questions.append("What was expected from the step recorded as \(Self.quote(events[index].event.text)), and what showed that it would not help?")
        }
        for index in events.indices where events[index].kinds.first == .decision {
            questions.append("What information led to the decision \(Self.quote(events[index].event.text))?")
        }
        let untimed = events.indices.filter { events[$0].event.time == nil }.map { events[$0] }
        for event in untimed.prefix(3) {
            questions.append("When did \(Self.quote(event.event.text)) happen? Its time is not recorded.")
        }
        if result.serviceLevels.slaBreached == true {
            questions.append("What would have made resolution within the SLA possible?")
        }
        if result.escalations.contains(where: { $0.afterBreach }) {
            questions.append("What kept the response from escalating before the SLA was breached?")
        }
        return questions
    }

    // MARK: - Text

    static func shortText(_ text: String, limit: Int = 80) -> String {
        if let ascii = asciiShortText(text, limit: limit) { return ascii }
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard single.count > limit else { return single }
        let cut = single.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }

    /// ``shortText(_:limit:)`` for ASCII text, from the bytes: there every character is
    /// one byte but `"\r\n"`, and the newlines are the bytes 0x0A–0x0D. Nil for other text.
    private static func asciiShortText(_ text: String, limit: Int) -> String? {
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var high: UInt8 = 0
            var newlines = false
            for byte in bytes {
                high |= byte
                if byte &- 0x0A < 4 { newlines = true }
            }
            guard high < 0x80 else { return nil }
            if !newlines && bytes.count <= limit { return text }
            // The lines, joined by spaces (empty lines dropped).
            var single: [UInt8] = []
            single.reserveCapacity(bytes.count)
            var lineStart = -1
            for index in 0...bytes.count {
                let isBreak = index == bytes.count || bytes[index] &- 0x0A < 4
                if !isBreak {
                    if lineStart < 0 { lineStart = index }
                } else if lineStart >= 0 {
                    if !single.isEmpty { single.append(0x20) }
                    single.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]))
                    lineStart = -1
                }
            }
            guard single.count > limit else { return String(decoding: single, as: UTF8.self) }
            let cut = single[..<limit]
            let end = cut.lastIndex(of: 0x20) ?? cut.endIndex
            return String(decoding: single[..<end], as: UTF8.self) + "…"
        }
        return result ?? nil
    }

    static func quote(_ text: String) -> String {
        "“" + shortText(text) + "”"
    }
}

/// The people an incident log names, and who an entry is about.
struct PeopleIndex {
    /// Full names by lowercase first name and full name.
    private var byToken: [String: String] = [:]
    /// Every name the index can answer, each once (`String` equality).
    private(set) var names: [String] = []
    private var nameNumbers: [String: Int32] = [:]
    /// For each word number of ``words``, the number of the name it stands for, or -1.
    private var nameOfWord: [Int32] = []
    /// For each event, the number of its author's name, or -1 without an author.
    private var authors: [Int32] = []
    private let words: EventWords

    /// Every word of the lists below, for ``WordLexicon``.
    static var vocabulary: [String] { afterVerbs + beforeVerbs }

    /// Names introduced by verbs of calling people in: "pages Marie", "asks Ariana".
    private static let introducers: Set<String> = [
        "pages", "paged", "calls", "called", "asks", "asked", "to", "with", "and",
        "call", "engineer", "developer", "lead", "manager", "expert", "sre",
    ]
    private static let introducerTable = WordTable(introducers.map { ($0, true) })

    /// The fewest events whose texts are read for names on another core.
    static let eventsPerPiece = 4096

    /// `events` in the order of `words`; their texts are read for names in pieces of at
    /// least `eventsPerPiece` on every core.
    init(metadata: IncidentMetadata, events: [ReconstructedEvent], words: EventWords, eventsPerPiece: Int = Self.eventsPerPiece) {
        self.words = words
        var names: [String] = metadata.roles.map(\.person)
        // Reading a name twice changes nothing: each author is read once.
        var authorsSeen = Set<String>()
        for index in events.indices {
            if let author = events[index].event.author, authorsSeen.insert(author).inserted { names.append(author) }
        }
        for name in names {
            let full = name.trimmingCharacters(in: .whitespaces)
            guard !full.isEmpty else { continue }
            let lower = full.lowercased()
            if byToken[lower] == nil { byToken[lower] = full }
            if let first = lower.split(separator: " ").first, byToken[String(first)] == nil {
                byToken[String(first)] = full
            }
        }
        // Names introduced in the texts ("pages Marie"), the first reading of each kept.
        let known = byToken
        let pieces = ParallelWork.pieces(of: events.indices, minimum: eventsPerPiece)
        let introduced = ParallelWork.map(pieces) { range -> [(key: String, name: String)] in
            var introductions = Introductions(byToken: known)
            var stretchTokens: [[UInt8]: [Range<Int>]] = [:]
            for index in range { introductions.addIntroducedNames(in: events[index].event.text, stretchTokens: &stretchTokens) }
            return introductions.added
        }
        for piece in introduced {
            for (key, name) in piece where byToken[key] == nil { byToken[key] = name }
        }

        // Number the names, and the words and authors that stand for them.
        nameOfWord = Array(repeating: -1, count: words.interner.count)
        for key in byToken.keys.sorted() {
            guard let word = words.interner.number(of: key), let name = byToken[key] else { continue }
            nameOfWord[Int(word)] = number(of: name)
        }
        authors.reserveCapacity(events.count)
        var authorNumbers: [String: Int32] = [:]
        for index in events.indices {
            guard let author = events[index].event.author else {
                authors.append(-1)
                continue
            }
            if let known = authorNumbers[author] {
                authors.append(known)
                continue
            }
            let resolved = number(of: byToken[author.lowercased()] ?? author)
            authorNumbers[author] = resolved
            authors.append(resolved)
        }
    }

    private mutating func number(of name: String) -> Int32 {
        if let number = nameNumbers[name] { return number }
        let number = Int32(names.count)
        names.append(name)
        nameNumbers[name] = number
        return number
    }

    /// Whether a token's bytes end with `'s` or `’s`, as its characters must for it to.
    private static func mayEndPossessive(_ token: Substring) -> Bool {
        let utf8 = token.utf8
        guard utf8.last == 0x73 else { return false }
        let before = utf8.dropLast().suffix(3)
        return before.last == 0x27 || before.elementsEqual([0xE2, 0x80, 0x99])
    }

    /// Whether an ASCII byte belongs to a token: a letter, `-` or `'`.
    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte == 0x2D || byte == 0x27
    }

    /// `range` without a final `'s`.
    private static func droppingPossessive(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard range.count >= 2, bytes[range.upperBound - 2] == 0x27, bytes[range.upperBound - 1] == 0x73 else { return range }
        return range.lowerBound..<(range.upperBound - 2)
    }

    /// Whether a token can be a name, judged from its first byte: a name starts with a
    /// capital, and a capital is ASCII or a byte of 0x80 or more.
    private static func mayBeName(_ token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = token.first else { return false }
        return bytes[first] &- 0x41 < 26 || bytes[first] >= 0x80
    }

    private static func isASCII(_ token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in token where bytes[index] >= 0x80 { return false }
        return true
    }

    private static func substring(_ token: Range<Int>, of text: String) -> Substring {
        let utf8 = text.utf8
        return text[utf8.index(utf8.startIndex, offsetBy: token.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: token.upperBound)]
    }

    /// Whether a token is one of ``introducers``, ignoring case.
    private static func isIntroducer(_ token: Range<Int>, text: String, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let table = introducerTable, isASCII(token, in: bytes) {
            return table.value(forLowering: UnsafeBufferPointer(rebasing: bytes[token])) != nil
        }
        return introducers.contains(substring(token, of: text).lowercased())
    }

    /// ``isName(_:)`` of a token; for ASCII from the bytes: a capital, then at least one
    /// lowercase letter or `-`, and nothing else, and not a common word.
    private static func isName(_ token: Range<Int>, text: String, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard isASCII(token, in: bytes) else { return isName(substring(token, of: text)) }
        guard token.count > 1, bytes[token.lowerBound] &- 0x41 < 26 else { return false }
        for index in (token.lowerBound + 1)..<token.upperBound {
            let byte = bytes[index]
            guard byte &- 0x61 < 26 || byte == 0x2D else { return false }
        }
        return !commonWords.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[token]), as: UTF8.self).lowercased())
    }

    /// The tokens of a text that is not all ASCII, as byte ranges: runs of letters, `-`,
    /// `'` and `’`, with a final `'s` or `’s` dropped. An ASCII separator between two
    /// ASCII bytes is a character of its own, so no token spans it: the stretches
    /// between such separators that are ASCII are split from the bytes, the others by
    /// characters, once for each distinct stretch (`stretchTokens`, relative to the stretch).
    private static func tokens(
        of text: String, bytes: UnsafeBufferPointer<UInt8>, stretchTokens: inout [[UInt8]: [Range<Int>]]
    ) -> [Range<Int>] {
        let utf8 = text.utf8
        func characterTokens(_ stretch: Range<Int>) -> [Range<Int>] {
            let key = Array(UnsafeBufferPointer(rebasing: bytes[stretch]))
            if let known = stretchTokens[key] {
                return known.map { ($0.lowerBound + stretch.lowerBound)..<($0.upperBound + stretch.lowerBound) }
            }
            let found = splitByCharacters(stretch)
            stretchTokens[key] = found.map { ($0.lowerBound - stretch.lowerBound)..<($0.upperBound - stretch.lowerBound) }
            return found
        }
        func splitByCharacters(_ stretch: Range<Int>) -> [Range<Int>] {
            substring(stretch, of: text)
                .split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" && $0 != "’" })
                .map { token -> Range<Int> in
                    // A last character "s" is the byte `s`: other tokens keep their end.
                    let possessive = Self.mayEndPossessive(token) && (token.hasSuffix("'s") || token.hasSuffix("’s"))
                    let kept = possessive ? token.dropLast(2) : token
                    return utf8.distance(from: utf8.startIndex, to: kept.startIndex)..<utf8.distance(from: utf8.startIndex, to: kept.endIndex)
                }
        }
        var tokens: [Range<Int>] = []
        var start = -1
        var stretchStart = 0
        var stretchFirstToken = 0
        var stretchIsASCII = true
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                if stretchIsASCII {
                    tokens.removeSubrange(stretchFirstToken...)
                    stretchIsASCII = false
                    start = -1
                }
            } else if byte &- 0x41 < 26 || byte &- 0x61 < 26 || byte == 0x2D || byte == 0x27 {
                if stretchIsASCII && start < 0 { start = index }
            } else {
                if start >= 0 {
                    tokens.append(droppingPossessive(start..<index, in: bytes))
                    start = -1
                }
                if (index == 0 || bytes[index - 1] < 0x80) && (index + 1 == bytes.count || bytes[index + 1] < 0x80) {
                    if !stretchIsASCII {
                        tokens += characterTokens(stretchStart..<index)
                        stretchIsASCII = true
                    }
                    stretchStart = index + 1
                    stretchFirstToken = tokens.count
                }
            }
        }
        if start >= 0 { tokens.append(droppingPossessive(start..<bytes.count, in: bytes)) }
        if !stretchIsASCII { tokens += characterTokens(stretchStart..<bytes.count) }
        return tokens
    }

    private static func isName(_ token: Substring) -> Bool {
        guard let first = token.first, first.isUppercase, token.count > 1 else { return false }
        return token.dropFirst().allSatisfy { $0.isLowercase || $0 == "-" } && !commonWords.contains(token.lowercased())
    }

    static let commonWords: Set<String> = [
        "the", "a", "an", "all", "status", "slack", "zoom", "pagerduty", "opsgenie", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "team", "support", "customers", "users", "management", "i", "we",
        "it", "this", "that", "dc", "sev", "incident", "on-call", "level", "ops", "sre", "engineering", "database",
    ]

    /// The number (in ``names``) of the name a word stands for.
    @inline(__always)
    func name(ofWord word: Int32) -> Int32? {
        let number = nameOfWord[Int(word)]
        return number < 0 ? nil : number
    }

    /// The number of the name of event `index`'s author.
    func author(of index: Int) -> Int32? {
        let number = authors[index]
        return number < 0 ? nil : number
    }

    /// The known people event `index` names or was written by, in order of appearance.
    func mentions(in index: Int) -> [String] {
        var result: [Int32] = []
        if let author = author(of: index) { result.append(author) }
        words.withWords(of: index) { words in
            for word in words.numbers {
                if let name = name(ofWord: word), !result.contains(name) { result.append(name) }
            }
        }
        return result.map { names[Int($0)] }
    }

    /// Who did it: the author, else the first person named in the text.
    func actor(of index: Int) -> String? {
        words.withWords(of: index) { actorNumber(of: index, words: $0) }.map { names[Int($0)] }
    }

    private func actorNumber(of index: Int, words: WordSpan) -> Int32? {
        if let author = author(of: index) { return author }
        for word in words.numbers {
            if let name = name(ofWord: word) { return name }
        }
        return nil
    }

    private static let afterVerbs = ["to", "asks", "asked", "pages", "paged", "calls", "called", "escalates", "escalated", "pulls", "wakes"]
    private static let beforeVerbs = ["takes", "took", "joins", "joined", "assumes", "becomes", "accepts"]
    private static let afterVerbSet = WordSet(afterVerbs)
    private static let beforeVerbSet = WordSet(beforeVerbs)

    /// Who received a page, an escalation or command in event `index`: the person
    /// after "to"/"asks"/"pages", or before "takes"/"joins".
    func recipient(in index: Int) -> String? {
        words.withWords(of: index) { recipient(in: index, words: $0) }
    }

    /// ``recipient(in:)``, given the event's words.
    func recipient(in index: Int, words: WordSpan) -> String? {
        var any = false
        for position in 0..<words.count {
            guard let name = name(ofWord: words[position]) else { continue }
            any = true
            if position > 0, Self.afterVerbSet.contains(words[position - 1]) { return names[Int(name)] }
            if position + 1 < words.count, Self.beforeVerbSet.contains(words[position + 1]) { return names[Int(name)] }
        }
        guard any else { return nil }
        // Otherwise someone named after the one who acts ("David pages the on-call, Marie").
        let actor = actorNumber(of: index, words: words)
        for position in 1..<max(1, words.count) {
            if let name = name(ofWord: words[position]), name != actor { return names[Int(name)] }
        }
        return nil
    }
}

extension PeopleIndex {
    /// The names the texts of some events introduce (``addIntroducedNames(in:stretchTokens:)``),
    /// in the order they are met; texts are read in pieces on every core, each piece
    /// from the names known before any text, and the pieces' names joined in order.
    fileprivate struct Introductions {
        /// Full names by lowercase first name and full name: those known before and those added.
        var byToken: [String: String]
        /// The names added, in order.
        var added: [(key: String, name: String)] = []

        /// Adds the names a text introduces with a verb of calling people in ("pages
        /// Marie", "asks Kofi Mensah"): a name token right after an introducer token.
        /// `stretchTokens` keeps the tokens of the stretches split by characters (see
        /// ``tokens(of:bytes:stretchTokens:)``).
        mutating func addIntroducedNames(in text: String, stretchTokens: inout [[UInt8]: [Range<Int>]]) {
            var contiguous = text
            contiguous.withUTF8 { bytes in
                // Tokens are read in order; an introduced name waits for the token after it,
                // which may be its family name.
                var previous: Range<Int>?
                var pending: Range<Int>?
                func take(_ token: Range<Int>) {
                    if let name = pending {
                        addName(name, next: token, text: text, bytes: bytes)
                        pending = nil
                    }
                    if let introducer = previous, PeopleIndex.mayBeName(token, in: bytes), PeopleIndex.isIntroducer(introducer, text: text, bytes: bytes),
                        PeopleIndex.isName(token, text: text, bytes: bytes)
                    {
                        pending = token
                    }
                    previous = token
                }
                var high: UInt8 = 0
                for byte in bytes { high |= byte }
                if high < 0x80 {
                    addIntroducedNames(inASCII: text, bytes: bytes)
                    return
                }
                for token in PeopleIndex.tokens(of: text, bytes: bytes, stretchTokens: &stretchTokens) { take(token) }
                if let name = pending { addName(name, next: nil, text: text, bytes: bytes) }
            }
        }

        /// ``addIntroducedNames(in:)`` for ASCII text. Tokens are runs of letters, `-` and
        /// `'`; a name starts with a capital, so only the tokens that start with one are
        /// looked at, with the token before them (the introducer) and after them.
        mutating func addIntroducedNames(inASCII text: String, bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            var index = 1
            while index < count {
                guard bytes[index] &- 0x41 < 26, !PeopleIndex.isTokenByte(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < count && PeopleIndex.isTokenByte(bytes[end]) { end += 1 }
                defer { index = end }
                // The token before it, if any.
                var previousEnd = index
                while previousEnd > 0 && !PeopleIndex.isTokenByte(bytes[previousEnd - 1]) { previousEnd -= 1 }
                guard previousEnd > 0 else { continue }
                var previousStart = previousEnd - 1
                while previousStart > 0 && PeopleIndex.isTokenByte(bytes[previousStart - 1]) { previousStart -= 1 }
                let token = PeopleIndex.droppingPossessive(index..<end, in: bytes)
                guard PeopleIndex.isIntroducer(PeopleIndex.droppingPossessive(previousStart..<previousEnd, in: bytes), text: text, bytes: bytes),
                    PeopleIndex.isName(token, text: text, bytes: bytes)
                else { continue }
                // The token after it, if any.
                var nextStart = end
                while nextStart < count && !PeopleIndex.isTokenByte(bytes[nextStart]) { nextStart += 1 }
                var next: Range<Int>?
                if nextStart < count {
                    var nextEnd = nextStart + 1
                    while nextEnd < count && PeopleIndex.isTokenByte(bytes[nextEnd]) { nextEnd += 1 }
                    next = PeopleIndex.droppingPossessive(nextStart..<nextEnd, in: bytes)
                }
                addName(token, next: next, text: text, bytes: bytes)
            }
        }

        /// Records an introduced name unless known; a following name token is its family name.
        mutating func addName(_ token: Range<Int>, next: Range<Int>?, text: String, bytes: UnsafeBufferPointer<UInt8>) {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[token]), as: UTF8.self)
            let key = name.lowercased()
            guard byToken[key] == nil else { return }
            // "Kofi Mensah": take a following capitalised word as the family name.
            let full: String
            if let next, PeopleIndex.isName(next, text: text, bytes: bytes) {
                full = "\(name) \(String(decoding: UnsafeBufferPointer(rebasing: bytes[next]), as: UTF8.self))"
            } else {
                full = name
            }
            byToken[key] = full
            added.append((key, full))
        }
    }
}
