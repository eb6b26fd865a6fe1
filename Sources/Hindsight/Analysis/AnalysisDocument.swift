public import Foundation

/// The reconstruction as JSON for scripts and CI (`hindsight analyze --json`).
///
/// Keys are sorted and every milestone and duration key is present (null when
/// unknown), so consumers can rely on the shape. Instants are ISO-8601 UTC;
/// durations are whole seconds.
public enum AnalysisDocument {
    public static func json(_ r: Reconstruction, diagnostics: [Diagnostic] = []) -> Data {
        let object = dictionary(r, diagnostics: diagnostics)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    static func dictionary(_ r: Reconstruction, diagnostics: [Diagnostic]) -> [String: Any] {
        let m = r.metadata
        var roles: [String: Any] = [:]
        for role in m.roles { roles[role.role] = role.person }
        let incident: [String: Any] = [
            "title": m.title ?? NSNull(), "id": m.id ?? NSNull(), "severity": m.severity ?? NSNull(),
            "category": m.category ?? NSNull(), "subcategory": m.subcategory ?? NSNull(), "services": m.services,
            "status": m.status ?? NSNull(), "timezone": m.timeZone ?? NSNull(), "roles": roles,
            "slo": m.slo ?? NSNull(), "sla": m.sla ?? NSNull(), "costPerHour": m.costPerHour ?? NSNull(),
            "currency": m.currency ?? NSNull(), "sources": r.sources,
        ]
        let events: [[String: Any]] = r.events.map { item in
            let event = item.event
            return [
                "time": event.time.map { Instants.iso8601($0.instant) } ?? NSNull(),
                "end": event.time?.end.map(Instants.iso8601) ?? NSNull(),
                "precision": event.time?.precision.rawValue ?? NSNull(),
                "approximate": event.time?.approximate ?? false,
                "writtenTime": event.writtenTime ?? NSNull(),
                "text": event.text,
                "details": event.details,
                "kind": item.kind.rawValue,
                "kinds": item.kinds.map(\.rawValue),
                "milestone": item.milestone?.rawValue ?? NSNull(),
                "tags": event.tags,
                "author": event.author ?? NSNull(),
                "origin": event.origin ?? NSNull(),
                "source": location(event.source),
            ]
        }
        var milestones: [String: Any] = [:]
        var evidence: [String: Any] = [:]
        for kind in MilestoneKind.allCases {
            if let milestone = r.milestone(kind) {
                milestones[kind.rawValue] = Instants.iso8601(milestone.time.instant)
                evidence[kind.rawValue] = [
                    "event": milestone.evidence ?? NSNull(), "confidence": milestone.confidence.rawValue,
                    "reason": milestone.reason, "approximate": milestone.time.approximate,
                ] as [String: Any]
            } else {
                milestones[kind.rawValue] = NSNull()
            }
        }
        var durations: [String: Any] = [:]
        var definitions: [String: Any] = [:]
        for measure in r.measures {
            durations[measure.key] = measure.seconds ?? NSNull()
            definitions[measure.key] = measure.definition
        }
        let levels = r.serviceLevels
        let serviceLevels: [String: Any] = [
            "slo": levels.slo ?? NSNull(), "errorBudgetSeconds": levels.errorBudgetSeconds ?? NSNull(),
            "errorBudgetConsumed": levels.errorBudgetConsumed ?? NSNull(), "sla": levels.sla ?? NSNull(),
            "slaTargetSeconds": levels.slaTargetSeconds ?? NSNull(), "slaBreached": levels.slaBreached ?? NSNull(),
            "slaExceededBySeconds": levels.slaExceededBySeconds ?? NSNull(),
            "estimatedCost": levels.estimatedCost ?? NSNull(), "currency": levels.currency ?? NSNull(),
        ]
        return [
            "incident": incident,
            "reportTimeZone": r.reportZone.name,
            "timeZoneNote": r.timeZoneNote,
            "events": events,
            "milestones": milestones,
            "milestoneEvidence": evidence,
            "durations": durations,
            "definitions": definitions,
            "serviceLevels": serviceLevels,
            "phases": r.phases.map {
                ["key": $0.key, "title": $0.title, "stage": $0.stage, "start": Instants.iso8601($0.start),
                 "end": Instants.iso8601($0.end), "seconds": $0.seconds] as [String: Any]
            },
            "responders": r.responders.map { ["name": $0.name, "roles": $0.roles, "firstSeen": $0.firstSeen.map(Instants.iso8601) ?? NSNull()] as [String: Any] },
            "escalations": r.escalations.map {
                ["target": $0.target, "direction": $0.direction.rawValue, "level": $0.level, "event": $0.evidence,
                 "secondsSinceDetection": $0.sinceDetection ?? NSNull(), "afterSLABreach": $0.afterBreach] as [String: Any]
            },
            "handoffs": r.handoffs.map { ["kind": $0.kind.rawValue, "to": $0.to ?? NSNull(), "event": $0.evidence] as [String: Any] },
            "communication": [
                "updates": r.communicationUpdates, "cadenceSeconds": r.communicationCadenceSeconds,
                "gaps": r.communicationGaps.map { ["start": Instants.iso8601($0.start), "end": Instants.iso8601($0.end), "seconds": $0.seconds] as [String: Any] },
            ] as [String: Any],
            "failedRemediations": r.failedRemediations,
            "factors": r.factors.map { ["category": $0.category.rawValue, "statement": $0.statement, "events": $0.evidence] as [String: Any] },
            "actionItems": r.actionItems.map {
                ["text": $0.text, "owner": $0.owner ?? NSNull(), "due": $0.due?.description ?? NSNull(),
                 "tracker": $0.tracker ?? NSNull(), "kind": $0.kind.rawValue, "done": $0.done, "suggested": $0.suggested] as [String: Any]
            },
            "questions": r.questions,
            "warnings": diagnostics.map { diagnostic -> [String: Any] in
                [
                    "severity": diagnostic.severity.rawValue, "message": diagnostic.message,
                    "file": diagnostic.location?.file ?? NSNull(), "line": diagnostic.location?.line ?? NSNull(),
                    "column": diagnostic.location?.column ?? NSNull(), "path": diagnostic.location?.path ?? NSNull(),
                ]
            },
        ]
    }

    static func location(_ source: SourceLocation) -> [String: Any] {
        ["file": source.file, "line": source.line ?? NSNull(), "column": source.column ?? NSNull(), "path": source.path ?? NSNull()]
    }
}
