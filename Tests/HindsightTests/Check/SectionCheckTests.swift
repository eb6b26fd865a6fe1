import Foundation
import Testing
@testable import Hindsight

@Suite struct SectionCheckTests {
    @Test func headingsWithNothingUnderThemAreWarnings() throws {
        let log = """
            # Queue stall

            ## Summary

            ## Impact

            Orders were confirmed late for 40 minutes.

            ## Timeline

            ### 2026-03-04

            ### 2026-03-05

            - 08:00 UTC Closed.

            ## Lessons learned
            <!-- to be written after the review -->

            ---

            ## Where we got lucky
            """
        let findings = Checking.findings(log)
        #expect(Checking.summary(findings) == ["3:1 section.empty", "11:1 section.empty", "17:1 section.empty", "22:1 section.empty"])
        let first = try #require(findings.first)
        #expect(first.severity == .warning)
        #expect(first.message == "section \"Summary\" is empty")
    }

    /// A report as `hindsight draft` writes it, before the review meeting.
    static func draftedReport() -> String {
        var builder = LogBuilder(title: "Queue consumers stalled")
        builder.log.metadata.roles = [RoleAssignment(role: "commander", person: "Ariana Costa")]
        builder.add("2026-03-04T10:00:00Z", "Order confirmations stop being sent.", tags: ["impact-started"])
        builder.add("2026-03-04T10:12:00Z", "Queue depth alert fires.", tags: ["detected"])
        builder.add("2026-03-04T10:40:00Z", "Consumers restarted with a larger memory limit.", tags: ["mitigated"])
        builder.add("2026-03-04T11:05:00Z", "Queue depth back to normal.", tags: ["resolved"])
        builder.log.sections = [AuthoredSection(
            title: "Action items", level: 2,
            markdown: "- [ ] Alert on queue depth (owner: Marie, due: 2026-03-20)\n- [ ] Add a restart runbook\n",
            source: SourceLocation(file: "test.md", line: 30))]
        return ReportRenderer.markdown(IncidentReconstructor.reconstruct(builder.log))
    }

    @Test func aDraftedReportHasNoErrorsButUnfilledPrompts() throws {
        let report = Self.draftedReport()
        let findings = Checking.findings(report, name: "retro.md")
        #expect(!findings.contains { $0.severity == .error }, "\(findings.map(\.diagnostic.formatted))")
        let prompts = findings.filter { $0.rule == .sectionPrompt }
        #expect(prompts.map(\.message) == [
            "section not filled in yet: Summary",
            "section not filled in yet: What went well",
            "section not filled in yet: What went poorly",
            "section not filled in yet: Where we got lucky",
        ])
        // Each prompt is reported on the line that holds it.
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
        for prompt in prompts {
            let line = try #require(prompt.location.line)
            #expect(lines[line - 1].hasPrefix("_Prompt"))
        }
        // The unassigned action item is reported in the table, not in the generated warning list.
        let actions = findings.filter { $0.rule.family == "action" }
        #expect(actions.map(\.message) == [
            "action item has no owner", "open action item has no due date",
            "suggested action item has no owner", "open suggested action item has no due date",
        ])
        for action in actions {
            let line = try #require(action.location.line)
            #expect(lines[line - 1].hasPrefix("| "))
        }
        // Timeline order and zone rules are for logs only.
        #expect(!findings.contains { $0.rule.family == "timeline" })
    }

    @Test func aReviewedReportPasses() {
        var report = Self.draftedReport()
        let answers = [
            "_Prompt: describe in two or three sentences what happened and what it meant for users, for a reader outside the team._":
                "Order confirmations were delayed for 40 minutes while the consumers ran out of memory.",
            "_Prompt for the review meeting: which decisions, tools or practices helped the response?_":
                "The queue depth alert named the stalled consumer group.",
            "_Prompt for the review meeting: where did systems, tooling or process make the response harder?_":
                "The restart procedure was not written down.",
            "_Prompt for the review meeting: what could have made this worse, and did not?_":
                "The stall began outside the evening peak.",
        ]
        for (prompt, answer) in answers {
            report = report.replacingOccurrences(of: prompt, with: answer)
        }
        let findings = Checking.findings(report, name: "retro.md")
        #expect(!findings.contains { $0.rule.family == "section" || $0.rule.family == "blame" }, "\(findings.map(\.diagnostic.formatted))")
    }

    @Test func promptsInCodeAreNotReported() {
        let text = "# Template notes\n\n```\n_Prompt: describe what happened._\n```\n"
        #expect(Checking.findings(text).isEmpty)
    }
}
