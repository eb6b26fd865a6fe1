internal import Mustache

// Mustache looks a name up by reflection (`Mirror`) unless the value answers it
// itself; these answers are the stored properties by name, as `Mirror` finds them, at
// a fraction of the cost (the timeline has a row per event). A test checks every
// property of every type against `Mirror`.

extension ReportViewModel.Fact: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "value": value
        default: nil
        }
    }
}

extension ReportViewModel.MilestoneRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "local": local
        case "utc": utc
        case "evidenceMarkdown": evidenceMarkdown
        case "how": how
        default: nil
        }
    }
}

extension ReportViewModel.MeasureRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "value": value
        case "definition": definition
        default: nil
        }
    }
}

extension ReportViewModel.TimelineRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "local": local
        case "utc": utc
        case "textMarkdown": textMarkdown
        case "source": source
        default: nil
        }
    }
}

extension ReportViewModel.ResponderRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "roles": roles
        case "firstSeen": firstSeen
        default: nil
        }
    }
}

extension ReportViewModel.FactorRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "statement": statement
        case "evidenceMarkdown": evidenceMarkdown
        case "hasEvidence": hasEvidence
        default: nil
        }
    }
}

extension ReportViewModel.ActionRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "textMarkdown": textMarkdown
        case "kind": kind
        case "owner": owner
        case "due": due
        case "tracker": tracker
        case "status": status
        default: nil
        }
    }
}

extension ReportViewModel.Section: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "markdown": markdown
        default: nil
        }
    }
}

extension ReportViewModel: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "facts": facts
        case "zoneNote": zoneNote
        case "generatedAt": generatedAt
        case "hasGeneratedAt": hasGeneratedAt
        case "sources": sources
        case "summary": summary
        case "generatedSummary": generatedSummary
        case "hasSummary": hasSummary
        case "impact": impact
        case "impactLines": impactLines
        case "milestones": milestones
        case "hasMilestones": hasMilestones
        case "measures": measures
        case "phaseLine": phaseLine
        case "hasPhases": hasPhases
        case "serviceLevelLines": serviceLevelLines
        case "hasServiceLevels": hasServiceLevels
        case "timelineZone": timelineZone
        case "dualClock": dualClock
        case "timeline": timeline
        case "hasTimeline": hasTimeline
        case "timelineRows": timelineRows
        case "hasTimelineRows": hasTimelineRows
        case "responders": responders
        case "hasResponders": hasResponders
        case "escalationLines": escalationLines
        case "hasEscalations": hasEscalations
        case "handoffLines": handoffLines
        case "hasHandoffs": hasHandoffs
        case "communicationLines": communicationLines
        case "factors": factors
        case "hasFactors": hasFactors
        case "authoredFactors": authoredFactors
        case "failedAttemptLines": failedAttemptLines
        case "hasFailedAttempts": hasFailedAttempts
        case "rootCause": rootCause
        case "wentWell": wentWell
        case "hasWentWell": hasWentWell
        case "wentPoorly": wentPoorly
        case "hasWentPoorly": hasWentPoorly
        case "lucky": lucky
        case "hasLucky": hasLucky
        case "lessons": lessons
        case "actions": actions
        case "hasActions": hasActions
        case "actionRows": actionRows
        case "hasActionRows": hasActionRows
        case "actionNotes": actionNotes
        case "actionWarnings": actionWarnings
        case "hasActionWarnings": hasActionWarnings
        case "otherSections": otherSections
        case "questions": questions
        case "hasQuestions": hasQuestions
        case "definitions": definitions
        // Not properties: lists joined for the built-in template (TimelineRows.joinedLists).
        case "impactLines-joined": Self.joined(impactLines, prefix: "- ")
        case "escalationLines-joined": Self.joined(escalationLines, prefix: "- ")
        case "handoffLines-joined": Self.joined(handoffLines, prefix: "- ")
        case "communicationLines-joined": Self.joined(communicationLines, prefix: "- ")
        case "failedAttemptLines-joined": Self.joined(failedAttemptLines, prefix: "- ")
        case "actionWarnings-joined": Self.joined(actionWarnings, prefix: "- ")
        case "questions-joined": Self.joined(questions, prefix: "1. ")
        default: nil
        }
    }

    /// The lines, each after `prefix`, joined by line feeds, as the only element; none
    /// for no lines.
    static func joined(_ lines: [String], prefix: String) -> [String] {
        lines.isEmpty ? [] : [prefix + lines.joined(separator: "\n" + prefix)]
    }
}

extension HTMLPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "body": body
        case "bodyHead": bodyHead
        case "bodyRest": bodyRest
        case "chart": chart
        case "hasChart": hasChart
        case "chartCaption": chartCaption
        case "hasNavigation": hasNavigation
        case "siteName": siteName
        case "markdownHref": markdownHref
        case "publicNote": publicNote
        case "hasPublicNote": hasPublicNote
        // Not properties: the built-in style sheets, for the built-in page (see BuiltInStyles).
        case "hindsight-built-in-style": BuiltInStyles.style
        case "hindsight-built-in-site-style": BuiltInStyles.siteStyle
        default: nil
        }
    }
}
