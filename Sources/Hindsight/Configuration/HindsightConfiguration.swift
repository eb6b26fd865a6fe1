/// A team's defaults for every `hindsight` command in a repository, read from a
/// `.hindsight.yml` file: report time zone, severity scale with SLA targets and update
/// cadence, SLO, cost of downtime, measure definitions, thresholds, blameless-check word
/// lists and publishing rules.
///
/// The library only reads the text (``read(yaml:file:)``); finding and reading the file
/// is the caller's job. Values written in an incident log, and options given on the
/// command line, always win over the configuration.
public struct HindsightConfiguration: Hashable, Sendable {
    /// One level of the team's severity scale, most severe first.
    public struct SeverityLevel: Hashable, Sendable {
        /// The name logs use in `severity:` (`SEV1`, `P1`, `critical`).
        public var name: String
        /// Other names for the same level (`P1`, `critical` for `SEV1`).
        public var aliases: [String]
        /// The SLA as written (`4h`, `resolve within 4h`), when the level has one.
        public var sla: String?
        /// The SLA target in seconds.
        public var slaSeconds: Int?
        /// Longest acceptable silence between stakeholder updates, in seconds.
        public var updateEverySeconds: Int?
        /// What the level means, for people reading the file.
        public var description: String?

        public init(
            name: String, aliases: [String] = [], sla: String? = nil, slaSeconds: Int? = nil,
            updateEverySeconds: Int? = nil, description: String? = nil
        ) {
            self.name = name
            self.aliases = aliases
            self.sla = sla
            self.slaSeconds = slaSeconds
            self.updateEverySeconds = updateEverySeconds
            self.description = description
        }

        /// Whether a log's `severity:` names this level (its name or an alias, without
        /// regard to case, spaces or dashes).
        public func matches(_ severity: String) -> Bool {
            let key = Self.key(severity)
            return ([name] + aliases).contains { Self.key($0) == key }
        }

        static func key(_ text: String) -> String {
            text.lowercased().filter { $0.isLetter || $0.isNumber }
        }
    }

    /// The `publish:` section, checked here and used by `hindsight publish`.
    public struct PublishSettings: Hashable, Sendable {
        /// `publish.public.drop_sections`: section titles left out of public pages.
        public var dropSections: [String]?
        /// `publish.public.redact.names`: people's names to redact.
        public var redactNames: [String]?
        /// `publish.public.redact.hosts`: host name patterns to redact (`*.internal`).
        public var redactHosts: [String]?
        /// `publish.public.redact.emails`: whether to redact e-mail addresses.
        public var redactEmails: Bool?
        /// `publish.public.redact.ip_addresses`: whether to redact IP addresses.
        public var redactIPAddresses: Bool?

        public init(
            dropSections: [String]? = nil, redactNames: [String]? = nil, redactHosts: [String]? = nil,
            redactEmails: Bool? = nil, redactIPAddresses: Bool? = nil
        ) {
            self.dropSections = dropSections
            self.redactNames = redactNames
            self.redactHosts = redactHosts
            self.redactEmails = redactEmails
            self.redactIPAddresses = redactIPAddresses
        }
    }

    /// `timezone:`: the report zone, and the zone for times written without one, when
    /// the log names none (as `--timezone` does).
    public var timeZone: NamedZone?
    /// `severities:`: the severity scale, most severe first.
    public var severities: [SeverityLevel] = []
    /// `slo:`: the SLO for logs that state none (`99.9% over 30d`).
    public var slo: String?
    /// `cost_per_hour:`: estimated cost of an hour of impact, for logs that state none.
    public var costPerHour: Double?
    /// `currency:`: the currency of `cost_per_hour`, for logs that state none.
    public var currency: String?
    /// `communication.update_every:`: update cadence for severities without their own.
    public var updateEverySeconds: Int?
    /// `measures:`: the measures reported, defaults first, then the team's own.
    public var measures: [MeasureDefinition] = MeasureDefinition.defaults
    /// `thresholds.late_detection`.
    public var lateDetectionSeconds: Int?
    /// `thresholds.late_escalation`.
    public var lateEscalationSeconds: Int?
    /// `thresholds.silence`.
    public var silenceSeconds: Int?
    /// `check.blaming_phrases`.
    public var blamingPhrases: [String] = []
    /// `check.allowed_words`.
    public var allowedWords: [String] = []
    /// `check.disabled_rules`.
    public var disabledRules: [String] = []
    /// `publish:`.
    public var publish = PublishSettings()

    /// No configuration: every command's built-in defaults.
    public init() {}

    /// The severity level a log's `severity:` names, if the scale has it.
    public func level(for severity: String?) -> SeverityLevel? {
        guard let severity else { return nil }
        return severities.first { $0.matches(severity) }
    }

    /// The options for `hindsight check`.
    public var checkOptions: CheckOptions {
        CheckOptions(blamingPhrases: blamingPhrases, allowedWords: allowedWords, disabledRules: disabledRules)
    }

    /// The reconstruction options for an incident of this severity. `base` carries what
    /// the command line chose; the configuration fills in what it leaves at the default
    /// (a `--timezone` given on the command line stays).
    public func reconstructionOptions(severity: String?, base: ReconstructionOptions = ReconstructionOptions()) -> ReconstructionOptions {
        var options = base
        if options.timeZone == nil { options.timeZone = timeZone }
        options.measures = measures
        if let lateDetectionSeconds { options.lateDetectionSeconds = lateDetectionSeconds }
        if let lateEscalationSeconds { options.lateEscalationSeconds = lateEscalationSeconds }
        if let silenceSeconds { options.silenceSeconds = silenceSeconds }
        // The reconstructor looks the cadence up by severity rank; a one-entry table
        // applies to every rank, so a named level's cadence holds whatever its rank.
        if let cadence = level(for: severity)?.updateEverySeconds ?? updateEverySeconds {
            options.updateCadenceSeconds = [cadence]
        } else if !severities.isEmpty, severities.allSatisfy({ $0.updateEverySeconds != nil }) {
            options.updateCadenceSeconds = severities.compactMap(\.updateEverySeconds)
        }
        return options
    }

    /// The metadata with the configuration's defaults filled in where the log has none:
    /// SLA of its severity level, SLO, cost per hour and currency.
    public func applyingDefaults(to metadata: IncidentMetadata) -> IncidentMetadata {
        var metadata = metadata
        if metadata.sla == nil, let sla = level(for: metadata.severity)?.sla {
            metadata.sla = ServiceTargets.isDuration(sla) ? "resolve within \(sla)" : sla
        }
        if metadata.slo == nil { metadata.slo = slo }
        if metadata.costPerHour == nil { metadata.costPerHour = costPerHour }
        if metadata.currency == nil, metadata.costPerHour != nil { metadata.currency = currency }
        return metadata
    }

    /// The log with ``applyingDefaults(to:)`` applied to its metadata.
    public func applyingDefaults(to log: IncidentLog) -> IncidentLog {
        var log = log
        log.metadata = applyingDefaults(to: log.metadata)
        return log
    }
}

extension ServiceTargets {
    /// Whether the text is only a duration (`4h`, `2h 30m`), without words around it.
    static func isDuration(_ text: String) -> Bool {
        seconds(in: text) != nil && text.allSatisfy { $0.isNumber || $0 == "." || $0 == " " || "smhdw".contains($0.lowercased()) }
    }
}
