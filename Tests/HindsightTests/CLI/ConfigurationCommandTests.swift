import Foundation
import Testing

/// `.hindsight.yml` as the commands find and use it: the walk up from the first input,
/// the `.git` boundary, `--config`, `--no-config`, errors with their line and column,
/// and `hindsight init`.
@Suite(.serialized) struct ConfigurationCommandTests {
    static let log = """
        ---
        title: Queue stalled
        severity: SEV1
        timezone: UTC
        ---

        ## Timeline

        ### 2026-03-04

        - 10:00 [impact] Order confirmations stop.
        - 10:20 [detected] Queue depth alert fires.
        - 10:25 [ack] On-call acknowledges.
        - 12:00 [mitigated] Consumers restarted.
        - 15:30 [resolved] Backlog drained.
        """

    static let configuration = """
        severities:
          SEV1: {sla: 4h}
        measures:
          timeToResolve: {from: [impactStarted], to: [resolved]}
        """

    /// A repository: `repo/.git`, `repo/incidents/2026/log.md`.
    static func repository() throws -> (root: URL, log: URL) {
        let root = try CommandRunner.temporaryFolder().appendingPathComponent("repo")
        let folder = root.appendingPathComponent("incidents/2026")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("log.md")
        try Self.log.write(to: log, atomically: true, encoding: .utf8)
        return (root, log)
    }

    static func analysis(_ result: CommandRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func resolveSeconds(_ json: [String: Any]) -> Int? {
        (json["durations"] as? [String: Any])?["timeToResolve"] as? Int
    }

    static func slaTarget(_ json: [String: Any]) -> Int? {
        (json["serviceLevels"] as? [String: Any])?["slaTargetSeconds"] as? Int
    }

    @Test func foundAtTheRepositoryRootByWalkingUp() throws {
        let (root, _) = try Self.repository()
        let plain = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--json"], in: root)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(Self.resolveSeconds(try Self.analysis(plain)) == 5 * 3600 + 10 * 60)
        #expect(Self.slaTarget(try Self.analysis(plain)) == nil)

        try Self.configuration.write(to: root.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        // From the root, from the log's own folder, and from elsewhere with an absolute path.
        for (directory, input) in [(root, "incidents/2026/log.md"), (root.appendingPathComponent("incidents/2026"), "log.md"), (URL(fileURLWithPath: "/"), root.appendingPathComponent("incidents/2026/log.md").path)] {
            let configured = try CommandRunner.run(["analyze", input, "--json"], in: directory)
            #expect(configured.status == 0, "\(configured.stderr)")
            let json = try Self.analysis(configured)
            #expect(Self.resolveSeconds(json) == 5 * 3600 + 30 * 60)
            #expect(Self.slaTarget(json) == 4 * 3600)
        }
        let ignored = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--json", "--no-config"], in: root)
        #expect(Self.resolveSeconds(try Self.analysis(ignored)) == 5 * 3600 + 10 * 60)
    }

    @Test func theNearestFileWinsAndTheWalkStopsAtGit() throws {
        let (root, _) = try Self.repository()
        // Above the repository: never read, because the walk stops at the folder with .git.
        try "measures: {timeToResolve: {from: [acknowledged], to: [resolved]}}\n"
            .write(to: root.deletingLastPathComponent().appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let outside = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--json"], in: root)
        #expect(Self.resolveSeconds(try Self.analysis(outside)) == 5 * 3600 + 10 * 60)
        // Nearer than the root: wins.
        try Self.configuration.write(to: root.appendingPathComponent("incidents/.hindsight.yml"), atomically: true, encoding: .utf8)
        try "measures: {timeToResolve: {from: [acknowledged], to: [resolved]}}\n"
            .write(to: root.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let nearest = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--json"], in: root)
        #expect(Self.resolveSeconds(try Self.analysis(nearest)) == 5 * 3600 + 30 * 60)
    }

    @Test func configNamesTheFile() throws {
        let (root, _) = try Self.repository()
        try Self.configuration.write(to: root.appendingPathComponent("team.yml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--json", "--config", "team.yml"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.slaTarget(try Self.analysis(result)) == 4 * 3600)
        let draft = try CommandRunner.run(["draft", "incidents/2026/log.md", "--config", "team.yml"], in: root)
        #expect(draft.status == 0)
        #expect(draft.stdout.contains("resolve within 4h"))
        let missing = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--config", "nope.yml"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yml: no such configuration file"))
        let both = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--config", "team.yml", "--no-config"], in: root)
        #expect(both.status == 2)
    }

    @Test func errorsStopWithTheirLineAndColumnWarningsDoNot() throws {
        let (root, _) = try Self.repository()
        try "severities:\n  SEV1: {sla: soon}\n".write(to: root.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(["analyze", "incidents/2026/log.md"], in: root)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix(".hindsight.yml:2:15: error: cannot read the SLA 'soon'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("1 error in the configuration .hindsight.yml"))

        try "colour: blue\n".write(to: root.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let warned = try CommandRunner.run(["analyze", "incidents/2026/log.md"], in: root)
        #expect(warned.status == 0)
        #expect(warned.stderr.hasPrefix(".hindsight.yml:1:1: warning: unknown key 'colour' (ignored)"))
        let strict = try CommandRunner.run(["analyze", "incidents/2026/log.md", "--strict"], in: root)
        #expect(strict.status == 1)
    }

    @Test func checkUsesTheWordLists() throws {
        let (root, _) = try Self.repository()
        let report = root.appendingPathComponent("incidents/review.md")
        try "## Summary\n\nThe release team dropped the ball.\n".write(to: report, atomically: true, encoding: .utf8)
        let plain = try CommandRunner.run(["check", "incidents/review.md"], in: root)
        #expect(plain.status == 0, "\(plain.stderr)")
        try "check:\n  blaming_phrases: [dropped the ball]\n".write(to: root.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let configured = try CommandRunner.run(["check", "incidents/review.md"], in: root)
        #expect(configured.status == 1)
        #expect(configured.stderr.contains("[blame.custom]"))
    }

    @Test func initWritesACommentedFileAndRefusesToOverwrite() throws {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let first = try CommandRunner.run(["init"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let path = folder.appendingPathComponent(".hindsight.yml")
        let text = try String(contentsOf: path, encoding: .utf8)
        #expect(text.hasPrefix("# Hindsight configuration"))
        #expect(text.contains("severities:") && text.contains("# publish:"))
        try "edited\n".write(to: path, atomically: true, encoding: .utf8)
        let again = try CommandRunner.run(["init"], in: folder)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists; pass --force"))
        #expect(try String(contentsOf: path, encoding: .utf8) == "edited\n")
        let forced = try CommandRunner.run(["init", "--force"], in: folder)
        #expect(forced.status == 0)
        #expect(try String(contentsOf: path, encoding: .utf8) == text)
        // The written file is read back by the commands without a diagnostic.
        try Self.log.write(to: folder.appendingPathComponent("log.md"), atomically: true, encoding: .utf8)
        let analyze = try CommandRunner.run(["analyze", "log.md"], in: folder)
        #expect(analyze.status == 0)
        #expect(analyze.stderr.isEmpty, "\(analyze.stderr)")
    }
}
