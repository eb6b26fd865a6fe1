import Foundation

/// Choices for publishing a site.
public struct SiteOptions: Sendable {
    public var templates: ReportTemplates
    /// The public variant's rules; nil publishes everything, for readers inside the company.
    public var policy: PublicationPolicy?
    /// The as-of date for overdue action items on the trends page.
    public var asOf: CalendarDate?
    /// The Hindsight version, recorded in the manifest and part of every page's key.
    public var version: String
    /// Anything else that changes pages (reading options), as text for the keys.
    public var settings: String
    /// The name shown in the navigation bar and as the index's title.
    public var siteName: String

    public init(
        templates: ReportTemplates = .bundled, policy: PublicationPolicy? = nil, asOf: CalendarDate? = nil,
        version: String, settings: String = "", siteName: String = "Retrospectives"
    ) {
        self.templates = templates
        self.policy = policy
        self.asOf = asOf
        self.version = version
        self.settings = settings
        self.siteName = siteName
    }
}

/// One file of a site: its path relative to the site folder, and the key of everything
/// it is built from (equal keys mean equal content).
public struct SitePage: Hashable, Sendable {
    public var path: String
    public var key: String
}

/// A file's content, ready to write.
public struct SiteFile: Sendable {
    public var path: String
    public var content: String
}

/// The pages of a site and what each is built from, before anything is rendered, so
/// unchanged pages need not be rendered at all.
public struct SitePlan: Sendable {
    /// Every page, in a fixed order: `index.html`, `trends.html`, then for each
    /// retrospective `<slug>.html` and `<slug>.md`.
    public let pages: [SitePage]
    let collection: RetrospectiveCollection
    let options: SiteOptions
    let redactor: Redactor?
    let trends: IncidentTrends?
}

/// Builds a static site of retrospectives: one HTML page (and its Markdown) per
/// retrospective, an index with filters, and the trends page. All links are relative,
/// so the folder works from a file system, GitHub Pages or any static host.
///
/// Reviewed reports are published exactly as written; incidents with only a log are
/// drafted now. The public variant drops internal sections and redacts names, e-mail
/// addresses, host names and IP addresses in the Markdown before rendering.
public enum SitePublisher {
    /// The note public pages carry.
    static let publicNote = "Public version: internal sections are left out, and names, e-mail addresses, host names and network addresses are replaced with placeholders."

    public static func plan(_ collection: RetrospectiveCollection, options: SiteOptions) -> SitePlan {
        var redactor: Redactor?
        if let policy = options.policy {
            redactor = Redactor(policy: policy, people: people(in: collection))
        }
        var common = ContentHash()
        for part in [
            "hindsight", options.version, options.templates.signature, options.policy?.signature ?? "internal",
            redactor.map { $0.names.joined(separator: "\u{1e}") } ?? "", options.settings, options.siteName,
        ] {
            common.combine(part)
        }
        func key(_ parts: [String]) -> String {
            var hash = common
            for part in parts { hash.combine(part) }
            return hash.hex
        }
        let everything = collection.retrospectives.flatMap { [$0.slug, $0.inputHash] }
        let reconstructed = collection.reconstructed
        let trends = reconstructed.isEmpty ? nil : IncidentTrends(collection: collection, asOf: options.asOf, linkPages: true)
        var pages = [SitePage(path: "index.html", key: key(["index.html"] + everything))]
        if trends != nil {
            pages.append(SitePage(path: "trends.html", key: key(["trends.html", options.asOf?.description ?? "-"] + everything)))
        }
        for retrospective in collection.retrospectives {
            for suffix in ["html", "md"] {
                let path = "\(retrospective.slug).\(suffix)"
                pages.append(SitePage(path: path, key: key([path, retrospective.inputHash] + retrospective.inputs)))
            }
        }
        return SitePlan(pages: pages, collection: collection, options: options, redactor: redactor, trends: trends)
    }

    /// Renders the pages at `paths` (all when nil), using every core; the result is in
    /// the plan's order whatever the scheduling.
    public static func render(_ plan: SitePlan, only paths: Set<String>? = nil) -> [SiteFile] {
        /// A unit of rendering work; a retrospective gives its HTML and its Markdown.
        enum Job: Sendable { case index, trends, retrospective(Int) }
        func wanted(_ path: String) -> Bool { paths?.contains(path) ?? true }
        var jobs: [Job] = []
        if wanted("index.html") { jobs.append(.index) }
        if plan.trends != nil, wanted("trends.html") { jobs.append(.trends) }
        for (index, retrospective) in plan.collection.retrospectives.enumerated()
        where wanted("\(retrospective.slug).html") || wanted("\(retrospective.slug).md") {
            jobs.append(.retrospective(index))
        }
        let results = ParallelWork.map(jobs) { job -> [SiteFile] in
            switch job {
            case .index:
                return [SiteFile(path: "index.html", content: index(plan))]
            case .trends:
                return plan.trends.map { [SiteFile(path: "trends.html", content: trendsPage($0, plan: plan))] } ?? []
            case .retrospective(let index):
                return retrospectivePages(plan.collection.retrospectives[index], plan: plan)
            }
        }
        return results.flatMap { $0 }.filter { wanted($0.path) }
    }

