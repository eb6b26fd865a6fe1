/// The trends as a standalone HTML page with charts (`hindsight trends --html`, and
/// `trends.html` of a published site), through the `trends.html` template.
public enum TrendsPage {
    /// Choices for the page.
    public struct Options: Sendable {
        public var templates: ReportTemplates
        /// Links back to the site's index, when the page is part of a site.
        public var indexHref: String?
        /// The site's name in the navigation bar.
        public var siteName: String
        /// A line saying what was left out or redacted, for public sites.
        public var publicNote: String?
        /// Sentences shown under the incident list (inputs not counted, for example).
        public var notes: [String]

        public init(templates: ReportTemplates = .bundled, indexHref: String? = nil, siteName: String = "Retrospectives", publicNote: String? = nil, notes: [String] = []) {
            self.templates = templates
            self.indexHref = indexHref
            self.siteName = siteName
            self.publicNote = publicNote
            self.notes = notes
        }
    }

    public static func html(_ trends: IncidentTrends, options: Options = Options()) -> String {
        options.templates.render(TrendsPageModel(trends, options: options), template: "trends.html")
    }
}

/// Everything the trends template shows, computed up front.
struct TrendsPageModel: Sendable {
    // Rows and cells of the page; plain text, escaped by the template.
    struct Card: Sendable { var label: String; var value: String; var detail: String; var warn: Bool }
    struct Legend: Sendable { var label: String; var band: String }
    struct Figure: Sendable { var value: String; var detail: String }
    struct Link: Sendable { var label: String; var href: String; var hasHref: Bool; var last: Bool }
    struct GroupRow: Sendable { var label: String; var count: Int; var bar: String; var mttd: Figure; var mtta: Figure; var mttr: Figure; var mtbf: Figure }
    struct GroupTable: Sendable { var heading: String; var anchor: String; var name: String; var showMTBF: Bool; var rows: [GroupRow]; var note: String }
    struct FactorRow: Sendable { var title: String; var count: Int; var bar: String; var recurs: Bool; var incidents: [Link] }
    struct ActionRow: Sendable { var due: String; var overdue: Bool; var incident: Link; var text: String; var owner: String; var tracker: String }
    struct IncidentRow: Sendable { var date: String; var id: String; var title: String; var link: Link; var severity: String; var hasSeverity: Bool; var band: String; var services: String; var timeToResolve: String }
    struct Definition: Sendable { var name: String; var definition: String }

    var title = "Incident trends"
    var subtitle: String
    var siteName: String
    var hasNavigation: Bool
    var indexHref: String
    var trendsHref = "trends.html"
    var publicNote: String
    var hasPublicNote: Bool
    var cards: [Card]
    var monthChart: String
    var hasMonthChart: Bool
    var resolveChart: String
    var hasResolveChart: Bool
    var severityLegend: [Legend]
    var groupTables: [GroupTable]
    var factors: [FactorRow]
    var hasFactors: Bool
    var actions: [ActionRow]
    var hasActions: Bool
    var actionSummary: String
    var incidents: [IncidentRow]
    var notes: [String]
    var definitions: [Definition]
    var asOfNote: String

