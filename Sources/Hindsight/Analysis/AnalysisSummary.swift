/// A plain-text summary of a reconstruction for the terminal (`hindsight analyze`).
public enum AnalysisSummary {
    public static func text(_ r: Reconstruction) -> String {
        let zone = r.reportZone
        var lines: [String] = []
        lines.append(r.metadata.title ?? r.metadata.id ?? "Incident")
        var facts: [String] = []
        if let id = r.metadata.id { facts.append(id) }
        if let severity = r.metadata.severity { facts.append(severity) }
        if !r.metadata.services.isEmpty { facts.append(r.metadata.services.joined(separator: ", ")) }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        lines.append("\(r.events.count) events; times in \(r.timeZoneNote)")
        lines.append("")
        lines.append("Milestones")
        for kind in MilestoneKind.allCases {
            let value = r.milestone(kind).map { milestone in
                "\(ReportClock.local(milestone.time.instant, in: zone))  (\(ReportClock.utc(milestone.time.instant)))  \(milestone.confidence.rawValue): \(milestone.reason)"
            } ?? "unknown"
            lines.append("  " + pad(kind.title, 20) + value)
        }
        lines.append("")
        lines.append("Durations")
        for measure in r.measures {
            let value = measure.seconds.map(DurationText.format) ?? "unknown"
            lines.append("  " + pad(measure.title, 20) + pad(value, 16) + measure.definition)
        }
        if !r.factors.isEmpty {
            lines.append("")
            lines.append("Contributing factors")
            for factor in r.factors { lines.append("  - " + factor.statement) }
        }
        if !r.actionItems.isEmpty {
            lines.append("")
            lines.append("Action items")
            for item in r.actionItems {
                lines.append("  - \(item.suggested ? "(suggested) " : "")\(item.text) [\(item.kind.rawValue); owner: \(item.owner ?? "none"); due: \(item.due?.description ?? "none")]")
            }
        }
        if !r.questions.isEmpty {
            lines.append("")
            lines.append("Questions for the review")
            for question in r.questions { lines.append("  - " + question) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
