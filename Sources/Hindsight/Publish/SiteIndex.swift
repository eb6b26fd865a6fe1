import Foundation

/// One retrospective as the site's index lists it.
struct SiteIndexEntry: Sendable {
    var slug: String
    var title: String
    var id: String
    var date: String
    var start: Date?
    var severity: String
    var hasSeverity: Bool
    var band: String
    var services: [String]
    var timeToResolve: String
    var status: String
    var incidentStatus: String
    var hasIncidentStatus: Bool
    /// `reviewed` for a report people edited, `draft` for one drafted from the log now.
    var kind: String

    init(_ retrospective: Retrospective, redactor: Redactor?) {
        let clean: (String) -> String = { text in redactor?.redact(text) ?? text }
        slug = retrospective.slug
        if let report = retrospective.report {
            let facts = report.facts
            title = clean(facts.title ?? retrospective.incidentID)
            id = clean(facts.fact("Incident") ?? retrospective.reconstruction?.metadata.id ?? "")
            start = facts.periodStart ?? retrospective.reconstruction.flatMap(Self.start)
            date = facts.fact("Period").map { String($0.prefix(10)) } ?? retrospective.reconstruction.flatMap(Self.date) ?? ""
            severity = facts.fact("Severity") ?? retrospective.reconstruction?.metadata.severity ?? ""
            services = (facts.fact("Services") ?? "").split(separator: ",").map { clean($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            timeToResolve = facts.timeToResolve ?? "–"
            status = clean(facts.fact("Status") ?? "Reviewed")
            incidentStatus = clean(facts.fact("Incident status") ?? "")
            kind = "reviewed"
        } else if let r = retrospective.reconstruction {
            let m = r.metadata
            title = clean(m.title ?? m.id.map { "Incident \($0)" } ?? retrospective.slug)
            id = clean(m.id ?? "")
            start = Self.start(r)
            date = Self.date(r) ?? ""
            severity = m.severity ?? ""
            services = m.services.map(clean)
            timeToResolve = r.measure("timeToResolve")?.seconds.map(DurationText.format) ?? "–"
            status = "Draft for review"
            incidentStatus = clean(m.status ?? "")
            kind = "draft"
        } else {
            title = retrospective.slug
            id = ""
            start = nil
            date = ""
            severity = ""
            services = []
            timeToResolve = "–"
            status = ""
            incidentStatus = ""
            kind = "draft"
        }
        severity = clean(severity)
        hasSeverity = !severity.isEmpty
        band = TrendCharts.severityClass(hasSeverity ? severity : nil)
        hasIncidentStatus = !incidentStatus.isEmpty
    }

    static func start(_ r: Reconstruction) -> Date? {
        (r.milestone(.impactStarted) ?? r.milestone(.detected))?.time.instant ?? r.events.compactMap { $0.event.time?.instant }.min()
    }

    static func date(_ r: Reconstruction) -> String? {
        start(r).map { ReportClock.date($0, in: r.reportZone).description }
    }
}

/// What the index template shows: the retrospectives newest first, the filters by
/// severity and service, and a few headline figures linking to the trends page.
///
/// The filters are radio buttons placed before the list, with one CSS rule per choice
/// (`#f-sev-sev1:checked ~ .hs-results tr:not(.hs-f-sev-sev1) { display: none }`), so they
/// work in every browser without a script or a server; without CSS every row shows.
struct SiteIndexModel: Sendable {
    /// One radio button: `id` is `f-sev-<value>` or `f-svc-<value>`; rows carry `hs-f-sev-<value>`.
    struct Filter: Sendable { var id: String; var name: String; var value: String; var label: String; var count: Int; var isAll: Bool }
    /// The buttons of one filter (severity or service), "All" first.
    struct FilterGroup: Sendable { var title: String; var name: String; var filters: [Filter] }
    /// One retrospective's row; `classes` name its severity and services for the filters.
    struct Row: Sendable {
        var href: String; var title: String; var id: String; var hasID: Bool; var date: String
        var severity: String; var hasSeverity: Bool; var band: String; var services: String
        var timeToResolve: String; var status: String; var incidentStatus: String; var hasIncidentStatus: Bool
        var classes: String; var reviewed: Bool
    }
    /// A headline figure linking to the trends page.
    struct Figure: Sendable { var label: String; var value: String; var detail: String; var warn: Bool; var text = false }

    var title: String
    var siteName: String
    var subtitle: String
    var publicNote: String
    var hasPublicNote: Bool
    var filterGroups: [FilterGroup]
    var filterInputs: [Filter]
    var filterCSS: String
    var rows: [Row]
    var total: Int
    var totalLabel: String
    var figures: [Figure]
    var hasFigures: Bool
    var hasTrends: Bool

    init(entries: [SiteIndexEntry], trends: IncidentTrends?, siteName: String, publicNote: String?) {
        let sorted = entries.sorted { lhs, rhs in
            switch (lhs.start, rhs.start) {
            case let (left?, right?) where left != right: return left > right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.slug < rhs.slug
            }
        }
        title = siteName
        self.siteName = siteName
        let reviewed = entries.filter { $0.kind == "reviewed" }.count
        var subtitle = "\(entries.count) retrospective\(entries.count == 1 ? "" : "s")"
        if reviewed > 0 { subtitle += ", \(reviewed) reviewed and \(entries.count - reviewed) drafted from their logs" }
        subtitle += ", newest first."
        self.subtitle = subtitle
        self.publicNote = publicNote ?? ""
        hasPublicNote = publicNote != nil

        // Severity filters in severity order; service filters by name.
        var severities: [(label: String, slug: String, count: Int)] = []
        for entry in entries {
            let label = entry.hasSeverity ? entry.severity : "Not set"
            let slug = entry.hasSeverity ? Self.filterSlug(entry.severity) : "none"
            if let index = severities.firstIndex(where: { $0.slug == slug }) { severities[index].count += 1 } else {
                severities.append((label, slug, 1))
            }
        }
        severities.sort { lhs, rhs in
            let left = lhs.slug == "none" ? Int.max : IncidentReconstructor.severityRank(lhs.label) ?? Int.max - 1
            let right = rhs.slug == "none" ? Int.max : IncidentReconstructor.severityRank(rhs.label) ?? Int.max - 1
            return left != right ? left < right : lhs.label < rhs.label
        }
        var services: [String: (label: String, count: Int)] = [:]
        for entry in entries {
            for service in Set(entry.services.map { Self.filterSlug($0) }) {
                let label = entry.services.first { Self.filterSlug($0) == service } ?? service
                services[service, default: (label, 0)].count += 1
            }
        }
        let severityFilters = [Filter(id: "f-sev-all", name: "severity", value: "all", label: "All", count: entries.count, isAll: true)]
            + severities.map { Filter(id: "f-sev-\($0.slug)", name: "severity", value: $0.slug, label: $0.label, count: $0.count, isAll: false) }
        let serviceFilters = [Filter(id: "f-svc-all", name: "service", value: "all", label: "All", count: entries.count, isAll: true)]
            + services.keys.sorted().compactMap { key in
                services[key].map { Filter(id: "f-svc-\(key)", name: "service", value: key, label: $0.label, count: $0.count, isAll: false) }
            }
        var groups: [FilterGroup] = []
        if severities.count > 1 { groups.append(FilterGroup(title: "Severity", name: "severity", filters: severityFilters)) }
        if services.count > 1 { groups.append(FilterGroup(title: "Service", name: "service", filters: serviceFilters)) }
        filterGroups = groups
        filterInputs = groups.flatMap(\.filters)

        var css = ""
        for filter in filterInputs {
            let chosen = "#\(filter.id):checked ~ .hs-filters label[for=\"\(filter.id)\"]"
            css += "\(chosen) { background: var(--accent); border-color: var(--accent); color: var(--bg); }\n"
            css += "\(chosen) .hs-chip-count { color: inherit; opacity: 0.8; }\n"
            css += "#\(filter.id):focus-visible ~ .hs-filters label[for=\"\(filter.id)\"] { outline: 2px solid var(--accent); outline-offset: 2px; }\n"
            if !filter.isAll {
                let prefix = filter.name == "severity" ? "hs-f-sev-" : "hs-f-svc-"
                css += "#\(filter.id):checked ~ .hs-results .hs-list tbody tr:not(.\(prefix)\(filter.value)) { display: none !important; }\n"
            }
        }
        filterCSS = css

        rows = sorted.map { entry in
            var classes = ["hs-f-sev-" + (entry.hasSeverity ? Self.filterSlug(entry.severity) : "none")]
            classes += entry.services.map { "hs-f-svc-" + Self.filterSlug($0) }
            return Row(
                href: "\(entry.slug).html", title: entry.title, id: entry.id, hasID: !entry.id.isEmpty,
                date: entry.date.isEmpty ? "unknown" : entry.date, severity: entry.severity, hasSeverity: entry.hasSeverity,
                band: entry.band, services: entry.services.joined(separator: ", "), timeToResolve: entry.timeToResolve,
                status: entry.status, incidentStatus: entry.incidentStatus, hasIncidentStatus: entry.hasIncidentStatus,
                classes: classes.joined(separator: " "), reviewed: entry.kind == "reviewed")
        }
        total = entries.count
        totalLabel = "\(entries.count) retrospective\(entries.count == 1 ? "" : "s")"

        var figures: [Figure] = []
        if let trends, !trends.incidents.isEmpty {
            let resolve = trends.overall.timeToResolve
            func detail(_ statistics: DurationStatistics, _ span: String) -> String {
                guard statistics.count > 2, let median = statistics.median else { return span }
                return "median \(DurationText.format(median)) · \(span)"
            }
            figures.append(Figure(label: "MTTR", value: resolve.mean.map(DurationText.format) ?? "–", detail: detail(resolve, "detection → resolution"), warn: false))
            let detect = trends.overall.timeToDetect
            figures.append(Figure(label: "MTTD", value: detect.mean.map(DurationText.format) ?? "–", detail: detail(detect, "impact → detection"), warn: false))
            if let top = trends.factors.first, top.recurs {
                figures.append(Figure(label: "Most frequent factor", value: top.title, detail: "in \(top.count) of \(trends.incidents.count) incidents", warn: false, text: true))
            }
            let overdue = trends.overdueCount
            figures.append(Figure(
                label: "Open action items", value: "\(trends.openActions.count)",
                detail: trends.asOf.map { "\(overdue) overdue as of \($0)" } ?? "", warn: overdue > 0))
        }
        self.figures = figures
        hasFigures = !figures.isEmpty
        hasTrends = trends != nil
    }

    /// A lowercase ASCII name for a filter value; `x` plus a hash for values with no
    /// letters or digits, so every value gets a usable, distinct id.
    static func filterSlug(_ value: String) -> String {
        let slug = HTMLText.slug(value)
        return slug.isEmpty ? "x" + ContentHash.of(value).prefix(8) : slug
    }
}
