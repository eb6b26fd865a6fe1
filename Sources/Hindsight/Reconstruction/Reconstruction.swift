public import Foundation

/// What an event was, as far as its wording, tags and source tell.
public enum EventKind: String, CaseIterable, Hashable, Sendable, Codable {
    case impact
    case alert
    case page
    case acknowledgement
    case declaration
    case diagnosis
    case escalation
    case commandHandoff
    case shiftHandoff
    case communication
    case change
    case remediation
    case failedRemediation
    case recovery
    case closure
    case decision
    case actionItem
    case note
}

/// The kinds an event shows, in order, each at most once: a collection like an array
/// of ``EventKind``, kept in two words (five bits a kind) instead of an array of its own
/// for every event of a long timeline.
public struct EventKinds: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Kind `n` (0-based) is in bits `5n ..< 5n + 5` of `low` for the first twelve and of
    /// `high` for the rest, as its place in ``EventKind/allCases`` plus one (0 past the
    /// last); the count is in `high`'s bits from ``countShift`` on.
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    private static let all = EventKind.allCases
    /// Kinds a word holds.
    private static let perWord = 12
    /// Where in `high` the count is: after the codes of the kinds there (room for eleven,
    /// more than there are).
    private static let countShift: UInt64 = 58

    public var count: Int { Int(high >> Self.countShift) }

    public init() {}

    public init(arrayLiteral kinds: EventKind...) {
        self.init(kinds)
    }

    public init<Kinds: Sequence>(_ kinds: Kinds) where Kinds.Element == EventKind {
        for kind in kinds { append(kind) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> EventKind {
        precondition(position >= 0 && position < count, "EventKinds: index out of range")
        return Self.all[code(at: position) - 1]
    }

    /// Appends `kind` at the end, unless it is there already.
    public mutating func append(_ kind: EventKind) {
        guard !contains(kind) else { return }
        let position = count
        setCode(Self.code(of: kind), at: position)
        high = (high & (1 << Self.countShift - 1)) | UInt64(position + 1) << Self.countShift
    }

    /// Puts `kind` at `position`, moving the kinds from there on one place up; a kind
    /// there already is moved instead.
    public mutating func insert(_ kind: EventKind, at position: Int) {
        var kinds = Array(self)
        kinds.removeAll { $0 == kind }
        kinds.insert(kind, at: Swift.min(Swift.max(position, 0), kinds.count))
        self = EventKinds(kinds)
    }

    /// Removes every kind for which `shouldBeRemoved` is true, keeping the order of the rest.
    public mutating func removeAll(where shouldBeRemoved: (EventKind) throws -> Bool) rethrows {
        var kept = EventKinds()
        for kind in self where try !shouldBeRemoved(kind) { kept.append(kind) }
        self = kept
    }

    public func contains(_ kind: EventKind) -> Bool {
        let wanted = Self.code(of: kind)
        for position in 0..<count where code(at: position) == wanted { return true }
        return false
    }

    public var description: String { Array(self).description }

    private static func code(of kind: EventKind) -> Int {
        (all.firstIndex(of: kind) ?? 0) + 1
    }

    private func code(at position: Int) -> Int {
        let word = position < Self.perWord ? low : high
        return Int((word >> UInt64(5 * (position % Self.perWord))) & 31)
    }

    private mutating func setCode(_ code: Int, at position: Int) {
        let shift = UInt64(5 * (position % Self.perWord))
        if position < Self.perWord {
            low |= UInt64(code) << shift
        } else {
            high |= UInt64(code) << shift
        }
    }
}

/// An event of the reconstructed timeline, with what Hindsight understood of it.
public struct ReconstructedEvent: Hashable, Sendable {
    public var event: TimelineEvent
    /// Every kind the event shows, most specific first; `note` when nothing matched.
    public var kinds: EventKinds
    /// The milestone this event is the evidence for, when it is one.
    public var milestone: MilestoneKind?

    /// The kind shown in reports and `analyze --json`.
    public var kind: EventKind { kinds.first ?? .note }
}

/// How a milestone's time was established.
public enum MilestoneConfidence: String, Hashable, Sendable, Codable {
    /// Pinned by the author: a front-matter override or a tag on the entry.
    case stated
    /// From the semantics of the tool that recorded it (a PagerDuty acknowledgement).
    case source
    /// From an all-caps marker in the log (`OUTAGE BEGINS`).
    case marker
    /// From the wording of an entry; a reviewer should confirm it.
    case inferred
}

/// A milestone of the incident with its time and the evidence for it.
public struct Milestone: Hashable, Sendable {
    public var kind: MilestoneKind
    public var time: EventTime
    public var confidence: MilestoneConfidence
    /// Index into ``Reconstruction/events`` of the evidence, nil for front-matter overrides.
    public var evidence: Int?
    /// Why Hindsight took this event (`tagged [detected]`, `wording: "rolled back"`).
    public var reason: String
}

/// A duration between two milestones, with the definition it was measured by.
public struct Measure: Hashable, Sendable {
    /// The stable key (`timeToDetect`), as in `analyze --json`.
    public var key: String
    public var title: String
    /// The milestones it runs between, as used (after fallbacks).
    public var from: MilestoneKind?
    public var to: MilestoneKind?
    /// Seconds, or nil when a milestone is unknown.
    public var seconds: Int?
    /// One sentence: what it measures and from which milestone to which.
    public var definition: String
    /// Why it could not be measured, when it could not.
    public var missingReason: String?
}

/// A person who took part, and in which roles.
public struct Responder: Hashable, Sendable {
    public var name: String
    public var roles: [String]
    /// When they first appear in the timeline.
    public var firstSeen: Date?
}

/// Someone paged or pulled in during the response.
public struct Escalation: Hashable, Sendable {
    public enum Direction: String, Hashable, Sendable, Codable {
        /// To a team or expert with the needed skills.
        case functional
        /// To someone with authority to assign resources or make decisions.
        case hierarchical
    }

    public var target: String
    public var direction: Direction
    /// 1 for the first responder, 2 and 3 for later escalations.
    public var level: Int
    public var evidence: Int
    /// Seconds from detection, when both are known.
    public var sinceDetection: Int?
    /// Whether it came only after the SLA had already been breached.
    public var afterBreach: Bool
}

/// A change of who holds command, or of the shift on duty.
public struct Handoff: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable { case command, shift }
    public var kind: Kind
    public var to: String?
    public var evidence: Int
}

