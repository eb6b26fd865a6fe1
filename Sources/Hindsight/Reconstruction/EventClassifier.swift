/// Reads what kind of event an entry is from its tags, its source's semantics and its
/// wording, the way an incident analyst skims a timeline.
final class EventClassifier: Sendable {
    /// What one event shows.
    struct Reading: Sendable {
        var kinds: EventKinds
        /// Milestones the wording suggests: for each milestone (lane `n` is
        /// `MilestoneKind.allCases[n]`), 1 + the first of the event's words that suggested
        /// it, 0 for none; ``wordedCounts`` says how many words.
        var wordedStarts: SIMD8<UInt32>
        var wordedCounts: SIMD8<UInt8>
        var markerMilestones: [MilestoneKind: String]
        var failed: Bool

        /// The words of the event that suggested `milestone` (a range of its words), if any.
        func wordedRange(_ milestone: MilestoneKind) -> Range<Int>? {
            let lane = EventClassifier.lane(of: milestone)
            guard wordedStarts[lane] != 0 else { return nil }
            let start = Int(wordedStarts[lane]) - 1
            return start..<(start + Int(wordedCounts[lane]))
        }
    }

    private let kindMatcher: PhraseMatcher<EventKind>
    private let milestoneMatcher: PhraseMatcher<MilestoneKind>
    private let failureMatcher: PhraseMatcher<Bool>
    private let negationMatcher: PhraseMatcher<Bool>
    /// ``kindMatcher``'s bit for each of ``kindsBySpecificity``.
    private let kindBits: [UInt64]

    static let shared = EventClassifier()

    init() {
        let kindMatcher = PhraseMatcher(Self.kindPhrases)
        self.kindMatcher = kindMatcher
        milestoneMatcher = PhraseMatcher(Self.milestonePhrases)
        failureMatcher = PhraseMatcher(Self.failurePhrases)
        negationMatcher = PhraseMatcher(Self.negationPhrases)
        kindBits = Self.kindsBySpecificity.map { kindMatcher.bit(of: $0) }
    }

    /// Every word and stem of the tables below, for ``WordLexicon``.
    static var vocabulary: [String] {
        kindPhrases.flatMap(\.1) + milestonePhrases.flatMap(\.1) + failurePhrases.flatMap(\.1)
            + negationPhrases.flatMap(\.1) + negationWindow
    }

