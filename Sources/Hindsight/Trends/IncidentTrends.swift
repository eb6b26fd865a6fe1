public import Foundation

/// The mean and median of a set of durations, with how many were known.
public struct DurationStatistics: Hashable, Sendable {
    /// How many durations were known (incidents where both milestones were found).
    public var count: Int
    /// Seconds, rounded to the nearest second; nil when none was known.
    public var mean: Int?
    /// Seconds: the middle value, or the mean of the two middle values (rounded).
    public var median: Int?

    public init(_ values: [Int]) {
        count = values.count
        guard !values.isEmpty else { return }
        let sorted = values.sorted()
        mean = Int((Double(sorted.reduce(0, +)) / Double(sorted.count)).rounded(.toNearestOrAwayFromZero))
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1
            ? sorted[middle]
            : Int((Double(sorted[middle - 1] + sorted[middle]) / 2).rounded(.toNearestOrAwayFromZero))
    }
}

/// One incident as trends count it: what it is about and how long its response took.
public struct TrendIncident: Hashable, Sendable {
    public var id: String
    /// The name of its page when the incident is published on a site.
    public var slug: String?
    public var title: String
    public var severity: String?
    public var category: String?
    public var services: [String]
    /// When it started: impact start, else detection, else the first timed entry.
    public var start: Date?
    /// The start's date and month (`2026-03`) in the incident's report zone.
    public var date: CalendarDate?
    public var month: String?
    /// `timeToDetect`, `timeToAcknowledge` and `timeToResolve`, in seconds.
    public var timeToDetect: Int?
    public var timeToAcknowledge: Int?
    public var timeToResolve: Int?
    /// The date of closure, else of resolution, in the report zone.
    public var closedOn: CalendarDate?
    /// Contributing-factor categories found (each once), in declaration order.
    public var factors: [ContributingFactor.Category]
    /// Where it was read from.
    public var sources: [String]
}

/// The incidents sharing a service, category, severity or month, with their figures.
public struct TrendGroup: Hashable, Sendable {
    /// The service, category, severity or month (`2026-03`) as written.
    public var key: String
    /// Ids of its incidents, in chronological order.
    public var incidents: [String]
    public var count: Int { incidents.count }
    /// MTTD, MTTA and MTTR: means and medians of the incidents' measures.
    public var timeToDetect: DurationStatistics
    public var timeToAcknowledge: DurationStatistics
    public var timeToResolve: DurationStatistics
    /// MTBF, for services: statistics over the intervals between the starts of
    /// consecutive incidents; nil for other groups and for services with fewer than two.
    public var betweenFailures: DurationStatistics?
}

/// A kind of contributing factor and the incidents it was found in.
public struct RecurringFactor: Hashable, Sendable {
    public var category: ContributingFactor.Category
    public var title: String
    /// Ids of the incidents, in chronological order.
    public var incidents: [String]
    public var count: Int { incidents.count }
    /// Found in two incidents or more.
    public var recurs: Bool { incidents.count >= 2 }
}

/// An action item not yet done, from one of the incidents.
public struct TrendActionItem: Hashable, Sendable {
    public var incident: String
    public var slug: String?
    public var text: String
    public var owner: String?
    public var due: CalendarDate?
    public var tracker: String?
    /// Due before the as-of date.
    public var overdue: Bool
    public var source: SourceLocation?
}

/// How each trend measure is defined, for every output to print beside the figures.
public struct TrendDefinition: Hashable, Sendable {
    /// `mttd`, `mtta`, `mttr`, `mtbf`.
    public var key: String
    public var name: String
    public var definition: String

    public static let all: [TrendDefinition] = [
        TrendDefinition(key: "mttd", name: "MTTD", definition: "Mean time to detect: from the start of impact to detection (each incident's timeToDetect)."),
        TrendDefinition(key: "mtta", name: "MTTA", definition: "Mean time to acknowledge: from detection to acknowledgement (timeToAcknowledge)."),
        TrendDefinition(key: "mttr", name: "MTTR", definition: "Mean time to resolve: from detection to resolution (timeToResolve), not time to repair or to recover."),
        TrendDefinition(key: "mtbf", name: "MTBF", definition: "Mean time between failures, per service: the mean interval between the starts (impact, else detection) of consecutive incidents of the service; needs two incidents or more."),
    ]
}

