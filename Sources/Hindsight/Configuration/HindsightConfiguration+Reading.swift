import Foundation
import Yams

extension HindsightConfiguration {
    /// Configuration text larger than this is refused unread.
    public static let maximumSize = 256 * 1024

    /// Reads a configuration from YAML text. `file` names it in diagnostics.
    ///
    /// Never throws or traps: malformed YAML, anchors and aliases, values of the wrong
    /// kind are errors, and unknown keys are warnings, each at its `file:line:col`. A
    /// value in error is left out and its default kept, so the caller decides whether
    /// to go on.
    public static func read(yaml: String, file: String) -> (configuration: HindsightConfiguration, diagnostics: [Diagnostic]) {
        var reader = ConfigurationReader(file: file)
        let configuration = reader.read(yaml)
        return (configuration, reader.diagnostics)
    }
}

/// Walks the YAML tree of a configuration, key by key, collecting diagnostics.
struct ConfigurationReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Keys are compared without case, `_` or `-`: `cost_per_hour`, `costPerHour`, `cost-per-hour`.
    static func normalised(_ key: String) -> String {
        key.lowercased().filter { $0 != "_" && $0 != "-" }
    }

    mutating func read(_ yaml: String) -> HindsightConfiguration {
        var configuration = HindsightConfiguration()
        guard yaml.utf8.count <= HindsightConfiguration.maximumSize else {
            diagnostics.append(Diagnostic(
                .error, "the configuration is larger than \(HindsightConfiguration.maximumSize / 1024) KiB",
                at: SourceLocation(file: file, line: 1, column: 1)))
            return configuration
        }
        if let refusal = FrontMatterSafety.check(Substring(yaml), in: "the configuration") {
            diagnostics.append(Diagnostic(.error, refusal.message, at: SourceLocation(file: file, line: refusal.line, column: refusal.column)))
            return configuration
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, file: file))
            return configuration
        } catch {
            diagnostics.append(Diagnostic(.error, "the configuration is not valid YAML", at: SourceLocation(file: file, line: 1, column: 1)))
            return configuration
        }
        guard let root, !isNull(root) else { return configuration }
        guard let top = mapping(root, "the configuration") else { return configuration }
        for (keyNode, value) in top {
            guard let key = keyName(keyNode) else { continue }
            // `slo:` with nothing after it, as a half-filled template has: not set.
            if isNull(value) { continue }
            switch Self.normalised(key) {
            case "timezone", "reporttimezone":
                if let name = text(value, key) {
                    if let zone = ZoneNames.resolve(name) {
                        configuration.timeZone = zone
                    } else {
                        error("unknown time zone '\(name)'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)", value)
                    }
                }
            case "severities", "severityscale":
                configuration.severities = severities(value, key)
            case "slo":
                if let slo = text(value, key) {
                    if ServiceTargets.slo(slo) != nil {
                        configuration.slo = slo
                    } else {
                        error("cannot read the SLO '\(slo)'; write it like `99.9% over 30d`", value)
                    }
                }
            case "costperhour":
                if let number = number(value, key) { configuration.costPerHour = number }
            case "currency":
                if let currency = text(value, key) {
                    if currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                        configuration.currency = currency
                    } else {
                        error("`currency` must be a three-letter ISO 4217 code such as EUR or USD", value)
                    }
                }
            case "communication":
                guard let section = mapping(value, key) else { continue }
                for (innerKey, innerValue) in section {
                    guard let name = keyName(innerKey) else { continue }
                    switch Self.normalised(name) {
                    case "updateevery", "updatecadence", "cadence":
                        configuration.updateEverySeconds = duration(innerValue, "communication.\(name)")
                    default:
                        unknown("communication.\(name)", expected: ["update_every"], innerKey)
                    }
                }
            case "measures":
                configuration.measures = measures(value, key)
            case "thresholds":
                guard let section = mapping(value, key) else { continue }
                for (innerKey, innerValue) in section {
                    guard let name = keyName(innerKey) else { continue }
                    let path = "thresholds.\(name)"
                    switch Self.normalised(name) {
                    case "latedetection": configuration.lateDetectionSeconds = duration(innerValue, path)
                    case "lateescalation": configuration.lateEscalationSeconds = duration(innerValue, path)
                    case "silence", "silencegap": configuration.silenceSeconds = duration(innerValue, path)
                    default: unknown(path, expected: ["late_detection", "late_escalation", "silence"], innerKey)
                    }
                }
            case "check":
                readCheck(value, into: &configuration)
            case "publish":
                configuration.publish = publish(value)
            default:
                unknown(key, expected: [
                    "timezone", "severities", "slo", "cost_per_hour", "currency", "communication", "measures",
                    "thresholds", "check", "publish",
                ], keyNode)
            }
        }
        return configuration
    }

    // MARK: - Sections

    private mutating func severities(_ node: Node, _ name: String) -> [HindsightConfiguration.SeverityLevel] {
        var levels: [HindsightConfiguration.SeverityLevel] = []
        if let sequence = node.sequence {
            // A bare scale: [SEV1, SEV2, SEV3].
            for item in sequence {
                if let level = text(item, "\(name)[]") { levels.append(HindsightConfiguration.SeverityLevel(name: level)) }
            }
            return levels
        }
        guard let entries = mapping(node, name) else { return [] }
        for (keyNode, value) in entries {
            guard let levelName = keyName(keyNode) else { continue }
            var level = HindsightConfiguration.SeverityLevel(name: levelName)
            if levels.contains(where: { $0.matches(levelName) }) {
                error("severity '\(levelName)' is listed twice", keyNode)
                continue
            }
            if !isNull(value), let settings = mapping(value, "\(name).\(levelName)") {
                for (settingKey, settingValue) in settings {
                    guard let setting = keyName(settingKey) else { continue }
                    let path = "\(name).\(levelName).\(setting)"
                    switch Self.normalised(setting) {
                    case "sla":
                        if let sla = text(settingValue, path) {
                            if let seconds = ServiceTargets.seconds(in: sla), seconds > 0 {
                                level.sla = sla
                                level.slaSeconds = seconds
                            } else {
                                error("cannot read the SLA '\(sla)'; write a duration such as 4h or `resolve within 4h`", settingValue)
                            }
                        }
                    case "updateevery", "updatecadence", "cadence":
                        level.updateEverySeconds = duration(settingValue, path)
                    case "aliases", "alias":
                        level.aliases = strings(settingValue, path) ?? []
                    case "description":
                        level.description = text(settingValue, path)
                    default:
                        unknown(path, expected: ["sla", "update_every", "aliases", "description"], settingKey)
                    }
                }
            }
            levels.append(level)
        }
        return levels
    }

    private mutating func measures(_ node: Node, _ name: String) -> [MeasureDefinition] {
        var measures = MeasureDefinition.defaults
        guard let entries = mapping(node, name) else { return measures }
        for (keyNode, value) in entries {
            guard let key = keyName(keyNode) else { continue }
            let path = "\(name).\(key)"
            let existing = measures.firstIndex { $0.key == key }
            if value.scalar != nil, value.bool == false {
                error("measures cannot be turned off: every built-in measure stays in reports and `analyze --json`; redefine it with `from:` and `to:`", value)
                continue
            }
            guard let settings = mapping(value, path) else { continue }
            var title = existing.map { measures[$0].title } ?? Self.title(forKey: key)
            var from: [MilestoneKind]? = nil
            var to: [MilestoneKind]? = nil
            var written = (from: false, to: false)
            for (settingKey, settingValue) in settings {
                guard let setting = keyName(settingKey) else { continue }
                switch Self.normalised(setting) {
                case "title": title = text(settingValue, "\(path).\(setting)") ?? title
                case "from":
                    written.from = true
                    from = milestones(settingValue, "\(path).\(setting)")
                case "to":
                    written.to = true
                    to = milestones(settingValue, "\(path).\(setting)")
                default: unknown("\(path).\(setting)", expected: ["title", "from", "to"], settingKey)
                }
            }
            let startPoints = from ?? existing.map { measures[$0].from }
            let endPoints = to ?? existing.map { measures[$0].to }
            guard let startPoints, let endPoints, !startPoints.isEmpty, !endPoints.isEmpty else {
                if existing == nil && (!written.from || !written.to) {
                    error("measure '\(key)' needs `from:` and `to:` milestones, such as {from: [detected], to: [resolved]}", keyNode)
                }
                continue
            }
            let definition = MeasureDefinition(key: key, title: title, from: startPoints, to: endPoints)
            if let existing { measures[existing] = definition } else { measures.append(definition) }
        }
        return measures
    }

    private mutating func milestones(_ node: Node, _ path: String) -> [MilestoneKind]? {
        guard let names = strings(node, path) else { return nil }
        var kinds: [MilestoneKind] = []
        for (index, name) in names.enumerated() {
            guard let kind = MilestoneKind(tag: name) else {
                let known = MilestoneKind.allCases.map(\.rawValue).joined(separator: ", ")
                error("unknown milestone '\(name)' in `\(path)`; use one of: \(known)", node.sequence?[index] ?? node)
                return nil
            }
            kinds.append(kind)
        }
        return kinds.isEmpty ? nil : kinds
    }

    /// `timeToFirstUpdate` → "Time to first update".
    static func title(forKey key: String) -> String {
        var words: [String] = []
        var current = ""
        for character in key {
            if character == "_" || character == "-" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, !current.isEmpty {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        let sentence = words.map { $0.lowercased() }.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }

    private mutating func readCheck(_ node: Node, into configuration: inout HindsightConfiguration) {
        guard let section = mapping(node, "check") else { return }
        for (keyNode, value) in section {
            guard let key = keyName(keyNode) else { continue }
            let path = "check.\(key)"
            switch Self.normalised(key) {
            case "blamingphrases", "blamingwords":
                configuration.blamingPhrases = strings(value, path) ?? []
            case "allowedwords", "allowedphrases":
                configuration.allowedWords = strings(value, path) ?? []
            case "disabledrules", "disable":
                guard let rules = strings(value, path) else { continue }
                let families = Set(CheckRule.allCases.map(\.family))
                for (index, rule) in rules.enumerated() {
                    let name = rule.lowercased()
                    if name != "all" && CheckRule(rawValue: name) == nil && !families.contains(name) {
                        warn("unknown rule '\(rule)' in `\(path)`; use a rule id (blame.fault), a family (action) or all", value.sequence?[index] ?? value)
                    }
                }
                configuration.disabledRules = rules
            default:
                unknown(path, expected: ["blaming_phrases", "allowed_words", "disabled_rules"], keyNode)
            }
        }
    }

    /// The `publish:` shape that `hindsight publish --public` reads.
    private mutating func publish(_ node: Node) -> HindsightConfiguration.PublishSettings {
        var settings = HindsightConfiguration.PublishSettings()
        guard let section = mapping(node, "publish") else { return settings }
        for (keyNode, value) in section {
            guard let key = keyName(keyNode) else { continue }
            guard Self.normalised(key) == "public" else {
                unknown("publish.\(key)", expected: ["public"], keyNode)
                continue
            }
            guard let publicSettings = mapping(value, "publish.public") else { continue }
            for (innerKey, innerValue) in publicSettings {
                guard let name = keyName(innerKey) else { continue }
                switch Self.normalised(name) {
                case "dropsections":
                    settings.dropSections = strings(innerValue, "publish.public.\(name)")
                case "redact":
                    guard let redact = mapping(innerValue, "publish.public.redact") else { continue }
                    for (redactKey, redactValue) in redact {
                        guard let what = keyName(redactKey) else { continue }
                        let path = "publish.public.redact.\(what)"
                        switch Self.normalised(what) {
                        case "names": settings.redactNames = strings(redactValue, path)
                        case "hosts": settings.redactHosts = strings(redactValue, path)
                        case "emails", "emailaddresses": settings.redactEmails = flag(redactValue, path)
                        case "ipaddresses", "ips", "addresses": settings.redactIPAddresses = flag(redactValue, path)
                        default: unknown(path, expected: ["names", "hosts", "emails", "ip_addresses"], redactKey)
                        }
                    }
                default:
                    unknown("publish.public.\(name)", expected: ["drop_sections", "redact"], innerKey)
                }
            }
        }
        return settings
    }

    // MARK: - Values

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private mutating func keyName(_ node: Node) -> String? {
        guard node.scalar != nil, let key = node.string, !key.isEmpty else {
            error("a key must be plain text", node)
            return nil
        }
        return key
    }

    private mutating func mapping(_ node: Node, _ name: String) -> Node.Mapping? {
        if let mapping = node.mapping { return mapping }
        error("`\(name)` must be a mapping of `key: value` lines", node)
        return nil
    }

    private mutating func text(_ node: Node, _ name: String) -> String? {
        guard node.scalar != nil, !isNull(node), let text = node.string else {
            error("`\(name)` must be text", node)
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            error("`\(name)` is empty", node)
            return nil
        }
        return trimmed
    }

    private mutating func strings(_ node: Node, _ name: String) -> [String]? {
        if let sequence = node.sequence {
            var values: [String] = []
            for item in sequence {
                if let value = text(item, name) { values.append(value) }
            }
            return values
        }
        if node.scalar != nil, !isNull(node), let value = node.string, !value.isEmpty { return [value] }
        error("`\(name)` must be a list, such as [a, b]", node)
        return nil
    }

    private mutating func flag(_ node: Node, _ name: String) -> Bool? {
        if node.scalar != nil, let value = node.bool { return value }
        error("`\(name)` must be true or false", node)
        return nil
    }

    private mutating func number(_ node: Node, _ name: String) -> Double? {
        guard node.scalar != nil, let value = node.float ?? node.int.map(Double.init), value.isFinite, value >= 0 else {
            error("`\(name)` must be a number of zero or more, such as 12000", node)
            return nil
        }
        return value
    }

    private mutating func duration(_ node: Node, _ name: String) -> Int? {
        guard let value = text(node, name) else { return nil }
        guard let seconds = ServiceTargets.seconds(in: value), seconds > 0 else {
            error("`\(name)` must be a duration with a unit, such as 30m, 4h or 1d", node)
            return nil
        }
        return seconds
    }

    // MARK: - Diagnostics

    private func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column))
    }

    private mutating func error(_ message: String, _ node: Node) {
        diagnostics.append(Diagnostic(.error, message, at: location(node)))
    }

    private mutating func warn(_ message: String, _ node: Node) {
        diagnostics.append(Diagnostic(.warning, message, at: location(node)))
    }

    private mutating func unknown(_ key: String, expected: [String], _ node: Node) {
        warn("unknown key '\(key)' (ignored); expected one of: \(expected.joined(separator: ", "))", node)
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        let (problem, mark) = YAMLErrors.describe(error)
        let location = mark.map { SourceLocation(file: file, line: max(1, $0.line), column: max(1, $0.column)) }
            ?? SourceLocation(file: file, line: 1, column: 1)
        return Diagnostic(.error, "the configuration is not valid YAML: \(problem)", at: location)
    }
}
