import ArgumentParser
import Foundation
import Hindsight

/// Options shared by the commands that read incident logs.
struct ReadingArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Incident logs: Markdown or JSON files, tool exports, or a Slack export folder.", valueName: "input"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Time zone for times written without one, when the log names none (IANA name, abbreviation or offset).", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("Date (YYYY-MM-DD) for timelines that give only times, or the year for month-day dates.", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Read the inputs as this format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var from: String?

    @Option(help: ArgumentHelp("Select one incident of an input that holds several (id, number or part of the title).", valueName: "id"))
    var incident: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var configuration: ConfigurationArguments

    func validate() throws {
        if let timezone, ZoneNames.resolve(timezone) == nil {
            throw ValidationError("unknown time zone '\(timezone)'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)")
        }
        if let date, CalendarDate(date) == nil {
            throw ValidationError("'\(date)' is not a date; use YYYY-MM-DD")
        }
        if let from, InputFormat(rawValue: from) == nil {
            throw ValidationError("unknown format '\(from)'; use one of: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The `.hindsight.yml` for these inputs (or `--config`), its diagnostics printed.
    func loadConfiguration() throws(CommandFailure) -> HindsightConfiguration {
        try configuration.load(for: inputs, strict: strict).configuration
    }

    /// `--timezone` wins over the configuration's `timezone:`.
    func readingOptions(_ configuration: HindsightConfiguration = HindsightConfiguration()) -> ReadingOptions {
        ReadingOptions(
            timeZone: timezone.flatMap(ZoneNames.resolve) ?? configuration.timeZone,
            date: date.flatMap(CalendarDate.init),
            format: from.flatMap(InputFormat.init(rawValue:)),
            incident: incident)
    }

    /// The reconstruction options for one incident: the command line first, then the
    /// configuration (its measures, thresholds and the cadence of the log's severity).
    func reconstructionOptions(for log: IncidentLog, _ configuration: HindsightConfiguration = HindsightConfiguration()) -> ReconstructionOptions {
        configuration.reconstructionOptions(
            severity: log.metadata.severity, base: ReconstructionOptions(timeZone: timezone.flatMap(ZoneNames.resolve)))
    }

    /// Reads every input, prints diagnostics, and returns the incidents read, with the
    /// configuration's defaults (SLA of the severity, SLO, cost per hour, currency)
    /// filled in where a log has none. Errors (or warnings with `--strict`) end the
    /// command with exit status 1.
    func readIncidents(_ configuration: HindsightConfiguration = HindsightConfiguration()) throws(CommandFailure) -> (logs: [IncidentLog], diagnostics: [Diagnostic]) {
        var documents: [InputDocument] = []
        var progress = ProgressCounter("reading", total: inputs.count)
        for path in inputs {
            progress.step(path)
            documents.append(try Files.input(path))
        }
        let bytes = documents.reduce(0) { total, document in
            switch document.content {
            case .file(let data): total + data.count
            case .folder(let files): total + files.values.reduce(0) { $0 + $1.count }
            }
        }
        var options = readingOptions(configuration)
        if bytes >= 4 * 1_048_576 {
            Console.progress("hindsight: reading \(bytes / 1_048_576) MiB of incident records…")
            // cmark's tree of a long log, freed once copied, goes back to the system
            // before the entries are read (the peak of reading).
            options.treeFreed = Memory.returnFreed
        }
        let result = IncidentSources.read(consume documents, options: options)
        progress.finish()
        try check(result.diagnostics)
        guard !result.logs.isEmpty else {
            throw .invalid("hindsight: error: no incident could be read from \(inputs.joined(separator: ", "))")
        }
        return (result.logs.map(configuration.applyingDefaults(to:)), result.diagnostics)
    }

    /// Prints diagnostics; fails with exit status 1 on errors, or on warnings with `--strict`.
    func check(_ diagnostics: [Diagnostic]) throws(CommandFailure) {
        Console.print(diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors > 0 {
            throw .invalid("hindsight: \(errors) error\(errors == 1 ? "" : "s"); nothing was written")
        }
        if strict && warnings > 0 {
            throw .invalid("hindsight: \(warnings) warning\(warnings == 1 ? "" : "s") with --strict; nothing was written")
        }
    }
}

/// Where report templates come from.
struct TemplateArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of templates overriding the built-in ones (see 'hindsight templates export').", valueName: "folder"))
    var templates: String?

    func load() throws(CommandFailure) -> ReportTemplates {
        guard let folder = templates else { return .bundled }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .usage("hindsight: error: \(folder): no such templates folder")
        }
        var overrides: [String: String] = [:]
        for (file, _) in ReportTemplates.defaultSources {
            let path = (folder as NSString).appendingPathComponent(file)
            if FileManager.default.fileExists(atPath: path) {
                overrides[file] = try Files.text(path)
            }
        }
        do {
            return try ReportTemplates(overrides: overrides, folder: folder)
        } catch {
            throw .invalid(error.diagnostic.formatted)
        }
    }
}

/// Chooses the incidents to work on when an input holds several.
func selectSingle(_ logs: [IncidentLog], inputs: [String]) throws(CommandFailure) -> IncidentLog {
    if logs.count == 1, let log = logs.first { return log }
    var message = "hindsight: error: \(inputs.joined(separator: ", ")) holds \(logs.count) incidents; choose one with --incident, or pass --each to draft every one:"
    for (index, log) in logs.enumerated() {
        message += "\n  \(index + 1). " + (log.metadata.id.map { "\($0): " } ?? "") + (log.metadata.title ?? "untitled")
    }
    throw .usage(message)
}
