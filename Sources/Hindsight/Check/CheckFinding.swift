/// The rules `hindsight check` applies. The raw value is the id printed with each
/// finding (`[blame.should-have]`) and named in suppression comments.
public enum CheckRule: String, CaseIterable, Hashable, Sendable, Codable {
    /// A person as the subject of a failure: "David broke", "Marie forgot to".
    case blamePerson = "blame.person"
    /// "human error", "operator error", "user error".
    case blameHumanError = "blame.human-error"
    /// Hindsight judgements: "should have", "could have prevented".
    case blameShouldHave = "blame.should-have"
    /// Words that judge a person: "careless", "negligent", "sloppy".
    case blameJudgement = "blame.judgement"
    /// "fault", "at fault", "whose fault".
    case blameFault = "blame.fault"
    /// "blame", "to blame".
    case blameBlame = "blame.blame"
    /// "mistake by".
    case blameMistakeBy = "blame.mistake-by"
    /// "root cause was David".
    case blameRootCausePerson = "blame.root-cause-person"
    /// A word or phrase from the team's own list (``CheckOptions/blamingPhrases``).
    case blameCustom = "blame.custom"
    /// An action item without an owner.
    case actionOwner = "action.owner"
    /// An open action item without a due date.
    case actionDue = "action.due"
    /// A timeline entry earlier than the one before it.
    case timelineOrder = "timeline.order"
    /// Dated times with no zone anywhere in the document.
    case timelineZone = "timeline.zone"
    /// A heading with nothing under it.
    case sectionEmpty = "section.empty"
    /// A prompt Hindsight left in a report that nobody has answered yet.
    case sectionPrompt = "section.prompt"
    /// An empty file, or one with no text to check.
    case inputEmpty = "input.empty"
    /// Binary data or text that is not UTF-8.
    case inputBinary = "input.binary"
    /// A `.json` file that is not valid JSON.
    case inputJSON = "input.json"
    /// Something other than a file (a folder handed to the library).
    case inputUnsupported = "input.unsupported"
    /// A line or JSON string of many megabytes, refused as the readers refuse it.
    case inputTooLong = "input.too-long"

    /// The part of the id before the dot (`blame`, `action`, `timeline`, `section`, `input`).
    public var family: String {
        String(rawValue.prefix { $0 != "." })
    }

    /// Whether a name from a suppression comment or ``CheckOptions/disabledRules``
    /// covers this rule: `all`, the rule's id, or its family.
    func isCovered(by names: some Sequence<String>) -> Bool {
        names.contains { $0 == "all" || $0 == rawValue || $0 == family }
    }
}

/// One problem `hindsight check` found: which rule, how serious, where, what is wrong
/// and how to say it better.
public struct CheckFinding: Hashable, Sendable {
    public var rule: CheckRule
    public var severity: Diagnostic.Severity
    /// What is wrong, quoting the offending words: `"human error" puts the failure on a person`.
    public var message: String
    /// A neutral rewording or the fix, when there is one.
    public var suggestion: String?
    public var location: SourceLocation

    public init(_ rule: CheckRule, _ severity: Diagnostic.Severity, _ message: String, suggestion: String? = nil, at location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
        self.location = location
    }

    /// The finding as a diagnostic whose message carries the suggestion and the rule id:
    /// `"should have" judges … ; describe what information … [blame.should-have]`.
    public var diagnostic: Diagnostic {
        var text = message
        if let suggestion { text += "; " + suggestion }
        text += " [\(rule.rawValue)]"
        return Diagnostic(severity, text, at: location)
    }
}

/// Choices that change what `hindsight check` reports (from the command line, and
/// later from `.hindsight.yml`).
public struct CheckOptions: Sendable {
    /// Extra words or phrases the team considers blaming; reported as `blame.custom` errors.
    public var blamingPhrases: [String]
    /// Words or phrases never reported by the blame rules (a product called "Fault Line",
    /// a service named after a person). Compared without regard to case.
    public var allowedWords: [String]
    /// Rules not applied: ids such as `blame.fault`, families such as `action`, or `all`.
    public var disabledRules: [String]

    public init(blamingPhrases: [String] = [], allowedWords: [String] = [], disabledRules: [String] = []) {
        self.blamingPhrases = blamingPhrases
        self.allowedWords = allowedWords
        self.disabledRules = disabledRules
    }
}
