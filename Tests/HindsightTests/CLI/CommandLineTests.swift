import Foundation
import Testing

/// The command as a user runs it: arguments, files written, messages, exit status.
@Suite(.serialized) struct CommandLineTests {
    static let log = """
        ---
        title: Queue consumers stalled
        severity: SEV2
        services: [orders]
        timezone: Europe/Berlin
        date: 2026-03-04
        ---

        ## Timeline

        - 10:00 [impact-started] Order confirmations stop being sent.
        - 10:12 [detected] Queue depth alert fires for the orders queue.
        - 10:15 Page acknowledged by the on-call engineer.
        - 10:40 [mitigated] Consumers restarted with a larger memory limit; the queue drains.
        - 11:05 [resolved] Queue depth back to normal.

        """

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func draftWritesMarkdownAndHTML() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        let result = try CommandRunner.run(["draft", input, "-o", "retro.md", "--html", "retro.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("retro.md"), encoding: .utf8)
        let html = try String(contentsOf: folder.appendingPathComponent("retro.html"), encoding: .utf8)
        #expect(markdown.hasPrefix("<!-- hindsight:begin header"))
        #expect(markdown.contains("# Queue consumers stalled"))
        #expect(markdown.contains("| Time to resolve | 53 min |"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<h1 id=\"queue-consumers-stalled\">Queue consumers stalled</h1>"))
        #expect(!html.contains("hindsight:begin"))
    }

    @Test func draftWithoutOutputPrintsMarkdown() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        let result = try CommandRunner.run(["draft", input], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("## Timeline"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["incident.md"])
    }

    @Test func analyzeJSONFollowsTheContract() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        let result = try CommandRunner.run(["analyze", input, "--json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let milestones = try #require(object["milestones"] as? [String: Any])
        #expect(milestones["detected"] as? String == "2026-03-04T09:12:00Z")
        #expect(milestones["declared"] is NSNull)
        let durations = try #require(object["durations"] as? [String: Any])
        #expect(durations["timeToDetect"] as? Int == 720)
        #expect(durations["impactDuration"] as? Int == 2400)
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.count == 5)
        let source = try #require(events[0]["source"] as? [String: Any])
        #expect(source["line"] as? Int == 11)
        #expect(object["warnings"] is [Any])
    }

    @Test func missingFileIsExitTwo() throws {
        let result = try CommandRunner.run(["draft", "/nonexistent/incident.md"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/incident.md: no such file or folder"))
    }

    @Test func usageErrorsAreExitTwo() throws {
        #expect(try CommandRunner.run([]).status == 2)
        #expect(try CommandRunner.run(["draft"]).status == 2)
        #expect(try CommandRunner.run(["draft", "x.md", "--no-such-option"]).status == 2)
        let zone = try CommandRunner.run(["draft", "x.md", "--timezone", "Mars/Olympus"])
        #expect(zone.status == 2)
        #expect(zone.stderr.contains("unknown time zone 'Mars/Olympus'"))
        #expect(try CommandRunner.run(["draft", "x.md", "--date", "2026-02-30"]).status == 2)
    }

    @Test func versionAndHelpSucceed() throws {
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("."))
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("draft"))
    }

    @Test func invalidInputIsExitOneWithLocation() throws {
        let folder = try CommandRunner.temporaryFolder()
        let empty = try write("", "empty.md", in: folder)
        let result = try CommandRunner.run(["draft", empty, "-o", "retro.md"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("empty.md: error: the file is empty"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.md").path))

        let binary = folder.appendingPathComponent("binary.md")
        try Data([0x2D, 0x20, 0x00, 0xFF]).write(to: binary)
        let binaryResult = try CommandRunner.run(["analyze", binary.path], in: folder)
        #expect(binaryResult.status == 1)
        #expect(binaryResult.stderr.contains("binary.md:1:3: error:"))
    }

    /// A large input makes the command start again with huge pages for its memory; the
    /// result is the same as without (`GLIBC_TUNABLES=glibc.malloc.hugetlb=0` turns it off).
    @Test func largeInputDraftsTheSameWithHugePages() throws {
        let folder = try CommandRunner.temporaryFolder()
        let notes = String(repeating: "The load balancers in both sites were checked; no change was needed.\n", count: 130_000)
        let input = try write(Self.log + "\n## Notes\n\n```\n" + notes + "```\n", "large.md", in: folder)
        #expect(try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int ?? 0 >= 8 << 20)
        let started = try CommandRunner.run(["draft", input, "-o", "again.md", "--html", "again.html"], in: folder)
        #expect(started.status == 0, "\(started.stderr)")
        let plain = try CommandRunner.run(
            ["draft", input, "-o", "plain.md", "--html", "plain.html"], in: folder,
            environment: ["GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"])
        #expect(plain.status == 0, "\(plain.stderr)")
        for (again, alone) in [("again.md", "plain.md"), ("again.html", "plain.html")] {
            let first = try Data(contentsOf: folder.appendingPathComponent(again))
            #expect(first.count > 8 << 20)
            #expect(first == (try Data(contentsOf: folder.appendingPathComponent(alone))))
        }
    }

    @Test func editedReportIsNotOverwrittenWithoutForce() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        #expect(try CommandRunner.run(["draft", input, "-o", "retro.md"], in: folder).status == 0)
        let report = folder.appendingPathComponent("retro.md")
        let drafted = try String(contentsOf: report, encoding: .utf8)

        // Re-drafting an unedited report is allowed and gives the same bytes.
        #expect(try CommandRunner.run(["draft", input, "-o", "retro.md"], in: folder).status == 0)
        #expect(try String(contentsOf: report, encoding: .utf8) == drafted)

        let edited = drafted.replacingOccurrences(
            of: "_Prompt for the review meeting: which decisions, tools or practices helped the response?_",
            with: "The queue alert fired within minutes and named the right consumer group.")
        try edited.write(to: report, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["draft", input, "-o", "retro.md"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("retro.md: error: the report has been edited"))
        #expect(refused.stderr.contains("The queue alert fired within minutes"))
        #expect(try String(contentsOf: report, encoding: .utf8) == edited)

        // Nothing is written when a report is refused, not even the page; and an edited
        // report named as the page is protected as well.
        let withPage = try CommandRunner.run(["draft", input, "-o", "retro.md", "--html", "retro.html"], in: folder)
        #expect(withPage.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.html").path))
        let asPage = try CommandRunner.run(["draft", input, "-o", "other.md", "--html", "retro.md"], in: folder)
        #expect(asPage.status == 1)
        #expect(asPage.stderr.contains("retro.md: error: the report has been edited"))
        #expect(try String(contentsOf: report, encoding: .utf8) == edited)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.md").path))

        let forced = try CommandRunner.run(["draft", input, "-o", "retro.md", "--force"], in: folder)
        #expect(forced.status == 0)
        #expect(try String(contentsOf: report, encoding: .utf8) == drafted)
        #expect(try String(contentsOf: folder.appendingPathComponent("retro.md.bak"), encoding: .utf8) == edited)
    }

    @Test func renderPublishesAnEditedReportAsWritten() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        #expect(try CommandRunner.run(["draft", input, "-o", "retro.md"], in: folder).status == 0)
        let report = folder.appendingPathComponent("retro.md")
        var text = try String(contentsOf: report, encoding: .utf8)
        text += "\n## Reviewer notes\n\nDiscussed on *Thursday*; see <script>alert(1)</script> and [link](javascript:alert(1)).\n"
        try text.write(to: report, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["render", "retro.md", "-o", "retro.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("retro.html"), encoding: .utf8)
        #expect(html.contains("<h2 id=\"reviewer-notes\">Reviewer notes</h2>"))
        #expect(html.contains("Discussed on <em>Thursday</em>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
    }

    @Test func templatesExportAndOverride() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = try write(Self.log, "incident.md", in: folder)
        let export = try CommandRunner.run(["templates", "export", "tpl"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        let page = folder.appendingPathComponent("tpl/page.html.mustache")
        var template = try String(contentsOf: page, encoding: .utf8)
        template = template.replacingOccurrences(of: "<main class=\"report\">", with: "<main class=\"report\"><p>ACME internal</p>")
        try template.write(to: page, atomically: true, encoding: .utf8)
        let custom = try CommandRunner.run(["draft", input, "--templates", "tpl", "--html", "retro.html"], in: folder)
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("retro.html"), encoding: .utf8).contains("<p>ACME internal</p>"))

        try "line one\n{{#open}}\nnever closed\n".write(to: page, atomically: true, encoding: .utf8)
        let broken = try CommandRunner.run(["draft", input, "--templates", "tpl", "--html", "retro.html"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("tpl/page.html.mustache:"))
        #expect(broken.stderr.contains("error: template error"))
    }
}
