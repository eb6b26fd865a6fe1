import Foundation
import Testing
@testable import Hindsight

/// Reading `.hindsight.yml` text: every key, the diagnostics with their positions, and
/// what a configuration changes in a reconstruction and a check.
@Suite struct HindsightConfigurationTests {
    static let complete = """
        timezone: Europe/Berlin
        severities:
          SEV1:
            sla: 4h
            update_every: 15m
            aliases: [P1, critical]
            description: Customers cannot buy.
          SEV2: {sla: resolve within 8h, update_every: 1h}
          SEV3: {}
        communication:
          update_every: 3h
        slo: 99.95% over 28d
        cost_per_hour: 12000
        currency: EUR
        measures:
          timeToResolve: {from: [impactStarted], to: [resolved]}
          timeToFirstUpdate: {title: Time to first update, from: [detected], to: [declared]}
          timeToDeclare: {title: Time to declare the incident}
        thresholds:
          late_detection: 10m
          late_escalation: 45m
          silence: 20m
        check:
          blaming_phrases: [dropped the ball]
          allowed_words: [Fault Line]
          disabled_rules: [timeline.zone, action]
        publish:
          public:
            drop_sections: [Responders and roles]
            redact:
              names: [Ariana Costa]
              hosts: ["*.internal"]
              emails: true
              ip_addresses: false
        """

    static func read(_ yaml: String) -> (HindsightConfiguration, [Diagnostic]) {
        let result = HindsightConfiguration.read(yaml: yaml, file: ".hindsight.yml")
        return (result.configuration, result.diagnostics)
    }

