import Foundation
import Hindsight

/// `hindsight check --format github`: one GitHub Actions workflow command per finding
/// (`::error file=…,line=…,col=…,title=…::message`), so findings show on the lines of
/// a pull request.
enum GitHubAnnotations {
    static func text(_ findings: [CheckFinding]) -> String {
        findings.map(line).joined()
    }

    static func line(_ finding: CheckFinding) -> String {
        let command = switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        var properties = ["file=" + property(ReportPaths.relative(finding.location.file))]
        if let line = finding.location.line {
            properties.append("line=\(line)")
            if let column = finding.location.column { properties.append("col=\(column)") }
        }
        properties.append("title=" + property("hindsight \(finding.rule.rawValue)"))
        var message = finding.message
        if let path = finding.location.path, finding.location.line == nil { message = "\(path): " + message }
        if let suggestion = finding.suggestion { message += "; " + suggestion }
        return "::\(command) \(properties.joined(separator: ","))::\(data(message))\n"
    }

    /// Escapes a message: `%`, carriage return and line feed.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value: as a message, plus `:` and `,`.
    static func property(_ text: String) -> String {
        data(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}

/// File names in machine-read reports: relative to the current folder when inside it,
/// without a leading `./`.
enum ReportPaths {
    static func relative(_ path: String) -> String {
        var path = path
        if path.hasPrefix("/") { path = ConfigurationLookup.relativeIfInside((path as NSString).standardizingPath) }
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    /// A relative path as a URI reference: each segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;?#[]@")
        let relative = relative(path)
        let encoded = relative.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
        return relative.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

/// `hindsight check --format sarif`: the findings as a SARIF 2.1.0 log, the format
/// code-scanning tools (GitHub code scanning, IDE viewers) read.
enum SARIFReport {
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    static func json(_ findings: [CheckFinding]) throws(CommandFailure) -> Data {
        let rules = CheckRule.allCases
        let results: [[String: Any]] = findings.map { finding in
            var result: [String: Any] = [
                "ruleId": finding.rule.rawValue,
                "ruleIndex": rules.firstIndex(of: finding.rule) ?? 0,
                "level": level(finding.severity),
                "message": ["text": finding.message + (finding.suggestion.map { "; " + $0 } ?? "")],
            ]
            var physical: [String: Any] = ["artifactLocation": ["uri": ReportPaths.uri(finding.location.file)]]
            if let line = finding.location.line {
                var region: [String: Any] = ["startLine": line]
                if let column = finding.location.column { region["startColumn"] = column }
                physical["region"] = region
            }
            var location: [String: Any] = ["physicalLocation": physical]
            if let path = finding.location.path {
                location["logicalLocations"] = [["fullyQualifiedName": path, "kind": "member"]]
            }
            result["locations"] = [location]
            return result
        }
        let log: [String: Any] = [
            "$schema": schema,
            "version": "2.1.0",
            "runs": [[
                "tool": [
                    "driver": [
                        "name": "hindsight",
                        "version": HindsightVersion.current,
                        "semanticVersion": HindsightVersion.current,
                        "rules": rules.map { rule in
                            [
                                "id": rule.rawValue,
                                "shortDescription": ["text": rule.summary],
                                "defaultConfiguration": ["level": level(rule.defaultSeverity)],
                            ] as [String: Any]
                        },
                    ] as [String: Any],
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ] as [String: Any]],
        ]
        do {
            return try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .invalid("hindsight: error: cannot encode the SARIF log: \(error)")
        }
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}

extension CheckRule {
    /// One sentence for SARIF's `shortDescription`.
    var summary: String {
        switch self {
        case .blamePerson: "A person is written as the cause of a failure."
        case .blameHumanError: "Human, operator or user error is named as a cause."
        case .blameShouldHave: "A hindsight judgement: should have, could have prevented."
        case .blameJudgement: "A word that judges a person, such as careless or negligent."
        case .blameFault: "Fault is assigned."
        case .blameBlame: "Blame is assigned."
        case .blameMistakeBy: "A mistake is attributed to someone."
        case .blameRootCausePerson: "A person is named as the root cause."
        case .blameCustom: "A word or phrase from the team's own blaming list."
        case .actionOwner: "An action item has no owner."
        case .actionDue: "An open action item has no due date."
        case .timelineOrder: "A timeline entry is earlier than the one before it."
        case .timelineZone: "Timeline times have no time zone."
        case .sectionEmpty: "A section has nothing under its heading."
        case .sectionPrompt: "A prompt left for the review meeting is not filled in."
        case .inputEmpty: "The file is empty."
        case .inputBinary: "The file is binary or not UTF-8 text."
        case .inputJSON: "The JSON file does not parse."
        case .inputUnsupported: "The input is not a file."
        case .inputTooLong: "A line or text is too long to check."
        }
    }

    /// The severity the rule reports at (blame in quoted speech is lowered to a warning).
    var defaultSeverity: Diagnostic.Severity {
        switch family {
        case "blame", "input": .error
        default: .warning
        }
    }
}
