import ArgumentParser
import Foundation
import Hindsight

/// `hindsight publish`: a folder of retrospectives in, a static site out.
struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a folder of retrospectives as a static site: one page per incident, an index with filters, and trends.",
        discussion: """
            Every incident log in the folder is drafted and rendered; a Markdown report drafted by Hindsight is \
            rendered exactly as written, and wins over its log when both are there. The site has \
            SITE/<slug>.html and SITE/<slug>.md per retrospective, SITE/index.html (newest first, filters by \
            severity and service that work without a script) and SITE/trends.html. Links are relative.

            Re-running rewrites only pages whose inputs, templates or settings changed \
            (SITE/.hindsight-manifest.json remembers them). An input with errors is reported and skipped; the \
            rest is published and the command exits with status 1.

            --public leaves out internal sections (headings ending in "(internal)", and by default Responders \
            and roles, Questions for the review meeting, Where we got lucky) and replaces people's names, \
            e-mail addresses, host names and IP addresses with placeholders; --config FILE reads \
            publish.public settings from a .hindsight.yml file.
            """)

    @Argument(help: ArgumentHelp("The folder of incident logs and reviewed reports.", valueName: "folder"))
    var folder: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the site into.", valueName: "site"))
    var output: String

    @Flag(help: "Publish for readers outside the company: drop internal sections and redact names, e-mail addresses, hosts and IP addresses.")
    var `public` = false

    @Option(help: ArgumentHelp("Configuration file (.hindsight.yml) with publish.public settings.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Count action items due before this date (YYYY-MM-DD) as overdue on the trends page; default: the latest closure date among the incidents.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Time zone for times written without one, when a log names none.", valueName: "zone"))
    var timezone: String?

    @OptionGroup var template: TemplateArguments

    func validate() throws {
        if let asOf, CalendarDate(asOf) == nil {
            throw ValidationError("'\(asOf)' is not a date; use YYYY-MM-DD")
        }
        if let timezone, ZoneNames.resolve(timezone) == nil {
            throw ValidationError("unknown time zone '\(timezone)'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)")
        }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.usage("hindsight: error: \(folder): no such folder")
        }
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandFailure.usage("hindsight: error: \(output): is a file; give a folder for the site")
        }
        let templates = try template.load()
        var diagnostics: [Diagnostic] = []
        var policy: PublicationPolicy?
        if `public` {
            policy = PublicationPolicy()
            if let config {
                let (read, problems) = PublicationPolicy.read(yaml: try Files.text(config), file: config)
                Console.print(problems)
                if problems.containsErrors {
                    throw CommandFailure.invalid("hindsight: the configuration has errors; nothing was published")
                }
                policy = read
            }
        } else if let config {
            _ = try Files.text(config)  // an unreadable file is still a usage error
        }

        let documents = try FolderInputs.documents([folder], excluding: [output])
        let zone = timezone.flatMap(ZoneNames.resolve)
        Console.progress("hindsight: reading \(documents.count) input\(documents.count == 1 ? "" : "s")…")
        let collection = RetrospectiveCollection.gather(
            documents, reading: ReadingOptions(timeZone: zone), reconstruction: ReconstructionOptions(timeZone: zone))
        diagnostics += collection.diagnostics
        Console.print(diagnostics)
        guard !collection.retrospectives.isEmpty else {
            throw CommandFailure.invalid("hindsight: error: no retrospective could be read from \(folder); nothing was published")
        }

        let options = SiteOptions(
            templates: templates, policy: policy, asOf: asOf.flatMap(CalendarDate.init), version: HindsightVersion.current,
            settings: "timezone=\(timezone ?? "")")
        let plan = SitePublisher.plan(collection, options: options)
        let manifestPath = (output as NSString).appendingPathComponent(SiteManifest.fileName)
        let previous = FileManager.default.contents(atPath: manifestPath).flatMap(SiteManifest.parse)

        var stale: Set<String> = []
        var manifest = SiteManifest(version: HindsightVersion.current)
        for page in plan.pages {
            let path = (output as NSString).appendingPathComponent(page.path)
            if let entry = previous?.pages[page.path], entry.inputs == page.key,
                let data = FileManager.default.contents(atPath: path), ContentHash.of(bytes: data) == entry.output
            {
                manifest.pages[page.path] = entry
            } else {
                stale.insert(page.path)
            }
        }
        Console.progress("hindsight: rendering \(stale.count) page\(stale.count == 1 ? "" : "s")…")
        let files = SitePublisher.render(plan, only: stale)
        let keys = Dictionary(plan.pages.map { ($0.path, $0.key) }, uniquingKeysWith: { first, _ in first })
        var progress = ProgressCounter("writing", total: files.count)
        defer { progress.finish() }
        for file in files {
            progress.step(file.path)
            try Files.write(file.content, to: (output as NSString).appendingPathComponent(file.path))
            manifest.pages[file.path] = SiteManifest.Entry(inputs: keys[file.path] ?? "", output: ContentHash.of(file.content))
        }

        // Pages of retrospectives no longer in the folder are removed, unless an input
        // failed this time (its pages stay until it reads again) or someone changed them.
        let errors = diagnostics.filter { $0.severity == .error }.count
        var removed = 0
        if errors == 0, let previous {
            for (path, entry) in previous.pages.sorted(by: { $0.key < $1.key }) where keys[path] == nil {
                let full = (output as NSString).appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: full), ContentHash.of(bytes: data) == entry.output else { continue }
                try? FileManager.default.removeItem(atPath: full)
                removed += 1
            }
        } else if let previous {
            for (path, entry) in previous.pages where keys[path] == nil { manifest.pages[path] = entry }
        }
        let manifestText = String(decoding: manifest.json(), as: UTF8.self)
        if FileManager.default.contents(atPath: manifestPath) != Data(manifestText.utf8) {
            try Files.write(manifestText, to: manifestPath)
        }

        let count = collection.retrospectives.count
        var summary = "Published \(count) retrospective\(count == 1 ? "" : "s")\(`public` ? " (public version)" : "") to \(output): wrote \(files.count), unchanged \(plan.pages.count - files.count)"
        if removed > 0 { summary += ", removed \(removed)" }
        Console.output(summary + ".\n")
        if errors > 0 {
            throw CommandFailure.invalid("hindsight: \(errors) error\(errors == 1 ? "" : "s"); the inputs with errors were not published")
        }
    }
}