/// Time spent in one stage of the incident lifecycle, between two consecutive milestones.
public struct LifecyclePhase: Hashable, Sendable {
    /// Lowercase key (`detect`, `acknowledge`, `triage`, `diagnose`, `mitigate`,
    /// `recover`, `resolve`, `close`).
    public var key: String
    public var title: String
    /// What the stage covers, in the words of the ITIL lifecycle.
    public var stage: String
    public var start: Date
    public var end: Date
    public var seconds: Int {
        let interval = end.timeIntervalSince(start).rounded()
        return interval.isFinite && abs(interval) < 1e15 ? Int(interval) : 0
    }

    /// The phases between consecutive milestones in time order, each named after the
    /// milestone that ends it: impact start → detection is *Detect* (identification),
    /// → acknowledgement *Acknowledge* (logging), → declaration *Triage* (categorisation
    /// and prioritisation), → identification *Diagnose* (diagnosis and escalation),
    /// → mitigation *Mitigate*, → resolution *Recover* after a mitigation or else
    /// *Resolve* (resolution and recovery), → closure *Close*. The start of impact opens
    /// a phase only when it precedes detection.
    public static func phases(between milestones: [(kind: MilestoneKind, at: Date)]) -> [LifecyclePhase] {
        let detection = milestones.first { $0.kind == .detected }
        let ordered = milestones
            .filter { moment in moment.kind != .impactStarted || detection.map { moment.at < $0.at } == true }
            .sorted { ($0.at, $0.kind.rank) < ($1.at, $1.kind.rank) }
        var phases: [LifecyclePhase] = []
        for (from, to) in zip(ordered, ordered.dropFirst()) where to.at > from.at {
            let name: (String, String, String)?
            switch to.kind {
            case .detected: name = ("detect", "Detect", "identification")
            case .acknowledged: name = ("acknowledge", "Acknowledge", "logging")
            case .declared: name = ("triage", "Triage", "categorisation and prioritisation")
            case .identified: name = ("diagnose", "Diagnose", "diagnosis and escalation")
            case .mitigated: name = ("mitigate", "Mitigate", "resolution")
            case .resolved:
                name = from.kind == .mitigated ? ("recover", "Recover", "recovery") : ("resolve", "Resolve", "resolution and recovery")
            case .closed: name = ("close", "Close", "closure")
            case .impactStarted: name = nil
            }
            if let (key, title, stage) = name {
                phases.append(LifecyclePhase(key: key, title: title, stage: stage, start: from.at, end: to.at))
            }
        }
        return phases
    }
}