    private static let kindPhrases: [(EventKind, [String])] = [
            (.impact, ["outage begins", "outage began", "outage started", "impact started", "impact began",
                       "went down", "goes down", "is down", "are down", "service down", "errors began", "errors started",
                       "started failing", "began failing", "starts failing", "start failing", "stop appearing",
                       "stops appearing", "begin failing", "begins failing", "stop working", "stops working", "stopped working", "unavailable", "outage",
                       "degraded", "unresponsive", "elevated error*",
                       "elevated latency", "customers affected", "users affected", "fully down"]),
            (.alert, ["alert", "alerts", "alerted", "alarm", "alarms", "alert fired", "monitoring detected",
                      "pagerduty", "opsgenie", "triggered", "health check*", "synthetic*", "noticed", "reported by",
                      "customers report*", "users report*", "support ticket*", "detected", "merchant ticket*",
                      "customer ticket*", "first ticket", "first report", "pinged", "automated warning", "warning from",
                      "reports the issue", "reports their", "report from"]),
            (.page, ["paged", "pages", "paging", "page sent", "called", "calls", "phoned"]),
            (.acknowledgement, ["acknowledged", "acknowledges", "acked", "ack'd", "ack", "picks up the page",
                                "picked up the page", "picks it up", "picked it up", "responding", "starts investigating", "started investigating",
                                "begins investigating", "began investigating", "on it"]),
            (.declaration, ["declared", "declares", "incident declared", "incident opened", "opened an incident",
                            "opens an incident", "raised to sev*", "sev1", "sev 1", "major incident", "ticket raised",
                            "incident channel", "war room", "bridge opened", "opened a bridge"]),
            (.diagnosis, ["root cause", "cause identified", "identified", "identifies", "found the cause",
                          "traced to", "narrowed down", "pinpointed", "points at", "point at", "points to", "logs show",
                          "caused by", "suspect*", "hypothes*", "investigat*", "diagnos*", "the problem is"]),
            (.escalation, ["escalated", "escalates", "escalation", "escalating", "pulled in", "pulls in", "brought in",
                           "loops in", "looped in",
                           "joins", "joined", "asks for help", "called in", "paged the", "pages the", "level 2", "level 3",
                           "l2", "l3", "subject matter expert", "expert"]),
            (.commandHandoff, ["takes command", "take command", "took command", "taking command", "incident commander",
                               "assumes command", "hands command", "handed command", "command hand*", "as commander",
                               "as incident commander", "takes over as commander", "ic is", "becomes ic"]),
            (.shiftHandoff, ["hands over", "handed over", "handover", "hand-off", "handoff", "hand off", "shift change",
                             "replacement", "relieves", "relieved", "takes over", "took over", "next shift",
                             "end of shift", "end of the day", "end of day"]),
            (.communication, ["status page", "statuspage", "stakeholder*", "update to", "updates the", "posted an update",
                              "posts an update", "posted update", "e-mail*", "email*", "mailing list", "informs", "informed",
                              "notif*", "announce*", "communicat*", "customer update", "update sent", "sends an update",
                              "sent an update", "briefs", "briefed", "rundown", "eta", "for an update", "for a status", "written status",
                              "status report", "status update", "management call", "wants answers", "asks for answers"]),
            (.change, ["deploy*", "release*", "rollout", "rolled out", "rolling out", "upgrade*", "migration", "migrated",
                       "config*", "change", "changed", "changes", "recently updated", "updated", "feature flag", "flag",
                       "merged", "patch*"]),
            (.remediation, ["rolled back", "rolls back", "roll back", "rollback", "rolling back", "reverted", "reverts",
                            "revert", "restart*", "reboot*", "failover", "failed over", "fails over", "scaled", "scales",
                            "scale up", "added capacity", "drained", "drains", "redirect*", "rerout*", "mitigat*",
                            "workaround", "fix", "fixes", "fixed", "hotfix", "applied", "applies", "tried", "tries",
                            "attempt*", "disabled", "disables", "turns off", "turned off", "switched off", "switches off", "adds", "added",
                            "blocked", "throttl*", "purge", "purged", "purges", "cleared", "freed", "lowers", "lowered", "raises", "raised", "raised the limit"]),
            (.recovery, ["recovered", "recovering", "recovery", "restored", "back to normal", "back online", "healthy again",
                         "all clear", "resolved", "stable", "stabilised", "stabilized", "errors drop*", "error rate drop*",
                         "traffic returns", "service returns"]),
            (.closure, ["closed", "closes", "incident closed", "ticket closed", "close the incident", "incident ends"]),
            (.decision, ["decided", "decides", "decision", "agreed", "agree", "chose", "chooses", "assess*"]),
            (.actionItem, ["action item", "todo", "follow-up", "follow up", "action:"]),
        ]

    private static let milestonePhrases: [(MilestoneKind, [String])] = [
            (.impactStarted, ["outage begins", "outage began", "outage started", "impact started", "impact begins",
                              "impact began", "errors began", "errors started", "started failing", "began failing",
                              "went down", "customer impact began", "customer impact started"]),
            (.detected, ["alert fired", "alert fires", "alerts fired", "alert triggered", "alarm", "alarms", "paged",
                         "pages", "page fired", "alert", "alerts", "alerted", "monitoring detected", "detected", "noticed",
                         "customers report*", "users report*", "reported by", "support ticket*", "merchant ticket*",
                         "customer ticket*", "first ticket", "first report", "pinged", "first pinged", "notices",
                         "reports the issue", "reports their", "reports that", "report from", "reports on", "automated warning",
                         "warning from"]),
            (.acknowledged, ["acknowledged", "acknowledges", "acked", "ack'd", "picks up the page", "picked up the page",
                             "picks it up", "picked it up", "starts investigating", "started investigating",
                             "begins investigating", "began investigating", "begins looking", "started working on",
                             "starts working on"]),
            (.declared, ["declared", "declares", "incident declared", "opened an incident", "opens an incident",
                         "incident opened", "raised to sev*", "ticket raised", "major incident"]),
            (.identified, ["root cause", "cause identified", "cause found", "found the cause", "identified the cause",
                           "identified", "identifies", "traced to", "pinpointed", "narrowed down to", "possible cause",
                           "finds the cause", "finds a possible cause"]),
            (.mitigated, ["mitigated", "mitigation in place", "mitigation applied", "impact mitigated", "outage mitigated",
                          "monitoring the fix", "monitoring recovery", "now monitoring", "are monitoring", "workaround in place", "errors drop*", "error rate drop*", "recovering",
                          "traffic restored", "partially restored", "failed over", "stabilised", "stabilized", "error rate back",
                          "errors back", "back under", "allowing traffic", "serving traffic again", "token revoked",
                          "token destroyed", "credentials revoked", "key revoked", "revoked"]),
            (.resolved, ["resolved", "fully restored", "fully recovered", "service restored", "services restored",
                         "all clear", "back to normal", "recovered", "incident ends", "outage ends", "outage ended",
                         "restored", "fix deployed", "verified operational", "fully operational", "resolution is confirmed",
                         "resolution confirmed", "confirmed resolved", "once again", "at its usual rate", "back to its usual",
                         "usual level"]),
            (.closed, ["incident closed", "closed the incident", "closes the incident", "ticket closed", "closed"]),
        ]

