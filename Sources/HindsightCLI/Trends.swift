import ArgumentParser
import Foundation
import Hindsight

/// `hindsight trends`: figures over many incidents.
struct Trends: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Show trends over many incidents: counts, MTTD, MTTA, MTTR and MTBF by service, category, severity and month; recurring factors; open action items.",
        discussion: """
            Folders are searched for incident logs (.md, .markdown, .json; Slack export folders). A Markdown \
            report drafted by Hindsight counts through the log it was drafted from when that log is among the \
            inputs, and is skipped with a note otherwise. MTTR is the mean time to resolve: from detection to \
            resolution. Overdue action items are counted against --as-of, by default the latest closure date \
            among the incidents, never today's date, so the same inputs give the same output.
            """)

    @Argument(help: ArgumentHelp("Folders of incident logs, or log files.", valueName: "input"))
    var inputs: [String]

    @Flag(help: "Print the trends as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write the trends as a standalone HTML page with charts.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Count action items due before this date (YYYY-MM-DD) as overdue; default: the latest closure date among the incidents.", valueName: "date"))
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
        let templates = try template.load()
        let documents = try FolderInputs.documents(inputs)
        let zone = timezone.flatMap(ZoneNames.resolve)
        Console.progress("hindsight: reading \(documents.count) input\(documents.count == 1 ? "" : "s")…")
        let collection = RetrospectiveCollection.gather(
            documents, reading: ReadingOptions(timeZone: zone), reconstruction: ReconstructionOptions(timeZone: zone))
        var diagnostics = collection.diagnostics
        for retrospective in collection.retrospectives where retrospective.reconstruction == nil {
            if let report = retrospective.report {
                diagnostics.append(Diagnostic(.note, "skipped: a report drafted by Hindsight whose log is not beside it; trends count logs", at: SourceLocation(file: report.name)))
            }
        }
        Console.print(diagnostics)
        let trends = IncidentTrends(collection: collection, asOf: asOf.flatMap(CalendarDate.init))
        guard !trends.incidents.isEmpty else {
            throw CommandFailure.invalid("hindsight: error: no incident could be read from \(inputs.joined(separator: ", "))")
        }
        if let html {
            try Files.write(TrendsPage.html(trends, options: TrendsPage.Options(templates: templates)), to: html)
        }
        if json {
            Console.output(String(decoding: TrendsDocument.json(trends, diagnostics: diagnostics), as: UTF8.self))
        } else {
            Console.output(TrendsSummary.text(trends))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            throw CommandFailure.invalid("hindsight: \(errors) error\(errors == 1 ? "" : "s"); the inputs with errors are not counted")
        }
    }
}