    init(_ trends: IncidentTrends, options: TrendsPage.Options) {
        let count = trends.incidents.count
        var subtitle = "\(count) incident\(count == 1 ? "" : "s")"
        if let first = trends.byMonth.first, let last = trends.byMonth.last {
            subtitle += first.key == last.key
                ? " in \(IncidentTrends.monthLabel(first.key))"
                : " from \(IncidentTrends.monthLabel(first.key)) to \(IncidentTrends.monthLabel(last.key))"
        }
        if let asOf = trends.asOf { subtitle += " · action items as of \(asOf)" }
        self.subtitle = subtitle
        siteName = options.siteName
        hasNavigation = options.indexHref != nil
        indexHref = options.indexHref ?? ""
        publicNote = options.publicNote ?? ""
        hasPublicNote = options.publicNote != nil
        asOfNote = "Action items are counted " + trends.asOfNote

        // The acronyms are means, so the mean leads; the median follows from three values
        // on (over one or two values they are the same).
        func mean(_ statistics: DurationStatistics) -> String { statistics.mean.map(DurationText.format) ?? "–" }
        func median(_ statistics: DurationStatistics) -> String {
            guard statistics.count > 2, let median = statistics.median else { return "" }
            return "median " + DurationText.format(median)
        }
        func figure(_ statistics: DurationStatistics) -> Figure { Figure(value: mean(statistics), detail: median(statistics)) }
        let overall = trends.overall
        let overdue = trends.overdueCount
        cards = [
            Card(label: "Incidents", value: "\(count)", detail: trends.byMonth.count > 1 ? "over \(trends.byMonth.count) months" : "in one month", warn: false),
            Card(label: "MTTR", value: mean(overall.timeToResolve), detail: [median(overall.timeToResolve), "detection → resolution"].filter { !$0.isEmpty }.joined(separator: " · "), warn: false),
            Card(label: "MTTD", value: mean(overall.timeToDetect), detail: [median(overall.timeToDetect), "impact → detection"].filter { !$0.isEmpty }.joined(separator: " · "), warn: false),
            Card(label: "MTTA", value: mean(overall.timeToAcknowledge), detail: [median(overall.timeToAcknowledge), "detection → acknowledgement"].filter { !$0.isEmpty }.joined(separator: " · "), warn: false),
            Card(label: "Open action items", value: "\(trends.openActions.count)", detail: trends.asOf.map { "\(overdue) overdue as of \($0)" } ?? "no as-of date", warn: overdue > 0),
        ]

        monthChart = TrendCharts.incidentsPerMonth(trends)
        hasMonthChart = !monthChart.isEmpty
        resolveChart = TrendCharts.resolvePerMonth(trends)
        hasResolveChart = !resolveChart.isEmpty
        var legend: [Legend] = []
        for group in trends.bySeverity {
            legend.append(Legend(label: group.key, band: TrendCharts.severityClass(group.key == "unspecified" ? nil : group.key)))
        }
        severityLegend = legend

        let slugs = Dictionary(trends.incidents.map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        func link(_ id: String, last: Bool = true) -> Link {
            let slug = slugs[id] ?? nil
            return Link(label: id, href: slug.map { "\($0).html" } ?? "", hasHref: slug != nil, last: last)
        }
        func rows(_ groups: [TrendGroup], label: (String) -> String = { $0 }) -> [GroupRow] {
            let most = Double(groups.map(\.count).max() ?? 0)
            return groups.map { group in
                GroupRow(
                    label: label(group.key), count: group.count, bar: TrendCharts.bar(Double(group.count), of: most),
                    mttd: figure(group.timeToDetect), mtta: figure(group.timeToAcknowledge), mttr: figure(group.timeToResolve),
                    mtbf: group.betweenFailures.map(figure) ?? Figure(value: "–", detail: ""))
            }
        }
        groupTables = [
            GroupTable(heading: "By service", anchor: "by-service", name: "Service", showMTBF: true, rows: rows(trends.byService),
                note: "An incident counts for every service it affected. MTBF needs two incidents of a service or more."),
            GroupTable(heading: "By category", anchor: "by-category", name: "Category", showMTBF: false, rows: rows(trends.byCategory), note: ""),
            GroupTable(heading: "By severity", anchor: "by-severity", name: "Severity", showMTBF: false, rows: rows(trends.bySeverity), note: ""),
            GroupTable(heading: "By month", anchor: "by-month", name: "Month", showMTBF: false, rows: rows(trends.byMonth, label: IncidentTrends.monthLabel),
                note: "Incidents count in the month they started, in their own time zone."),
        ]

        let mostFactor = Double(trends.factors.map(\.count).max() ?? 0)
        factors = trends.factors.map { factor in
            FactorRow(
                title: factor.title, count: factor.count, bar: TrendCharts.bar(Double(factor.count), of: mostFactor, tone: "factor"),
                recurs: factor.recurs,
                incidents: factor.incidents.enumerated().map { link($0.element, last: $0.offset == factor.incidents.count - 1) })
        }
        hasFactors = !factors.isEmpty
        actions = trends.openActions.map { item in
            ActionRow(
                due: item.due?.description ?? "no due date", overdue: item.overdue, incident: link(item.incident),
                text: item.text, owner: item.owner ?? "no owner", tracker: item.tracker ?? "")
        }
        hasActions = !actions.isEmpty
        let open = trends.openActions.count
        actionSummary = open == 0
            ? "No open action items."
            : "\(open) open action item\(open == 1 ? "" : "s")" + (trends.asOf.map { ", \(overdue) overdue (due before \($0))." } ?? ".")
        incidents = trends.incidents.reversed().map { incident in
            IncidentRow(
                date: incident.date?.description ?? "unknown", id: incident.id, title: incident.title, link: link(incident.id),
                severity: incident.severity ?? "", hasSeverity: incident.severity != nil, band: TrendCharts.severityClass(incident.severity),
                services: incident.services.joined(separator: ", "), timeToResolve: incident.timeToResolve.map(DurationText.format) ?? "–")
        }
        notes = options.notes
        definitions = TrendDefinition.all.map { Definition(name: $0.name, definition: $0.definition) }
    }
}