    private static let failurePhrases: [(Bool, [String])] = [
            (true, ["did not help", "didn't help", "does not help", "doesn't help", "no effect", "had no effect",
                    "has no effect", "did not work", "didn't work", "does not work", "doesn't work", "not work",
                    "unsuccessful", "no improvement", "not resolve", "didn't resolve", "did not resolve",
                    "failed", "fails", "still failing", "still down", "still broken", "without success",
                    "not fix", "didn't fix", "did not fix", "no change", "made it worse", "makes it worse", "did not hold",
                    "didn't hold", "does not hold", "not hold", "keep rising", "keeps rising", "still rising", "full again",
                    "fill up", "fills up", "filled up", "no effect yet", "back again", "returns again", "no visible change",
                    "no visible effect", "no improvement yet"]),
        ]

    private static let negationPhrases: [(Bool, [String])] = [
            (true, ["not", "no", "never", "without", "cannot", "can't", "isn't", "wasn't", "aren't", "weren't",
                    "unable"]),
        ]

    /// Words that, up to three words before a worded milestone, negate it.
    private static let negationWindow = ["not", "no", "never", "without", "cannot", "can't", "isn't", "wasn't", "unable"]
    private static let negationWindowSet = WordSet(negationWindow)

    /// Markers are all-caps phrases some teams put in timelines.
    private static let markers: [(String, MilestoneKind)] = [
        ("OUTAGE BEGINS", .impactStarted), ("OUTAGE BEGAN", .impactStarted), ("OUTAGE STARTS", .impactStarted),
        ("IMPACT BEGINS", .impactStarted), ("INCIDENT BEGINS", .impactStarted), ("IMPACT STARTS", .impactStarted),
        ("OUTAGE MITIGATED", .mitigated), ("IMPACT MITIGATED", .mitigated), ("MITIGATED", .mitigated),
        ("OUTAGE ENDS", .resolved), ("OUTAGE RESOLVED", .resolved), ("IMPACT ENDS", .resolved),
        ("INCIDENT ENDS", .resolved), ("INCIDENT RESOLVED", .resolved), ("RESOLVED", .resolved),
        ("INCIDENT CLOSED", .closed),
    ]

    private static let tagKinds: [String: EventKind] = [
        "escalated": .escalation, "paged": .page, "handoff": .shiftHandoff, "update": .communication,
        "action": .actionItem, "failed": .failedRemediation, "change": .change, "decision": .decision,
    ]