    @Test func readsEveryKey() throws {
        let (configuration, diagnostics) = Self.read(Self.complete)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(configuration.timeZone?.name == "Europe/Berlin")
        #expect(configuration.severities.map(\.name) == ["SEV1", "SEV2", "SEV3"])
        let first = try #require(configuration.severities.first)
        #expect(first.sla == "4h" && first.slaSeconds == 14_400)
        #expect(first.updateEverySeconds == 900)
        #expect(first.aliases == ["P1", "critical"])
        #expect(first.description == "Customers cannot buy.")
        #expect(configuration.severities[1].slaSeconds == 8 * 3600)
        #expect(configuration.severities[2].updateEverySeconds == nil)
        #expect(configuration.updateEverySeconds == 3 * 3600)
        #expect(configuration.slo == "99.95% over 28d")
        #expect(configuration.costPerHour == 12000)
        #expect(configuration.currency == "EUR")
        #expect(configuration.measures.map(\.key) == [
            "timeToDetect", "timeToAcknowledge", "timeToDeclare", "timeToMitigate", "timeToResolve", "impactDuration", "timeToFirstUpdate",
        ])
        let declare = try #require(configuration.measures.first { $0.key == "timeToDeclare" })
        #expect(declare.title == "Time to declare the incident" && declare.from == [.detected] && declare.to == [.declared])
        let resolve = try #require(configuration.measures.first { $0.key == "timeToResolve" })
        #expect(resolve.title == "Time to resolve" && resolve.from == [.impactStarted] && resolve.to == [.resolved])
        let update = try #require(configuration.measures.last)
        #expect(update.title == "Time to first update" && update.from == [.detected] && update.to == [.declared])
        #expect(configuration.lateDetectionSeconds == 600)
        #expect(configuration.lateEscalationSeconds == 2700)
        #expect(configuration.silenceSeconds == 1200)
        #expect(configuration.blamingPhrases == ["dropped the ball"])
        #expect(configuration.allowedWords == ["Fault Line"])
        #expect(configuration.disabledRules == ["timeline.zone", "action"])
        #expect(configuration.publish == HindsightConfiguration.PublishSettings(
            dropSections: ["Responders and roles"], redactNames: ["Ariana Costa"], redactHosts: ["*.internal"],
            redactEmails: true, redactIPAddresses: false))
    }

    @Test func keysInAnyCaseStyle() {
        let (configuration, diagnostics) = Self.read("costPerHour: 10\ncost-per-hour: 20\nCheck: {allowedWords: [x]}\n")
        #expect(diagnostics.isEmpty)
        #expect(configuration.costPerHour == 20)
        #expect(configuration.allowedWords == ["x"])
    }

    @Test func emptyTextIsTheDefaults() {
        for text in ["", "# only a comment\n", "~\n", "timezone:\nslo: ~\nseverities:\n"] {
            let (configuration, diagnostics) = Self.read(text)
            #expect(diagnostics.isEmpty)
            #expect(configuration == HindsightConfiguration())
        }
    }

    @Test func theInitTemplateReadsCleanlyAndKeepsTheDefaults() {
        let (configuration, diagnostics) = Self.read(HindsightConfiguration.template)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(configuration.severities.map(\.name) == ["SEV1", "SEV2", "SEV3", "SEV4"])
        #expect(configuration.measures == MeasureDefinition.defaults)
        // The template's cadence is the built-in one, rank by rank.
        let options = configuration.reconstructionOptions(severity: nil)
        #expect(options.updateCadenceSeconds == ReconstructionOptions().updateCadenceSeconds)
        // Every commented key, uncommented, still reads cleanly.
        let commentedKey = try! NSRegularExpression(pattern: "^(\\s*)# (\\s*[a-z_][A-Za-z_]*:(?: |$).*)$", options: [.anchorsMatchLines])
        let template = HindsightConfiguration.template
        let uncommented = commentedKey.stringByReplacingMatches(
            in: template, range: NSRange(template.startIndex..., in: template), withTemplate: "$1$2")
        #expect(uncommented != template)
        let (full, fullDiagnostics) = Self.read(uncommented)
        #expect(fullDiagnostics.isEmpty, "\(fullDiagnostics.map(\.formatted))\n\(uncommented)")
        #expect(full.timeZone?.name == "Europe/Berlin")
        #expect(full.severities.first?.sla == "4h")
        #expect(full.updateEverySeconds == 3600)
        #expect(full.costPerHour == 12000)
        #expect(full.measures.contains { $0.key == "timeToFirstUpdate" })
        #expect(full.lateEscalationSeconds == 1800)
        #expect(full.blamingPhrases == ["dropped the ball"])
        #expect(full.publish.redactEmails == true)
    }

    @Test func unknownKeysAreWarningsAtTheirLineAndColumn() {
        let (configuration, diagnostics) = Self.read("""
            timezone: UTC
            colour: blue
            severities:
              SEV1: {sla: 4h, urgency: high}
            thresholds:
              silence: 30m
              patience: 1h
            publish:
              public:
                redact: {phones: true}
            """)
        #expect(configuration.timeZone?.name == "UTC")
        #expect(configuration.silenceSeconds == 1800)
        #expect(diagnostics.map(\.severity) == [.warning, .warning, .warning, .warning])
        #expect(diagnostics.map { $0.location?.description ?? "" } == [
            ".hindsight.yml:2:1", ".hindsight.yml:4:19", ".hindsight.yml:7:3", ".hindsight.yml:10:14",
        ])
        #expect(diagnostics[0].message.hasPrefix("unknown key 'colour' (ignored); expected one of: timezone, severities"))
        #expect(diagnostics[1].message.contains("'severities.SEV1.urgency'"))
        #expect(diagnostics[3].message.contains("'publish.public.redact.phones'"))
    }

    @Test func badValuesAreErrorsAtTheValue() {
        let (configuration, diagnostics) = Self.read("""
            timezone: Mars/Olympus
            severities:
              SEV1: {sla: soon, update_every: 30}
              sev-1: {}
            slo: most of the time
            cost_per_hour: lots
            currency: euro
            measures:
              timeToFix: {from: [detected], to: [fixedish]}
              halfMeasure: {from: [detected]}
              timeToDeclare: false
            check:
              blaming_phrases: {a: b}
              disabled_rules: [blame.nonsense]
            publish:
              public:
                drop_sections: yes please
                redact: {emails: sometimes}
            thresholds: 5m
            """)
        let lines = diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.severity.rawValue)" }
        #expect(lines == [
            "1:11 error", "3:15 error", "3:35 error", "4:3 error", "5:6 error", "6:16 error", "7:11 error",
            "9:38 error", "10:3 error", "11:18 error", "13:20 error", "14:20 warning", "18:22 error", "19:13 error",
        ], "\(diagnostics.map(\.formatted).joined(separator: "\n"))")
        #expect(diagnostics[0].message.contains("unknown time zone 'Mars/Olympus'"))
        #expect(diagnostics[2].message.contains("duration with a unit"))
        #expect(diagnostics[3].message.contains("listed twice"))
        #expect(diagnostics[7].message.contains("unknown milestone 'fixedish'"))
        #expect(diagnostics[8].message.contains("needs `from:` and `to:`"))
        #expect(diagnostics[9].message.hasPrefix("measures cannot be turned off"))
        // Values in error keep their defaults.
        #expect(configuration.timeZone == nil && configuration.slo == nil && configuration.costPerHour == nil)
        #expect(configuration.measures == MeasureDefinition.defaults)
        #expect(configuration.severities.first?.slaSeconds == nil)
    }

    @Test func malformedYAMLAnchorsAndAliasesAreRefused() {
        let (_, malformed) = Self.read("severities:\n  SEV1: [unclosed\n")
        #expect(malformed.count == 1 && malformed[0].severity == .error)
        #expect(malformed[0].message.hasPrefix("the configuration is not valid YAML"))
        #expect(malformed[0].location?.line != nil)

        let (_, aliases) = Self.read("base: &base {sla: 4h}\nseverities:\n  SEV1: *base\n")
        #expect(aliases.count == 1)
        #expect(aliases[0].formatted == ".hindsight.yml:1:7: error: YAML anchors and aliases are not accepted in the configuration (found an anchor); write the value out")

        let (_, notAMapping) = Self.read("- a\n- b\n")
        #expect(notAMapping.map(\.formatted) == [".hindsight.yml:1:1: error: `the configuration` must be a mapping of `key: value` lines"])

        let (_, huge) = Self.read(String(repeating: "# x\n", count: 70_000))
        #expect(huge.first?.message.contains("larger than") == true)
    }

    @Test func neverTrapsOnOddInput() {
        for text in ["{", "]", ": :", "\u{0}", "severities: [[[]]]", "measures: {a: {from: [], to: []}}", "? [a]\n: b", "check: ~", String(repeating: "[", count: 500)] {
            _ = Self.read(text)
        }
    }

    // MARK: - Effects

    static let log = """
        ---
        title: Queue stalled
        severity: P1
        timezone: UTC
        ---

        ## Timeline

        ### 2026-03-04

        - 10:00 [impact] Order confirmations stop.
        - 10:20 [detected] Queue depth alert fires.
        - 10:25 [ack] On-call acknowledges.
        - 11:00 [declared] Incident declared.
        - 12:00 [mitigated] Consumers restarted.
        - 15:30 [resolved] Backlog drained.
        """

    static func reconstruct(_ configurationText: String?) throws -> Reconstruction {
        let read = IncidentSources.read([InputDocument(name: "log.md", text: log)])
        var incident = try #require(read.logs.first)
        var options = ReconstructionOptions()
        if let configurationText {
            let configuration = HindsightConfiguration.read(yaml: configurationText, file: "c.yml").configuration
            incident = configuration.applyingDefaults(to: incident)
            options = configuration.reconstructionOptions(severity: incident.metadata.severity)
        }
        return IncidentReconstructor.reconstruct(incident, options: options)
    }

    @Test func slaTargetMeasureAndCadenceChangeTheReconstruction() throws {
        let plain = try Self.reconstruct(nil)
        #expect(plain.serviceLevels.slaTargetSeconds == nil)
        #expect(plain.measure("timeToResolve")?.seconds == 5 * 3600 + 10 * 60)
        #expect(plain.communicationCadenceSeconds == 1800)

        let configured = try Self.reconstruct("""
            severities:
              SEV1: {sla: 4h, update_every: 10m, aliases: [P1]}
            measures:
              timeToResolve: {from: [impactStarted], to: [resolved]}
              timeToDeclareFromImpact: {from: [impactStarted], to: [declared]}
            slo: 99.9% over 30d
            cost_per_hour: 6000
            currency: EUR
            thresholds: {late_detection: 30m}
            """)
        #expect(configured.metadata.sla == "resolve within 4h")
        #expect(configured.serviceLevels.slaTargetSeconds == 4 * 3600)
        // Measured from the start of impact now: 10:00 → 15:30.
        #expect(configured.measure("timeToResolve")?.seconds == 5 * 3600 + 30 * 60)
        #expect(configured.measure("timeToResolve")?.definition == "From the start of impact to resolution.")
        #expect(configured.serviceLevels.slaBreached == true)
        #expect(configured.serviceLevels.slaExceededBySeconds == 90 * 60)
        #expect(configured.measure("timeToDeclareFromImpact")?.seconds == 3600)
        #expect(configured.measure("timeToDeclareFromImpact")?.title == "Time to declare from impact")
        #expect(configured.communicationCadenceSeconds == 600)
        #expect(configured.serviceLevels.slo == "99.9% over 30d")
        #expect(configured.serviceLevels.currency == "EUR")
        #expect(configured.serviceLevels.estimatedCost == 12000)
        // Detection after 20 minutes is late with the default 15-minute threshold, not with 30.
        #expect(plain.factors.contains { $0.statement.hasPrefix("The impact went undetected for 20 min") })
        #expect(!configured.factors.contains { $0.statement.hasPrefix("The impact went undetected") })
    }

    @Test func theLogsOwnValuesWin() {
        var metadata = IncidentMetadata()
        metadata.severity = "sev 1"
        metadata.sla = "resolve within 1h"
        metadata.currency = "USD"
        metadata.costPerHour = 5
        let configuration = HindsightConfiguration.read(
            yaml: "severities: {SEV1: {sla: 4h}}\ncurrency: EUR\ncost_per_hour: 9\nslo: 99% over 7d", file: "c.yml").configuration
        let applied = configuration.applyingDefaults(to: metadata)
        #expect(applied.sla == "resolve within 1h" && applied.currency == "USD" && applied.costPerHour == 5)
        #expect(applied.slo == "99% over 7d")
        metadata.sla = nil
        #expect(configuration.applyingDefaults(to: metadata).sla == "resolve within 4h")
        // A command-line zone wins over the configuration's.
        let zoned = HindsightConfiguration.read(yaml: "timezone: Asia/Tokyo", file: "c.yml").configuration
        #expect(zoned.reconstructionOptions(severity: nil).timeZone?.name == "Asia/Tokyo")
        #expect(zoned.reconstructionOptions(severity: nil, base: ReconstructionOptions(timeZone: .utc)).timeZone?.name == "UTC")
    }

    @Test func checkWordListsChangeTheFindings() {
        let text = "## Summary\n\nThe release team dropped the ball. It was the fault of the deploy tool.\n"
        let document = InputDocument(name: "r.md", text: text)
        let plain = IncidentChecker.findings(in: document).map(\.rule)
        #expect(plain.contains(.blameFault))
        let configuration = HindsightConfiguration.read(
            yaml: "check: {blaming_phrases: [dropped the ball], allowed_words: [fault of]}", file: "c.yml").configuration
        let configured = IncidentChecker.findings(in: document, options: configuration.checkOptions).map(\.rule)
        #expect(configured.contains(.blameCustom))
        #expect(!configured.contains(.blameFault))
        let disabled = HindsightConfiguration.read(yaml: "check: {disabled_rules: [blame]}", file: "c.yml").configuration
        #expect(IncidentChecker.findings(in: document, options: disabled.checkOptions).isEmpty)
    }

    @Test func titlesFromKeys() {
        #expect(ConfigurationReader.title(forKey: "timeToFirstUpdate") == "Time to first update")
        #expect(ConfigurationReader.title(forKey: "time_to_page") == "Time to page")
    }
}
