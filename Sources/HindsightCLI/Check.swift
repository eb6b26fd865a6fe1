import ArgumentParser
import Foundation
import Hindsight

/// `hindsight check`: lint incident logs and retrospective reports, for CI.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check incident logs and reports for blaming language, unowned action items, timeline problems and empty sections.",
        discussion: """
            Folders are searched for *.md and *.json files. Findings are printed as file:line:col: severity: message [rule]; \
            silence one on its line with <!-- hindsight-check: allow RULE --> (or allow-next-line). \
            --format github prints GitHub Actions annotations, --format sarif a SARIF 2.1.0 log for code scanning. \
            Word lists and disabled rules come from the check: section of .hindsight.yml. \
            Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error or unreadable file. See docs/check.md.
            """)

    /// How findings are printed.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, github, sarif
    }

    @Argument(help: ArgumentHelp("Incident logs and reports (Markdown or JSON), or folders holding them.", valueName: "file"))
    var inputs: [String]

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("Output format: text (compiler-style lines on standard error), json (an array on standard output), github (GitHub Actions workflow commands on standard output) or sarif (a SARIF 2.1.0 log on standard output).", valueName: "format"))
    var format: Format = .text

    @OptionGroup var configuration: ConfigurationArguments

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one file or folder to check") }
    }

    func run() throws {
        let files = try CheckInputs.files(inputs)
        let options = try configuration.load(for: inputs, strict: strict).configuration.checkOptions
        var findings: [CheckFinding] = []
        var progress = ProgressCounter("checking", total: files.count)
        for file in files {
            progress.step(file)
            let document = InputDocument(name: file, content: .file(try Files.read(file)))
            findings += IncidentChecker.findings(in: document, options: options)
        }
        progress.finish()
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        switch format {
        case .text:
            Console.print(findings.map(\.diagnostic))
        case .json:
            Console.output(String(decoding: try CheckReport.json(findings), as: UTF8.self) + "\n")
        case .github:
            Console.output(GitHubAnnotations.text(findings))
        case .sarif:
            Console.output(String(decoding: try SARIFReport.json(findings), as: UTF8.self) + "\n")
        }
        let summary = "\(count(errors, "error")), \(count(warnings, "warning")) in \(count(files.count, "file"))"
        if errors > 0 || (strict && warnings > 0) {
            throw CommandFailure.invalid(summary + (errors == 0 ? " (warnings fail with --strict)" : ""))
        }
        Console.error(summary)
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// The files `hindsight check` reads: files as given, folders searched for Markdown and JSON.
enum CheckInputs {
    static let extensions: Set<String> = ["md", "markdown", "json"]

    /// Every file to check, in a stable order: arguments in the order given, each
    /// folder's files sorted by path. Hidden files and folders are skipped.
    static func files(_ arguments: [String]) throws(CommandFailure) -> [String] {
        var files: [String] = []
        for path in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .usage("hindsight: error: \(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let url = URL(fileURLWithPath: path)
            guard let enumerator = FileManager.default.enumerator(
                at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else {
                throw .usage("hindsight: error: \(path): cannot list the folder")
            }
            var found: [String] = []
            let base = url.standardizedFileURL.path
            for case let file as URL in enumerator where extensions.contains(file.pathExtension.lowercased()) {
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                // Name it as the user would: the folder as given, then the path inside it.
                let full = file.standardizedFileURL.path
                let relative = full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : file.lastPathComponent
                found.append((path as NSString).appendingPathComponent(relative))
            }
            guard !found.isEmpty else {
                throw .usage("hindsight: error: \(path): the folder holds no .md or .json files")
            }
            files += found.sorted()
        }
        return files
    }
}

/// The JSON form of the findings: an array of objects with `file`, `line`, `column`,
/// `path`, `severity`, `rule`, `message` and `suggestion` (null when unknown).
enum CheckReport {
    struct Entry: Encodable {
        var finding: CheckFinding

        enum CodingKeys: String, CodingKey {
            case file, line, column, path, severity, rule, message, suggestion
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(finding.location.file, forKey: .file)
            try container.encode(finding.location.line, forKey: .line)
            try container.encode(finding.location.column, forKey: .column)
            try container.encode(finding.location.path, forKey: .path)
            try container.encode(finding.severity.rawValue, forKey: .severity)
            try container.encode(finding.rule.rawValue, forKey: .rule)
            try container.encode(finding.message, forKey: .message)
            try container.encode(finding.suggestion, forKey: .suggestion)
        }
    }

    static func json(_ findings: [CheckFinding]) throws(CommandFailure) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(findings.map(Entry.init))
        } catch {
            throw .invalid("hindsight: error: cannot encode the findings: \(error)")
        }
    }
}