    /// Reads an event; `words` are its text's words, `capitalRun` whether its text holds
    /// six ASCII capitals in a row (both from ``EventWords``).
    /// `tagMilestones` holds `MilestoneKind(tag:)` of the document's tags.
    /// The event is given by its text, tags and milestone hints.
    func read(
        text: @autoclosure () -> String, tags: [String], milestoneHints: [MilestoneKind], words: WordSpan, capitalRun: Bool,
        tagMilestones: [String: MilestoneKind]
    ) -> Reading {
        let foundKinds = kindMatcher.labelsFound(in: words)
        var failed = failureMatcher.containsMatch(in: words) || tags.contains("failed")
        var kinds = EventKinds()
        for tag in tags {
            if let kind = Self.tagKinds[tag], !kinds.contains(kind) { kinds.append(kind) }
            if let milestone = tagMilestones[tag] {
                let kind = Self.kind(for: milestone)
                if !kinds.contains(kind) { kinds.append(kind) }
            }
        }
        for hint in milestoneHints {
            let kind = Self.kind(for: hint)
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        // Order by how specific a kind is, not by where it appeared in the text.
        if foundKinds != 0 {
            for (position, kind) in Self.kindsBySpecificity.enumerated() where foundKinds & kindBits[position] != 0 && !kinds.contains(kind) {
                kinds.append(kind)
            }
        }
        // A remediation that did not help is a failed attempt, not a recovery; an update
        // that reports such an attempt is communication, not another attempt.
        if failed && kinds.contains(.communication) && !tags.contains("failed") {
            kinds.removeAll { $0 == .remediation || $0 == .recovery || $0 == .failedRemediation }
            failed = false
        } else if failed && (kinds.contains(.remediation) || kinds.contains(.failedRemediation)) {
            kinds.removeAll { $0 == .remediation || $0 == .recovery || $0 == .failedRemediation }
            kinds.insert(.failedRemediation, at: 0)
        } else if failed && !kinds.contains(.failedRemediation) {
            // "failed" alone describes the failure (a data centre failed), not an attempt.
            failed = false
        }
        if kinds.isEmpty { kinds.append(.note) }

        var starts = SIMD8<UInt32>()
        var counts = SIMD8<UInt8>()
        var negated: Bool?
        milestoneMatcher.forEachFirstMatch(in: words) { milestone, range in
            // "not resolved", "no alert fired", and failed attempts are not milestones.
            if failed && (milestone == .mitigated || milestone == .resolved) { return }
            if negated == nil { negated = negationMatcher.containsMatch(in: words) }
            if negated == true && Self.isNegated(words: words, at: range.lowerBound) { return }
            // (A text of four billion words would not fit: such wording is left out.)
            guard let start = UInt32(exactly: range.lowerBound + 1) else { return }
            let lane = Self.lane(of: milestone)
            starts[lane] = start
            counts[lane] = UInt8(truncatingIfNeeded: range.count)
        }
        var markers: [MilestoneKind: String] = [:]
        // Every marker holds a word of six ASCII capitals or more; text without such a
        // run holds none.
        // The text is only taken here (taking it retains its storage, which for most
        // events is not read at all: their words are).
        if capitalRun, case let text = text(), text.contains(where: { $0.isUppercase }) {
            for (marker, milestone) in Self.markers where markers[milestone] == nil && TextScanning.contains(text, marker) {
                // A marker is written in capitals; ordinary prose saying "resolved" is not one.
                if marker == "RESOLVED" || marker == "MITIGATED" {
                    guard text.hasPrefix(marker) || TextScanning.contains(text, "**\(marker)") else { continue }
                }
                markers[milestone] = marker
            }
        }
        return Reading(kinds: kinds, wordedStarts: starts, wordedCounts: counts, markerMilestones: markers, failed: failed)
    }

    /// The lane of a milestone in ``Reading/wordedStarts``.
    static func lane(of milestone: MilestoneKind) -> Int {
        switch milestone {
        case .impactStarted: 0
        case .detected: 1
        case .acknowledged: 2
        case .declared: 3
        case .identified: 4
        case .mitigated: 5
        case .resolved: 6
        case .closed: 7
        }
    }

    private static func isNegated(words: WordSpan, at index: Int) -> Bool {
        for position in max(0, index - 3)..<index where negationWindowSet.contains(words[position]) { return true }
        return false
    }

    static func kind(for milestone: MilestoneKind) -> EventKind {
        switch milestone {
        case .impactStarted: .impact
        case .detected: .alert
        case .acknowledged: .acknowledgement
        case .declared: .declaration
        case .identified: .diagnosis
        case .mitigated: .remediation
        case .resolved: .recovery
        case .closed: .closure
        }
    }

    /// Every kind, the most specific first.
    private static let kindsBySpecificity = EventKind.allCases.sorted(by: { specificity($0) > specificity($1) })

    /// Higher is more specific: "takes command" says more than "alert". Every kind has
    /// its own value, below 32: ``FindingsAnalyzer`` uses it as the kind's bit number.
    static func specificity(_ kind: EventKind) -> Int {
        switch kind {
        case .commandHandoff: 20
        case .shiftHandoff: 19
        case .failedRemediation: 18
        case .escalation: 17
        case .declaration: 16
        case .acknowledgement: 15
        case .closure: 14
        case .recovery: 13
        case .remediation: 12
        case .page: 11
        case .alert: 10
        case .diagnosis: 9
        case .communication: 8
        case .actionItem: 7
        case .decision: 6
        case .change: 5
        case .impact: 4
        case .note: 0
        }
    }
}