/// Figures over many incidents: counts and response times by service, category,
/// severity and month, time between failures by service, recurring contributing
/// factors, and action items still open.
///
/// Everything is computed from the incidents alone: the as-of date for overdue items
/// defaults to the latest closure among them, never the clock, so the same incidents
/// always give the same figures.
public struct IncidentTrends: Sendable {
    /// The incidents, oldest first (incidents with no time last, by id).
    public var incidents: [TrendIncident]
    /// Every incident together.
    public var overall: TrendGroup
    public var byService: [TrendGroup]
    public var byCategory: [TrendGroup]
    public var bySeverity: [TrendGroup]
    /// Every month from the first incident's to the last one's, empty months included.
    public var byMonth: [TrendGroup]
    /// Every factor category found, most frequent first.
    public var factors: [RecurringFactor]
    /// Action items not done (Hindsight's own suggestions left out), by due date.
    public var openActions: [TrendActionItem]
    public var overdueCount: Int { openActions.filter(\.overdue).count }
    /// The date overdue items are counted against, and where it came from.
    public var asOf: CalendarDate?
    public var asOfNote: String

    /// One incident to count: its reconstruction, id, and page name when published.
    public struct Input: Sendable {
        public var id: String
        public var slug: String?
        public var reconstruction: Reconstruction

        public init(id: String, slug: String? = nil, reconstruction: Reconstruction) {
            self.id = id
            self.slug = slug
            self.reconstruction = reconstruction
        }
    }

    /// Trends over the reconstructed retrospectives of a collection.
    public init(collection: RetrospectiveCollection, asOf: CalendarDate? = nil, linkPages: Bool = false) {
        let inputs = collection.retrospectives.compactMap { retrospective in
            retrospective.reconstruction.map { Input(id: retrospective.incidentID, slug: linkPages ? retrospective.slug : nil, reconstruction: $0) }
        }
        self.init(inputs, asOf: asOf)
    }

