import Foundation
import Testing

/// `hindsight draft … -o report.md --update`: reviewers edit, the log changes, the report
/// is regenerated, and every edit survives.
@Suite(.serialized) struct UpdateCommandTests {
    static let log = """
        ---
        title: Search suggestions empty after an index rebuild
        severity: SEV3
        timezone: Europe/Madrid
        date: 2026-09-08
        ---

        ## Timeline

        - 14:00 [impact-started] Suggestion box returns no results for most queries.
        - 14:09 [detected] Synthetic check for suggestions fails.
        - 14:12 On-call engineer acknowledges the alert.
        - 14:30 [mitigated] Previous index version restored.
        - 14:50 [resolved] Rebuilt index verified and swapped in.

        """

    /// The log after the author added two entries.
    static let changedLog = log.replacingOccurrences(
        of: "- 14:30 [mitigated]",
        with: "- 14:18 [failed] Clearing the suggestion cache did not help.\n- 14:24 [identified] The rebuild job skipped the synonyms step.\n- 14:30 [mitigated]")

    static let wentWellPrompt = "_Prompt for the review meeting: which decisions, tools or practices helped the response?_"
    static let answer = "Restoring the previous index took five minutes thanks to the runbook."
    static let impactNote = "Only logged-in users saw the empty box; the public site was cached."
    static let editedRow = "| 14:12 | 12:12Z | **Acknowledged:** Lucía acknowledged the alert and opened the runbook. | incident.md:12 |"
    static let reviewerSection = "## Review attendees\n\nSearch, SRE and support leads.\n"

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func read(_ name: String, in folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Drafts the log into `retro.md` and edits it in several places; returns the edited text.
    func draftAndEdit(in folder: URL) throws -> String {
        _ = try write(Self.log, "incident.md", in: folder)
        let drafted = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md"], in: folder)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        var text = try read("retro.md", in: folder)
        let acknowledged = "| 14:12 | 12:12Z | **Acknowledged:** On-call engineer acknowledges the alert. | incident.md:12 |"
        try #require(text.contains(Self.wentWellPrompt) && text.contains(acknowledged) && text.contains("<!-- hindsight:end impact -->\n"))
        text = text.replacingOccurrences(of: Self.wentWellPrompt, with: Self.answer)
        text = text.replacingOccurrences(of: acknowledged, with: Self.editedRow)
        text = text.replacingOccurrences(of: "<!-- hindsight:end impact -->\n", with: "<!-- hindsight:end impact -->\n\n\(Self.impactNote)\n")
        text += "\n" + Self.reviewerSection
        _ = try write(text, "retro.md", in: folder)
        return text
    }

    @Test func everyEditSurvivesAndTheRestFollowsTheNewLog() throws {
        let folder = try CommandRunner.temporaryFolder()
        let edited = try draftAndEdit(in: folder)
        _ = try write(Self.changedLog, "incident.md", in: folder)

        // A plain draft refuses, and says how to keep the edits.
        let refused = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Pass --update to regenerate it keeping the edits"))
        #expect(try read("retro.md", in: folder) == edited)

        let result = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update", "--html", "retro.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let updated = try read("retro.md", in: folder)
        for edit in [Self.answer, Self.editedRow, Self.impactNote, Self.reviewerSection] {
            #expect(updated.contains(edit), "lost “\(edit)”")
        }
        #expect(!updated.contains(Self.wentWellPrompt))
        #expect(updated.hasSuffix(Self.reviewerSection))
        // The edited timeline is kept, with a note pointing at it.
        let lines = updated.components(separatedBy: "\n")
        let timeline = try #require(lines.firstIndex { $0.hasPrefix("<!-- hindsight:begin timeline") })
        #expect(result.stderr.contains("retro.md:\(timeline + 1): note: kept your edits in “timeline”; the regenerated version differs"))
        #expect(!updated.contains("| 14:18 | 2026-09-08 12:18Z | Clearing the suggestion cache did not help. |"))
        // The blocks nobody edited follow the new log.
        #expect(updated.contains("| Cause identified | 2026-09-08 14:24 |"))
        #expect(updated.contains("## Remediation attempts that did not help"))
        #expect(updated.contains("- 2026-09-08 14:18 — Clearing the suggestion cache did not help. (incident.md:13)"))
        #expect(result.stderr.contains("note: added the generated block “failed-attempts”"))
        // The HTML page is the merged report.
        let html = try read("retro.html", in: folder)
        #expect(html.contains(Self.answer))
        #expect(html.contains("Review attendees"))

        // Updating again with the same log changes nothing.
        let again = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update"], in: folder)
        #expect(again.status == 0)
        #expect(try read("retro.md", in: folder) == updated)
    }

    @Test func updatingAnUneditedReportGivesTheNewDraft() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.log, "incident.md", in: folder)
        #expect(try CommandRunner.run(["draft", "incident.md", "-o", "retro.md"], in: folder).status == 0)
        _ = try write(Self.changedLog, "incident.md", in: folder)
        let updated = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update"], in: folder)
        #expect(updated.status == 0, "\(updated.stderr)")
        let fresh = try CommandRunner.run(["draft", "incident.md"], in: folder)
        #expect(try read("retro.md", in: folder) == fresh.stdout)
    }

    @Test func updateOfAMissingFileWritesTheDraft() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.log, "incident.md", in: folder)
        let result = try CommandRunner.run(["draft", "incident.md", "-o", "new/retro.md", "--update"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let fresh = try CommandRunner.run(["draft", "incident.md"], in: folder)
        #expect(try read("new/retro.md", in: folder) == fresh.stdout)
    }

    @Test func updateRefusesAFileHindsightDidNotDraft() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.log, "incident.md", in: folder)
        let notes = "# Our own notes\n\nNothing generated here.\n"
        _ = try write(notes, "retro.md", in: folder)
        let result = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update", "--html", "retro.html"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("retro.md: error: the file has no Hindsight markers"))
        #expect(try read("retro.md", in: folder) == notes)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.html").path))
    }

    @Test func updateAndForceTogetherAreAUsageError() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.log, "incident.md", in: folder)
        let both = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update", "--force"], in: folder)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--update and --force cannot be used together"))
        let withoutOutput = try CommandRunner.run(["draft", "incident.md", "--update"], in: folder)
        #expect(withoutOutput.status == 2)
        #expect(withoutOutput.stderr.contains("--update needs -o"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["incident.md"])
    }

    @Test func crlfReportKeepsItsLineEndings() throws {
        let folder = try CommandRunner.temporaryFolder()
        let edited = try draftAndEdit(in: folder)
        _ = try write(edited.replacingOccurrences(of: "\n", with: "\r\n"), "retro.md", in: folder)
        _ = try write(Self.changedLog, "incident.md", in: folder)
        let result = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--update"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("retro.md"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\r\n\(Self.answer)\r\n"))
        #expect(text.contains("## Remediation attempts that did not help\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}
