/// The trends as aligned plain-text tables, for a terminal (`hindsight trends`).
public enum TrendsSummary {
    public static func text(_ trends: IncidentTrends) -> String {
        var out = ""
        let count = trends.incidents.count
        var heading = "Incident trends: \(count) incident\(count == 1 ? "" : "s")"
        let dates = trends.incidents.compactMap(\.date)
        if let first = dates.min(), let last = dates.max() { heading += ", \(first) to \(last)" }
        out += heading + "\n"
        out += "Durations are mean / median; – where no incident gave both milestones.\n\n"

        out += "Overall\n"
        out += table(["", "Incidents", "MTTD", "MTTA", "MTTR"], [[
            "all", "\(trends.overall.count)", pair(trends.overall.timeToDetect), pair(trends.overall.timeToAcknowledge),
            pair(trends.overall.timeToResolve),
        ]])
        out += "\nBy service\n" + groupTable("Service", trends.byService, betweenFailures: true)
        out += "\nBy category\n" + groupTable("Category", trends.byCategory, betweenFailures: false)
        out += "\nBy severity\n" + groupTable("Severity", trends.bySeverity, betweenFailures: false)
        out += "\nBy month\n" + groupTable("Month", trends.byMonth, betweenFailures: false)

        out += "\nContributing factors across incidents\n"
        if trends.factors.isEmpty {
            out += "  None found.\n"
        } else {
            out += table(["Factor", "Incidents", "Where"], trends.factors.map { factor in
                [factor.title, "\(factor.count)" + (factor.recurs ? " (recurring)" : ""), factor.incidents.joined(separator: ", ")]
            })
        }

        out += "\nOpen action items: \(trends.openActions.count) open, \(trends.overdueCount) overdue (\(trends.asOfNote))\n"
        if !trends.openActions.isEmpty {
            out += table(["Due", "Incident", "Owner", "Action"], trends.openActions.map { item in
                [
                    (item.due?.description ?? "no due date") + (item.overdue ? " overdue" : ""), item.incident,
                    item.owner ?? "no owner", item.text.replacingOccurrences(of: "\n", with: " "),
                ]
            })
        }

        out += "\nDefinitions\n"
        for definition in TrendDefinition.all {
            out += "  \(definition.name)  \(definition.definition)\n"
        }
        return out
    }

    static func groupTable(_ name: String, _ groups: [TrendGroup], betweenFailures: Bool) -> String {
        guard !groups.isEmpty else { return "  None.\n" }
        var headers = [name, "Incidents", "MTTD", "MTTA", "MTTR"]
        if betweenFailures { headers.append("MTBF") }
        let rows = groups.map { group -> [String] in
            var row = [
                name == "Month" ? IncidentTrends.monthLabel(group.key) : group.key, "\(group.count)",
                pair(group.timeToDetect), pair(group.timeToAcknowledge), pair(group.timeToResolve),
            ]
            if betweenFailures {
                row.append(group.betweenFailures?.mean.map(DurationText.format) ?? "–")
            }
            return row
        }
        return table(headers, rows)
    }

    /// `12 min / 10 min`, or `–`.
    static func pair(_ statistics: DurationStatistics) -> String {
        guard let mean = statistics.mean, let median = statistics.median else { return "–" }
        return "\(DurationText.format(mean)) / \(DurationText.format(median))"
    }

    /// Columns padded to their widest cell, two spaces apart, indented by two; the
    /// last column is not padded.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        for row in all {
            var line = " "
            for (index, cell) in row.enumerated() where index < widths.count {
                line += " "
                line += index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 1)
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