    public init(_ inputs: [Input], asOf: CalendarDate? = nil) {
        var rows: [(incident: TrendIncident, reconstruction: Reconstruction)] = inputs.map { ($0.incident, $0.reconstruction) }
        rows.sort { lhs, rhs in
            switch (lhs.incident.start, rhs.incident.start) {
            case let (left?, right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.incident.id < rhs.incident.id
            }
        }
        incidents = rows.map(\.incident)

        if let asOf {
            self.asOf = asOf
            asOfNote = "as of \(asOf) (given)"
        } else if let latest = incidents.compactMap({ incident in incident.closedOn.map { ($0, incident.id) } }).max(by: { $0 < $1 }) {
            self.asOf = latest.0
            asOfNote = "as of \(latest.0), the latest closure (\(latest.1))"
        } else {
            self.asOf = nil
            asOfNote = "no as-of date: no incident has a closure or resolution date; pass --as-of to count overdue items"
        }

        overall = Self.group(key: "all", incidents, betweenFailures: false)
        byService = Self.groups(incidents, keys: { $0.services.isEmpty ? [Self.unspecified] : $0.services }, betweenFailures: true)
        byCategory = Self.groups(incidents, keys: { [$0.category ?? Self.unspecified] }, betweenFailures: false)
        bySeverity = Self.groups(incidents, keys: { [$0.severity ?? Self.unspecified] }, betweenFailures: false).sorted { lhs, rhs in
            let left = IncidentReconstructor.severityRank(lhs.key == Self.unspecified ? nil : lhs.key) ?? Int.max
            let right = IncidentReconstructor.severityRank(rhs.key == Self.unspecified ? nil : rhs.key) ?? Int.max
            return left != right ? left < right : lhs.key < rhs.key
        }
        byMonth = Self.months(incidents)

        var factorIncidents: [ContributingFactor.Category: [String]] = [:]
        for incident in incidents {
            for category in incident.factors { factorIncidents[category, default: []].append(incident.id) }
        }
        factors = ContributingFactor.Category.allCases.compactMap { category in
            factorIncidents[category].map { RecurringFactor(category: category, title: category.trendTitle, incidents: $0) }
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.category.rawValue < $1.category.rawValue }

        var actions: [TrendActionItem] = []
        let countedAgainst = self.asOf
        for row in rows {
            for item in row.reconstruction.actionItems where !item.done && !item.suggested {
                let overdue = item.due.map { due in countedAgainst.map { due < $0 } ?? false } ?? false
                actions.append(TrendActionItem(
                    incident: row.incident.id, slug: row.incident.slug, text: item.text, owner: item.owner, due: item.due,
                    tracker: item.tracker, overdue: overdue, source: item.source))
            }
        }
        openActions = actions.enumerated().sorted { lhs, rhs in
            switch (lhs.element.due, rhs.element.due) {
            case let (left?, right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    // MARK: - Grouping

    /// The group of incidents that do not say (no service, category or severity).
    public static let unspecified = "unspecified"

    static func group(key: String, _ members: [TrendIncident], betweenFailures: Bool) -> TrendGroup {
        var mtbf: DurationStatistics?
        // Incidents that name no service are not failures of one service.
        if betweenFailures && key != unspecified {
            let starts = members.compactMap(\.start).sorted()
            if starts.count >= 2 {
                mtbf = DurationStatistics(zip(starts, starts.dropFirst()).map { Int($1.timeIntervalSince($0).rounded()) })
            }
        }
        return TrendGroup(
            key: key, incidents: members.map(\.id),
            timeToDetect: DurationStatistics(members.compactMap(\.timeToDetect)),
            timeToAcknowledge: DurationStatistics(members.compactMap(\.timeToAcknowledge)),
            timeToResolve: DurationStatistics(members.compactMap(\.timeToResolve)),
            betweenFailures: mtbf)
    }

    /// Groups by keys compared without case (the first spelling seen names the group),
    /// most incidents first, then by name.
    static func groups(_ incidents: [TrendIncident], keys: (TrendIncident) -> [String], betweenFailures: Bool) -> [TrendGroup] {
        var order: [String] = []
        var spelling: [String: String] = [:]
        var members: [String: [TrendIncident]] = [:]
        for incident in incidents {
            var seen = Set<String>()
            for key in keys(incident) {
                let folded = key.lowercased()
                guard seen.insert(folded).inserted else { continue }
                if spelling[folded] == nil {
                    spelling[folded] = key
                    order.append(folded)
                }
                members[folded, default: []].append(incident)
            }
        }
        return order.map { group(key: spelling[$0] ?? $0, members[$0] ?? [], betweenFailures: betweenFailures) }
            .sorted { lhs, rhs in
                if (lhs.key == unspecified) != (rhs.key == unspecified) { return rhs.key == unspecified }
                return lhs.count != rhs.count ? lhs.count > rhs.count : lhs.key < rhs.key
            }
    }

    /// One group per month from the first to the last, empty months included.
    static func months(_ incidents: [TrendIncident]) -> [TrendGroup] {
        let dated = incidents.compactMap { incident in incident.date.map { ($0, incident) } }
        guard let first = dated.map(\.0).min(), let last = dated.map(\.0).max() else { return [] }
        var result: [TrendGroup] = []
        var year = first.year
        var month = first.month
        while (year, month) <= (last.year, last.month) && result.count < 1200 {
            let members = dated.filter { $0.0.year == year && $0.0.month == month }.map(\.1)
            result.append(group(key: String(format: "%04d-%02d", year, month), members, betweenFailures: false))
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return result
    }

    /// `2026-03` → `Mar 2026`, without the locale.
    public static func monthLabel(_ key: String) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = key.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return key }
        return "\(names[month - 1]) \(parts[0])"
    }
}

extension IncidentTrends.Input {
    /// The incident's row: identity, start, measures, closure and factor categories.
    var incident: TrendIncident {
        let r = reconstruction
        let zone = r.reportZone
        let start = (r.milestone(.impactStarted) ?? r.milestone(.detected))?.time.instant
            ?? r.events.compactMap { $0.event.time?.instant }.min()
        let date = start.map { ReportClock.date($0, in: zone) }
        let closed = (r.milestone(.closed) ?? r.milestone(.resolved)).map { ReportClock.date($0.time.instant, in: zone) }
        var categories: [ContributingFactor.Category] = []
        for factor in r.factors where factor.category != .authored && !categories.contains(factor.category) {
            categories.append(factor.category)
        }
        return TrendIncident(
            id: id, slug: slug, title: r.metadata.title ?? r.metadata.id.map { "Incident \($0)" } ?? id,
            severity: r.metadata.severity, category: r.metadata.category, services: r.metadata.services,
            start: start, date: date, month: date.map { String(format: "%04d-%02d", $0.year, $0.month) },
            timeToDetect: r.measure("timeToDetect")?.seconds, timeToAcknowledge: r.measure("timeToAcknowledge")?.seconds,
            timeToResolve: r.measure("timeToResolve")?.seconds, closedOn: closed, factors: categories, sources: r.sources)
    }
}

extension ContributingFactor.Category {
    /// A short name for tables and charts.
    public var trendTitle: String {
        switch self {
        case .recentChange: "Recent change"
        case .configurationChange: "Configuration change"
        case .loadOrCapacity: "Load or capacity limits"
        case .dependencyFailure: "Dependency failure"
        case .lateDetection: "Late detection"
        case .missingMonitoring: "Missing monitoring"
        case .runbookGap: "Runbook gap"
        case .failedRemediation: "Remediation that did not help"
        case .singleResponderOverloaded: "One responder doing everything"
        case .noIncidentCommander: "No incident commander"
        case .lateEscalation: "Late escalation"
        case .authored: "Written by the team"
        }
    }
}