    // MARK: - Pages

    static func retrospectivePages(_ retrospective: Retrospective, plan: SitePlan) -> [SiteFile] {
        let render = RenderOptions(templates: plan.options.templates)
        var markdown: String
        if let report = retrospective.report {
            markdown = report.markdown
        } else if let reconstruction = retrospective.reconstruction {
            markdown = ReportRenderer.markdown(reconstruction, options: render)
        } else {
            return []
        }
        if let redactor = plan.redactor {
            markdown = redactor.publicMarkdown(markdown)
        }
        let navigation = SiteNavigation(
            siteName: plan.options.siteName, markdownHref: "\(retrospective.slug).md",
            publicNote: plan.redactor == nil ? nil : publicNote)
        let html = ReportRenderer.html(markdown: markdown, options: render, navigation: navigation)
        return [
            SiteFile(path: "\(retrospective.slug).html", content: html),
            SiteFile(path: "\(retrospective.slug).md", content: markdown),
        ]
    }

    static func index(_ plan: SitePlan) -> String {
        let entries = plan.collection.retrospectives.map { SiteIndexEntry($0, redactor: plan.redactor) }
        let model = SiteIndexModel(
            entries: entries, trends: plan.trends, siteName: plan.options.siteName,
            publicNote: plan.redactor == nil ? nil : publicNote)
        return plan.options.templates.render(model, template: "index.html")
    }

    static func trendsPage(_ trends: IncidentTrends, plan: SitePlan) -> String {
        var shown = trends
        if let redactor = plan.redactor {
            shown = redacted(trends, by: redactor)
        }
        let withoutLogs = plan.collection.retrospectives.filter { $0.reconstruction == nil }.count
        var notes: [String] = []
        if withoutLogs > 0 {
            notes.append("\(withoutLogs) reviewed report\(withoutLogs == 1 ? " is" : "s are") not counted: trends are computed from incident logs, and \(withoutLogs == 1 ? "its log is" : "their logs are") not in the folder.")
        }
        let options = TrendsPage.Options(
            templates: plan.options.templates, indexHref: "index.html", siteName: plan.options.siteName,
            publicNote: plan.redactor == nil ? nil : publicNote, notes: notes)
        return TrendsPage.html(shown, options: options)
    }

    /// The trends with every text that could name a person or a host redacted.
    static func redacted(_ trends: IncidentTrends, by redactor: Redactor) -> IncidentTrends {
        var result = trends
        result.incidents = trends.incidents.map { incident in
            var copy = incident
            copy.title = redactor.redact(incident.title)
            copy.services = incident.services.map(redactor.redact)
            return copy
        }
        result.openActions = trends.openActions.map { item in
            var copy = item
            copy.text = redactor.redact(item.text)
            copy.owner = item.owner.map(redactor.redact)
            copy.tracker = item.tracker.map(redactor.redact)
            return copy
        }
        return result
    }

    /// Everyone the retrospectives name: role holders, authors and action-item owners
    /// from the logs, and the people a reviewed report names; responders, hand-off and
    /// escalation targets Hindsight found in the text only when they look like names.
    static func people(in collection: RetrospectiveCollection) -> [String] {
        var names: [String] = []
        for retrospective in collection.retrospectives {
            if let r = retrospective.reconstruction {
                names += r.metadata.roles.map(\.person)
                names += r.events.compactMap(\.event.author)
                names += r.actionItems.compactMap(\.owner)
                let found = r.responders.map(\.name) + r.handoffs.compactMap(\.to) + r.escalations.map(\.target)
                let ordinary = ordinaryWords(in: r)
                names += found.filter { looksLikeName($0, ordinaryWords: ordinary) }
            }
            if let report = retrospective.report {
                names += report.facts.people
            }
        }
        return names
    }

    /// Whether text found in a timeline reads as a person's name: one to four words,
    /// each capitalised (particles such as "de" aside); a single word only when it never
    /// appears in lower case in the incident's text ("Next" does, "Sanne" does not).
    static func looksLikeName(_ text: String, ordinaryWords: Set<String>) -> Bool {
        let particles: Set<String> = ["de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "dos", "ten", "ter"]
        let words = text.split(separator: " ")
        guard (1...4).contains(words.count) else { return false }
        for word in words where !particles.contains(String(word)) {
            guard word.first?.isUppercase == true, word.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" }) else { return false }
        }
        if words.count == 1 { return !ordinaryWords.contains(text.lowercased()) }
        return true
    }

    /// Every word the incident's text uses in lower case.
    static func ordinaryWords(in r: Reconstruction) -> Set<String> {
        var words = Set<String>()
        let texts = r.events.flatMap { [$0.event.text] + $0.event.details } + r.sections.map(\.markdown)
        for text in texts {
            for word in text.split(whereSeparator: { !$0.isLetter }) where word.first?.isLowercase == true {
                words.insert(String(word))
            }
        }
        return words
    }
}
