import Foundation

/// Derives people, process and findings from ordered, classified events: responders,
/// escalations, hand-offs, communication gaps, failed remediation, contributing
/// factors, action items and questions for the review meeting.
struct FindingsAnalyzer {
    let reconstruction: Reconstruction
    let readings: [EventClassifier.Reading]
    let options: ReconstructionOptions

    private var events: [ReconstructedEvent] { reconstruction.events }

    func apply(to result: inout Reconstruction) {
        let people = PeopleIndex(metadata: reconstruction.metadata, events: events)
        result.responders = responders(people: people)
        result.handoffs = handoffs(people: people)
        result.escalations = escalations(people: people)
        result.failedRemediations = events.indices.filter { events[$0].kinds.contains(.failedRemediation) }
        let updates = events.indices.filter { events[$0].kinds.contains(.communication) && events[$0].event.time != nil }
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
        for (index, event) in events.enumerated() {
            // The classifier's words of the text, already split.
            for name in people.mentions(in: event.event, words: readings[index].words) {
                if roles[name] == nil {
                    order.append(name)
                    roles[name] = []
                }
                if firstSeen[name] == nil, let instant = event.event.time?.instant { firstSeen[name] = instant }
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
            let event = events[index]
            if event.kinds.contains(.commandHandoff) {
                return Handoff(kind: .command, to: people.recipient(in: event.event, words: readings[index].words), evidence: index)
            }
            if event.kinds.contains(.shiftHandoff) {
                return Handoff(kind: .shift, to: people.recipient(in: event.event, words: readings[index].words), evidence: index)
            }
            return nil
        }
    }

    private static let authorityWords: Set<String> = [
        "management", "manager", "managers", "director", "vp", "head", "executive", "executives", "leadership",
        "cto", "ceo", "cio", "boss", "duty", "authority",
    ]

    private func escalations(people: PeopleIndex) -> [Escalation] {
        let detected = reconstruction.milestone(.detected)
        let breach = reconstruction.serviceLevels.slaBreachTime
        // People already working the incident: their joining or calling is not an escalation.
        var engaged = Set(reconstruction.metadata.roles.filter { role in
            let key = role.role.lowercased()
            return key.contains("on-call") || key.contains("oncall") || key.contains("responder") || FindingsAnalyzer.isCommanderRole(key)
        }.map(\.person))
        if let index = detected?.evidence, let actor = people.actor(of: events[index].event) { engaged.insert(actor) }
        var result: [Escalation] = []
        var level = 1
        for index in events.indices {
            let event = events[index]
            guard event.event.time != nil || !result.isEmpty,
                event.kinds.contains(.page) || event.kinds.contains(.escalation),
                !event.kinds.contains(.commandHandoff), !event.kinds.contains(.shiftHandoff),
                index != detected?.evidence
            else { continue }
            let words = readings[index].words
            let recipient = people.recipient(in: event.event, words: words)
            let explicit = event.event.tags.contains("escalated") || Self.explicitEscalation.matches(in: words).isEmpty == false
            let target: String
            if let recipient, !engaged.contains(recipient) {
                target = recipient
            } else if recipient != nil && !event.event.tags.contains("escalated") {
                continue
            } else if explicit || Self.callsSomeone(words) {
                target = Self.shortText(event.event.text)
            } else {
                continue
            }
            if let recipient { engaged.insert(recipient) }
            if let actor = people.actor(of: event.event), actor != recipient { engaged.insert(actor) }
            level = min(level + 1, 3)
            let direction: Escalation.Direction = Set(words).isDisjoint(with: Self.authorityWords) ? .functional : .hierarchical
            var since: Int?
            if let detected, let instant = event.event.time?.instant {
                since = Int(instant.timeIntervalSince(detected.time.instant))
            }
            let afterBreach = breach.map { limit in event.event.time.map { $0.instant > limit } ?? false } ?? false
            result.append(Escalation(target: target, direction: direction, level: level, evidence: index, sinceDetection: since, afterBreach: afterBreach))
        }
        return result
    }

    private static let explicitEscalation = PhraseMatcher<Bool>([
        (true, ["escalated", "escalates", "escalating", "escalation to", "pulled in", "pulls in", "brought in", "brings in",
                "loops in", "looped in",
                "asks for help", "called in", "subject matter expert", "level 2", "level 3", "l2", "l3"]),
    ])

    /// "pages the database on-call", "calls a network engineer": a page to someone unnamed.
    private static func callsSomeone(_ words: [String]) -> Bool {
        let verbs: Set<String> = ["pages", "paged", "calls", "called", "phones", "phoned", "wakes"]
        for (index, word) in words.enumerated() where verbs.contains(word) && index + 1 < words.count {
            if ["the", "a", "an"].contains(words[index + 1]) { return true }
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

    private static let factorMatcher = PhraseMatcher<ContributingFactor.Category>([
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
    ])

    private func factors(in result: Reconstruction, people: PeopleIndex) -> [ContributingFactor] {
        var found: [ContributingFactor.Category: [Int]] = [:]
        let detection = (result.milestone(.detected) ?? result.milestone(.impactStarted))?.time.instant
        let endOfImpact = (result.milestone(.mitigated) ?? result.milestone(.resolved))?.time.instant
        for index in events.indices {
            let matches = Self.factorMatcher.matches(in: readings[index].words)
            for category in matches.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                if category == .recentChange || category == .configurationChange {
                    // A change is a factor when it came before detection, or when the
                    // diagnosis pointed at it; changes made during the response are remediation.
                    let instant = events[index].event.time?.instant
                    let before = instant.map { time in detection.map { time <= $0 } ?? true } ?? false
                    let diagnosed = events[index].kinds.contains(.diagnosis)
                        && instant.map { time in endOfImpact.map { time <= $0 } ?? true } ?? false
                    guard before || (diagnosed && !events[index].kinds.contains(.remediation)) else { continue }
                }
                found[category, default: []].append(index)
            }
        }
        var factors: [ContributingFactor] = []
        func add(_ category: ContributingFactor.Category, _ statement: String, _ evidence: [Int]) {
            var unique: [Int] = []
            for index in evidence where !unique.contains(index) { unique.append(index) }
            factors.append(ContributingFactor(category: category, statement: statement, evidence: Array(unique.prefix(5))))
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
            let communication = events.indices.filter { events[$0].kinds.contains(.communication) }
            let repair = events.indices.filter { events[$0].kinds.contains(.remediation) || events[$0].kinds.contains(.failedRemediation) }
            // Whoever sends updates or is asked for them is coordinating.
            let communicators = Set(communication.flatMap { people.mentions(in: events[$0].event, words: readings[$0].words) })
            let repairers = Set(repair.compactMap { people.actor(of: events[$0].event, words: readings[$0].words) })
            let both = communicators.intersection(repairers).sorted()
            if let person = both.first {
                let evidence = (communication.filter { people.mentions(in: events[$0].event, words: readings[$0].words).contains(person) }
                    + repair.filter { people.actor(of: events[$0].event, words: readings[$0].words) == person }).sorted()
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
        for event in events where event.kinds.contains(.actionItem) {
            var text = event.event.text
            for prefix in ["Action:", "ACTION:", "TODO:", "TODO", "Follow-up:", "Follow up:"] where text.hasPrefix(prefix) {
                text = String(text.dropFirst(prefix.count).trimmedWhitespace())
            }
            guard event.event.tags.contains("action") || text != event.event.text else { continue }
            items.append(ActionItemParser.parse(text, done: false, source: event.event.source))
        }
        // A factor needs a suggestion only when no action (written or already
        // suggested) speaks to it.
        var covering = items.map { PhraseMatcher<Int>.words(of: $0.text).joined(separator: " ") }
        for factor in factors where factor.category != .authored {
            guard let (text, kind) = Self.suggestions[factor.category] else { continue }
            let keywords = Self.suggestionKeywords[factor.category] ?? []
            guard !covering.contains(where: { line in keywords.contains { TextScanning.asciiContains(line, $0) ?? line.contains($0) } })
            else { continue }
            items.append(ActionItem(text: text, owner: nil, due: nil, tracker: nil, kind: kind, done: false, suggested: true, source: nil))
            covering.append(PhraseMatcher<Int>.words(of: text).joined(separator: " "))
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
        let untimed = events.filter { $0.event.time == nil }
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
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard single.count > limit else { return single }
        let cut = single.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }

    static func quote(_ text: String) -> String {
        "“" + shortText(text) + "”"
    }
}

/// The people an incident log names, and who an entry is about.
struct PeopleIndex {
    /// Full names by lowercase first name and full name.
    private var byToken: [String: String] = [:]

    init(metadata: IncidentMetadata, events: [ReconstructedEvent]) {
        var names: [String] = metadata.roles.map(\.person)
        names += events.compactMap(\.event.author)
        for name in names {
            let full = name.trimmingCharacters(in: .whitespaces)
            guard !full.isEmpty else { continue }
            let lower = full.lowercased()
            if byToken[lower] == nil { byToken[lower] = full }
            if let first = lower.split(separator: " ").first, byToken[String(first)] == nil {
                byToken[String(first)] = full
            }
        }
        // Names introduced by verbs of calling people in: "pages Marie", "asks Ariana".
        let introducers: Set<String> = [
            "pages", "paged", "calls", "called", "asks", "asked", "to", "with", "and",
            "call", "engineer", "developer", "lead", "manager", "expert", "sre",
        ]
        let introducerTable = WordTable(introducers.map { ($0, true) })
        for event in events {
            let text = event.event.text
            let tokens = Self.asciiTokens(of: text)
                ?? text.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" && $0 != "’" }).map { token -> Substring in
                    token.hasSuffix("'s") || token.hasSuffix("’s") ? token.dropLast(2) : token
                }
            for (index, token) in tokens.enumerated().dropFirst() {
                let previous = tokens[index - 1]
                let introduced = previous.utf8.allSatisfy({ $0 < 0x80 }) && introducerTable != nil
                    ? introducerTable?.value(forLowering: previous.utf8) != nil
                    : introducers.contains(previous.lowercased())
                guard introduced else { continue }
                guard Self.isName(token) else { continue }
                let key = token.lowercased()
                guard byToken[key] == nil else { continue }
                // "Kofi Mensah": take a following capitalised word as the family name.
                if index + 1 < tokens.count, Self.isName(tokens[index + 1]) {
                    byToken[key] = "\(token) \(tokens[index + 1])"
                } else {
                    byToken[key] = String(token)
                }
            }
        }
    }

    /// The tokens above (`'s` dropped) for ASCII text, from the bytes: there a letter
    /// is `A`–`Z` or `a`–`z` and every character one byte. Nil for other text.
    private static func asciiTokens(of text: String) -> [Substring]? {
        var ranges: [Range<Int>] = []
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var start = -1
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x80 else { return false }
                let kept = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x27
                if kept {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    ranges.append(start..<index)
                    start = -1
                }
            }
            if start >= 0 { ranges.append(start..<bytes.count) }
            // `dancer's` → `dancer`
            for (number, range) in ranges.enumerated() where range.count >= 2
                && bytes[range.upperBound - 2] == 0x27 && bytes[range.upperBound - 1] == 0x73
            {
                ranges[number] = range.lowerBound..<(range.upperBound - 2)
            }
            return true
        }
        guard ascii == true else { return nil }
        let utf8 = text.utf8
        return ranges.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
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

    /// The known people an event names or was written by, in order of appearance.
    func mentions(in event: TimelineEvent, words: [String]? = nil) -> [String] {
        var result: [String] = []
        if let author = event.author, let name = byToken[author.lowercased()] ?? Optional(author) {
            result.append(name)
        }
        for token in words ?? PhraseMatcher<Int>.words(of: event.text) {
            if let name = byToken[token], !result.contains(name) { result.append(name) }
        }
        return result
    }

    /// Who did it: the author, else the first person named in the text.
    func actor(of event: TimelineEvent, words: [String]? = nil) -> String? {
        if let author = event.author { return byToken[author.lowercased()] ?? author }
        for token in words ?? PhraseMatcher<Int>.words(of: event.text) {
            if let name = byToken[token] { return name }
        }
        return nil
    }

    /// Who received a page, an escalation or command: the person after "to"/"asks"/
    /// "pages", or before "takes"/"joins".
    func recipient(in event: TimelineEvent, words: [String]) -> String? {
        let positions = words.indices.compactMap { index in byToken[words[index]].map { (index, $0) } }
        guard !positions.isEmpty else { return nil }
        let afterVerbs: Set<String> = ["to", "asks", "asked", "pages", "paged", "calls", "called", "escalates", "escalated", "pulls", "wakes"]
        let beforeVerbs: Set<String> = ["takes", "took", "joins", "joined", "assumes", "becomes", "accepts"]
        for (index, name) in positions {
            if index > 0, afterVerbs.contains(words[index - 1]) { return name }
            if index + 1 < words.count, beforeVerbs.contains(words[index + 1]) { return name }
        }
        // Otherwise someone named after the one who acts ("David pages the on-call, Marie").
        let actor = actor(of: event)
        return positions.first { $0.1 != actor && $0.0 > 0 }?.1
    }
}