/// A stretch with no stakeholder update longer than the cadence expected for the severity.
public struct CommunicationGap: Hashable, Sendable {
    public var start: Date
    public var end: Date
    public var seconds: Int { Int(end.timeIntervalSince(start)) }
}

/// A factor that contributed to the incident or its duration, with its evidence.
public struct ContributingFactor: Hashable, Sendable {
    public enum Category: String, Hashable, Sendable, Codable, CaseIterable {
        case recentChange, configurationChange, loadOrCapacity, dependencyFailure
        case lateDetection, missingMonitoring, runbookGap, failedRemediation
        case singleResponderOverloaded, noIncidentCommander, lateEscalation, authored
    }

    public var category: Category
    /// A blameless sentence about systems and decisions.
    public var statement: String
    /// Indices into ``Reconstruction/events``.
    public var evidence: [Int]
}

/// A follow-up action, written in the log or suggested by Hindsight.
public struct ActionItem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Find such failures sooner.
        case detect
        /// Limit the impact or shorten the response next time.
        case mitigate
        /// Stop the failure from happening again.
        case prevent
    }

    public var text: String
    public var owner: String?
    public var due: CalendarDate?
    public var tracker: String?
    public var kind: Kind
    public var done: Bool
    /// Suggested by Hindsight for a factor with no action yet; not the author's.
    public var suggested: Bool
    public var source: SourceLocation?
}

/// Service-level figures for the incident.
public struct ServiceLevels: Hashable, Sendable {
    /// The SLO as written, its target fraction and window.
    public var slo: String?
    public var sloTarget: Double?
    public var sloWindowSeconds: Int?
    /// Seconds of unavailability the SLO allows per window.
    public var errorBudgetSeconds: Int?
    /// Fraction of the error budget the impact consumed (1.0 = all of it).
    public var errorBudgetConsumed: Double?
    /// The SLA as written, and its resolution target.
    public var sla: String?
    public var slaTargetSeconds: Int?
    /// Whether the SLA's target was exceeded, and by how many seconds.
    public var slaBreached: Bool?
    public var slaExceededBySeconds: Int?
    /// When the SLA was breached.
    public var slaBreachTime: Date?
    /// Estimated cost of the impact from the configured cost per hour.
    public var estimatedCost: Double?
    public var currency: String?
}

/// The incident as Hindsight reconstructed it from its log: ordered events,
/// milestones with evidence, measures with definitions, people, findings.
public struct Reconstruction: Sendable {
    public var metadata: IncidentMetadata
    /// The zone the report shows local times in, and why that one.
    public var reportZone: NamedZone
    public var timeZoneNote: String
    public var sources: [String]
    /// Every event, sorted stably by instant; events without a time keep their place
    /// after the event that preceded them in their source.
    public var events: [ReconstructedEvent]
    /// Known milestones in lifecycle order.
    public var milestones: [Milestone]
    public var measures: [Measure]
    /// Time spent in each stage of the lifecycle, in order.
    public var phases: [LifecyclePhase]
    public var serviceLevels: ServiceLevels
    public var responders: [Responder]
    public var escalations: [Escalation]
    public var handoffs: [Handoff]
    public var communicationUpdates: Int
    public var communicationCadenceSeconds: Int
    public var communicationGaps: [CommunicationGap]
    /// Indices of failed remediation attempts.
    public var failedRemediations: [Int]
    public var factors: [ContributingFactor]
    public var actionItems: [ActionItem]
    public var questions: [String]
    public var sections: [AuthoredSection]
    public var diagnostics: [Diagnostic]

    /// The milestone of a kind, when known.
    public func milestone(_ kind: MilestoneKind) -> Milestone? {
        milestones.first { $0.kind == kind }
    }

    /// The measure with a key, when defined.
    public func measure(_ key: String) -> Measure? {
        measures.first { $0.key == key }
    }
}
