import Foundation
import Testing

/// `hindsight check` as CI runs it: findings on standard error (or JSON on standard
/// output), a summary line, and the exit status.
@Suite(.serialized) struct CheckCommandTests {
    static let blamingLog = """
        ---
        title: Queue consumers stalled
        timezone: Europe/Berlin
        roles:
          on-call: Kofi Mensah
        ---

        ## Summary

        Kofi broke the consumers with a config push. It was human error.

        ## Timeline

        ### 2026-03-04

        - 10:00 Order confirmations stop being sent.
        - 10:15 Kofi should have paged the platform team.
        - 10:12 Queue depth alert fires.

        ## Action items

        - [ ] Add a memory alert for the consumers
        """

    static let blamelessLog = """
        ---
        title: Queue consumers stalled
        timezone: Europe/Berlin
        roles:
          on-call: Kofi Mensah
        ---

        ## Summary

        A configuration push lowered the consumers' memory limit, and no check compared it with
        the peak working set. Kofi restarted the consumers with the old limit.

        ## Timeline

        ### 2026-03-04

        - 10:00 Order confirmations stop being sent.
        - 10:12 Queue depth alert fires.
        - 10:40 Consumers restarted with the old limit; the queue drains.

        ## Action items

        - [ ] Validate memory limits against the peak working set before a push (owner: Kofi Mensah, due: 2026-03-20)
        """

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aBlamingLogFailsWithEachFindingAtItsPlace() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.blamingLog, "incident.md", in: folder)
        let result = try CommandRunner.run(["check", "incident.md"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(result.stderr)")
        let prefixes = lines.dropLast().map { $0.components(separatedBy: ": ").prefix(2).joined(separator: ": ") }
        #expect(prefixes == [
            "incident.md:10:1: error",
            "incident.md:10:53: error",
            "incident.md:17:14: error",
            "incident.md:18:3: warning",
            "incident.md:22:3: warning",
            "incident.md:22:3: warning",
        ])
        #expect(lines[0].hasPrefix("incident.md:10:1: error: \"Kofi broke\" makes a person the cause of a failure; "))
        #expect(lines[0].hasSuffix(" [blame.person]"))
        #expect(lines[1].hasSuffix(" [blame.human-error]"))
        #expect(lines[2].contains("\"should have\"") && lines[2].hasSuffix("[blame.should-have]"))
        #expect(lines[3].contains("entry at 10:12 is earlier than the entry before it (10:15)") && lines[3].hasSuffix("[timeline.order]"))
        #expect(lines[4].hasSuffix("[action.owner]"))
        #expect(lines[5].hasSuffix("[action.due]"))
        #expect(lines[6] == "3 errors, 3 warnings in 1 file")
    }

    @Test func aBlamelessLogPasses() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.blamelessLog, "incident.md", in: folder)
        let result = try CommandRunner.run(["check", "incident.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "0 errors, 0 warnings in 1 file\n")
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let folder = try CommandRunner.temporaryFolder()
        let text = Self.blamelessLog.replacingOccurrences(of: " (owner: Kofi Mensah, due: 2026-03-20)", with: "")
        _ = try write(text, "incident.md", in: folder)
        let relaxed = try CommandRunner.run(["check", "incident.md"], in: folder)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.hasSuffix("0 errors, 2 warnings in 1 file\n"))
        let strict = try CommandRunner.run(["check", "--strict", "incident.md"], in: folder)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("[action.owner]"))
        #expect(strict.stderr.hasSuffix("0 errors, 2 warnings in 1 file (warnings fail with --strict)\n"))
    }

    @Test func suppressionAndQuotedSpeech() throws {
        let folder = try CommandRunner.temporaryFolder()
        let text = Self.blamelessLog.replacingOccurrences(
            of: "Kofi restarted the consumers with the old limit.",
            with: """
                Kofi restarted the consumers with the old limit.
                A reviewer wrote "it was human error" on the ticket.
                <!-- hindsight-check: allow-next-line blame.should-have -->
                The push should have been staged, the note says.
                """)
        _ = try write(text, "incident.md", in: folder)
        let result = try CommandRunner.run(["check", "incident.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("incident.md:12:26: warning: \"human error\" puts the failure on a person (in quoted speech)"))
        #expect(!result.stderr.contains("should have"))
        #expect(result.stderr.hasSuffix("0 errors, 1 warning in 1 file\n"))
    }

    @Test func jsonFormatIsAnArrayOfFindings() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.blamingLog, "incident.md", in: folder)
        let result = try CommandRunner.run(["check", "incident.md", "--format", "json"], in: folder)
        #expect(result.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 6)
        let first = try #require(array.first)
        #expect(first["file"] as? String == "incident.md")
        #expect(first["line"] as? Int == 10)
        #expect(first["column"] as? Int == 1)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "blame.person")
        #expect(first["message"] as? String == "\"Kofi broke\" makes a person the cause of a failure")
        #expect((first["suggestion"] as? String)?.isEmpty == false)
        #expect(first["path"] is NSNull)
        #expect(Set(array.compactMap { $0["rule"] as? String }) == ["blame.person", "blame.human-error", "blame.should-have", "timeline.order", "action.owner", "action.due"])
        #expect(result.stderr == "3 errors, 3 warnings in 1 file\n")

        let clean = try write(Self.blamelessLog, "clean.md", in: folder)
        let empty = try CommandRunner.run(["check", clean, "--format", "json"], in: folder)
        #expect(empty.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [Any] != nil)
    }

    @Test func foldersAreWalkedInOrder() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try write(Self.blamelessLog, "logs/b.md", in: folder)
        _ = try write("It was human error.\n", "logs/a/nested.md", in: folder)
        _ = try write("{\"events\": [{\"text\": \"Restart fixed it.\"}]}", "logs/c.json", in: folder)
        _ = try write("David broke it.\n", "logs/.hidden/skip.md", in: folder)
        _ = try write("David broke it.\n", "logs/notes.txt", in: folder)
        let result = try CommandRunner.run(["check", "logs"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == """
            logs/a/nested.md:1:8: error: "human error" puts the failure on a person; describe the conditions that made the action possible (missing guard rail, unclear runbook, confusing UI) [blame.human-error]
            1 error, 0 warnings in 3 files

            """)
    }

    @Test func unreadableInputsAndUsageErrors() throws {
        let folder = try CommandRunner.temporaryFolder()
        let missing = try CommandRunner.run(["check", "missing.md"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.md: no such file or folder"))
        #expect(try CommandRunner.run(["check"], in: folder).status == 2)
        let format = try CommandRunner.run(["check", "x.md", "--format", "xml"], in: folder)
        #expect(format.status == 2)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nothing"), withIntermediateDirectories: true)
        let nothing = try CommandRunner.run(["check", "nothing"], in: folder)
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("the folder holds no .md or .json files"))

        _ = try write("", "empty.md", in: folder)
        let empty = try CommandRunner.run(["check", "empty.md"], in: folder)
        #expect(empty.status == 1)
        #expect(empty.stderr.hasPrefix("empty.md:1:1: error: the file is empty"))
    }

    @Test func theBundledSamplesPass() throws {
        let result = try CommandRunner.run(["check", "samples"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains(": error:"))
        #expect(result.stderr.contains("0 errors"))
    }
}
