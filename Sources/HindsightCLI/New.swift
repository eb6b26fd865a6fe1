import ArgumentParser
import Foundation
import Hindsight

/// `hindsight new`: starts an incident log to fill in during the incident.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new incident log: front matter, an empty timeline for today, and the usual sections.",
        discussion: """
            The id is INC-YYYYMMDD-HHMM from the current time in the log's zone (--timezone, else the \
            configuration's timezone, else UTC). This is the only command that reads the clock; --now fixes the \
            time for scripts and tests. Without -o the file is named YYYY-MM-DD-title.md in the current folder. \
            An existing file is never overwritten.
            """)

    @Argument(help: ArgumentHelp("The incident's title.", valueName: "title"))
    var title: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: YYYY-MM-DD-title.md).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The severity, as your scale names it (SEV1, P2, high).", valueName: "severity"))
    var severity: String?

    @Option(help: ArgumentHelp("The zone the timeline is written in (IANA name, abbreviation or offset).", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("Use this time (ISO-8601 with a zone) instead of the clock.", valueName: "instant"))
    var now: String?

    @OptionGroup var configurationArguments: ConfigurationArguments

    func validate() throws {
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("give the incident a title") }
        if let timezone, ZoneNames.resolve(timezone) == nil {
            throw ValidationError("unknown time zone '\(timezone)'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)")
        }
        if let now, Instants.parseISO8601(now, defaultZone: nil) == nil {
            throw ValidationError("'\(now)' is not an ISO-8601 instant with a zone, such as 2026-03-04T10:00:00Z")
        }
    }

    func run() throws {
        let configuration = try configurationArguments.load(for: output.map { [$0] } ?? []).configuration
        let zone = timezone.flatMap(ZoneNames.resolve) ?? configuration.timeZone ?? .utc
        // The one place Hindsight reads the clock: a new log is stamped with when it was started.
        let instant = now.flatMap { Instants.parseISO8601($0, defaultZone: nil) } ?? Date()
        let skeleton = IncidentLogSkeleton(title: title, severity: severity, zone: zone, instant: instant)
        let path = output ?? skeleton.fileName
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.invalid("\(path): error: already exists; choose another name with -o")
        }
        try Files.write(skeleton.markdown, to: path)
        Console.output(path + "\n")
    }
}

/// The Markdown of a new incident log, in the native format the readers accept.
struct IncidentLogSkeleton {
    var title: String
    var severity: String?
    var zone: NamedZone
    var date: CalendarDate
    var minutes: Int

    init(title: String, severity: String?, zone: NamedZone, instant: Date) {
        self.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        self.severity = severity
        self.zone = zone
        let (date, seconds) = Instants.wallClock(instant, in: zone.zone)
        self.date = date
        minutes = seconds / 60
    }

    /// `INC-20260304-0300`.
    var id: String {
        String(format: "INC-%04d%02d%02d-%02d%02d", date.year, date.month, date.day, minutes / 60, minutes % 60)
    }

    /// `2026-03-04-checkout-errors-after-deploy.md`.
    var fileName: String {
        var slug = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return "\(date)-\(slug.prefix(60)).md".replacingOccurrences(of: "-.md", with: ".md")
    }

    var markdown: String {
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        return """
            ---
            title: \(Self.yamlString(title))
            id: \(id)
            severity: \(severity.map(Self.yamlString) ?? "SEV3   # your scale: SEV1..SEV4, P1..P4, high/medium/low")
            timezone: \(Self.yamlString(zone.name))
            date: \(date)
            status: investigating
            services: []
            # roles: {commander: NAME, communications: NAME, on-call: NAME}
            ---

            ## Summary

            <!-- What happened, in two or three sentences, once it is known. -->

            ## Impact

            <!-- Who was affected, how, and for how long. -->

            ## Timeline

            ### \(date)

            <!-- - \(time) [detected] What was noticed, and how (alert, report, dashboard). Tags: [impact] [detected] [ack] [declared] [identified] [mitigated] [resolved] -->

            ## Action items

            <!-- - [ ] What will change (owner: NAME, due: YYYY-MM-DD) -->

            """
    }

    /// A YAML scalar: plain when safe, double-quoted otherwise.
    static func yamlString(_ text: String) -> String {
        let special = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`")
        let plain = !text.isEmpty && text.rangeOfCharacter(from: special) == nil && !text.hasPrefix("-") && !text.hasPrefix("?")
            && text == text.trimmingCharacters(in: .whitespaces)
            && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil
        if plain { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\x%02X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"\(escaped)\""
    }
}
