public import Foundation

/// The trends as JSON for scripts and dashboards (`hindsight trends --json`).
///
/// Keys are sorted and always present (null when unknown); durations are whole seconds,
/// instants ISO-8601 UTC, dates `YYYY-MM-DD`. Groups are arrays in the order the text
/// output shows them.
public enum TrendsDocument {
    public static func json(_ trends: IncidentTrends, diagnostics: [Diagnostic] = []) -> Data {
        let object = dictionary(trends, diagnostics: diagnostics)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    static func dictionary(_ trends: IncidentTrends, diagnostics: [Diagnostic]) -> [String: Any] {
        var definitions: [String: Any] = [:]
        for definition in TrendDefinition.all { definitions[definition.key] = definition.definition }
        return [
            "asOf": trends.asOf?.description ?? NSNull(),
            "asOfNote": trends.asOfNote,
            "definitions": definitions,
            "incidents": trends.incidents.map(incident),
            "overall": group(trends.overall),
            "byService": trends.byService.map(group),
            "byCategory": trends.byCategory.map(group),
            "bySeverity": trends.bySeverity.map(group),
            "byMonth": trends.byMonth.map(group),
            "recurringFactors": trends.factors.map { factor in
                ["category": factor.category.rawValue, "title": factor.title, "count": factor.count, "incidents": factor.incidents, "recurs": factor.recurs] as [String: Any]
            },
            "actionItems": [
                "open": trends.openActions.count,
                "overdue": trends.overdueCount,
                "items": trends.openActions.map(action),
            ] as [String: Any],
            "warnings": diagnostics.map { diagnostic in
                [
                    "severity": diagnostic.severity.rawValue, "message": diagnostic.message,
                    "file": diagnostic.location?.file ?? NSNull(), "line": diagnostic.location?.line ?? NSNull(),
                    "column": diagnostic.location?.column ?? NSNull(),
                ] as [String: Any]
            },
        ]
    }

    static func incident(_ incident: TrendIncident) -> [String: Any] {
        [
            "id": incident.id, "title": incident.title, "severity": incident.severity ?? NSNull(),
            "category": incident.category ?? NSNull(), "services": incident.services,
            "start": incident.start.map(Instants.iso8601) ?? NSNull(), "month": incident.month ?? NSNull(),
            "timeToDetect": incident.timeToDetect ?? NSNull(), "timeToAcknowledge": incident.timeToAcknowledge ?? NSNull(),
            "timeToResolve": incident.timeToResolve ?? NSNull(), "closedOn": incident.closedOn?.description ?? NSNull(),
            "factors": incident.factors.map(\.rawValue), "sources": incident.sources,
        ]
    }

    static func group(_ group: TrendGroup) -> [String: Any] {
        [
            "key": group.key, "count": group.count, "incidents": group.incidents,
            "mttd": statistics(group.timeToDetect), "mtta": statistics(group.timeToAcknowledge),
            "mttr": statistics(group.timeToResolve),
            "mtbf": group.betweenFailures.map { statistics($0, countKey: "intervals") } ?? NSNull(),
        ]
    }

    static func statistics(_ statistics: DurationStatistics, countKey: String = "known") -> [String: Any] {
        ["mean": statistics.mean ?? NSNull(), "median": statistics.median ?? NSNull(), countKey: statistics.count]
    }

    static func action(_ item: TrendActionItem) -> [String: Any] {
        [
            "incident": item.incident, "text": item.text, "owner": item.owner ?? NSNull(),
            "due": item.due?.description ?? NSNull(), "tracker": item.tracker ?? NSNull(), "overdue": item.overdue,
            "source": item.source.map { ["file": $0.file, "line": $0.line ?? NSNull()] as [String: Any] } ?? NSNull(),
        ]
    }
}
