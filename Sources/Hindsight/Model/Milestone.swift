import Foundation

/// A moment in the life of an incident that retrospectives measure from or to.
public enum MilestoneKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case impactStarted
    case detected
    case acknowledged
    case declared
    case identified
    case mitigated
    case resolved
    case closed

    /// The order of the lifecycle, used for sorting and sanity checks.
    public var rank: Int { MilestoneKind.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: MilestoneKind, rhs: MilestoneKind) -> Bool { lhs.rank < rhs.rank }

    /// A human name, as the report shows it.
    public var title: String {
        switch self {
        case .impactStarted: "Impact started"
        case .detected: "Detected"
        case .acknowledged: "Acknowledged"
        case .declared: "Incident declared"
        case .identified: "Cause identified"
        case .mitigated: "Mitigated"
        case .resolved: "Resolved"
        case .closed: "Closed"
        }
    }

    /// Accepts the camel-case key and the spellings people use in tags and front matter
    /// (`impact-start`, `impact_started`, `ack`, `fixed` …).
    public init?(tag: String) {
        let key = tag.lowercased().filter { $0.isLetter }
        switch key {
        case "impactstarted", "impactstart", "impact", "outagebegins", "outagestart", "start", "began", "begin":
            self = .impactStarted
        case "detected", "detect", "detection", "alert", "alerted":
            self = .detected
        case "acknowledged", "acknowledge", "ack", "acked":
            self = .acknowledged
        case "declared", "declare", "declaration":
            self = .declared
        case "identified", "identify", "cause", "causeidentified", "rootcause", "diagnosed":
            self = .identified
        case "mitigated", "mitigate", "mitigation":
            self = .mitigated
        case "resolved", "resolve", "resolution", "fixed", "recovered", "restored":
            self = .resolved
        case "closed", "close", "closure":
            self = .closed
        default:
            return nil
        }
    }
}
