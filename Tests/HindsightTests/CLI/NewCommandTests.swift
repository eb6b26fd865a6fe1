import Foundation
import Testing

/// `hindsight new`: a log skeleton that reads back without errors.
@Suite(.serialized) struct NewCommandTests {
    static func folder() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        return folder
    }

    @Test func writesASkeletonThatAnalyzeReads() throws {
        let folder = try Self.folder()
        let result = try CommandRunner.run(
            ["new", "Checkout: errors after deploy", "--now", "2026-03-04T02:07:00Z", "--timezone", "Europe/Berlin", "--severity", "SEV2"],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "2026-03-04-checkout-errors-after-deploy.md\n")
        let text = try String(contentsOf: folder.appendingPathComponent("2026-03-04-checkout-errors-after-deploy.md"), encoding: .utf8)
        #expect(text.hasPrefix("""
            ---
            title: "Checkout: errors after deploy"
            id: INC-20260304-0307
            severity: SEV2
            timezone: Europe/Berlin
            date: 2026-03-04
            status: investigating
            """))
        #expect(text.contains("## Timeline\n\n### 2026-03-04\n\n<!-- - 03:07 [detected]"))
        for heading in ["## Summary", "## Impact", "## Action items"] { #expect(text.contains(heading + "\n")) }

        let analyze = try CommandRunner.run(["analyze", "2026-03-04-checkout-errors-after-deploy.md", "--json"], in: folder)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(!analyze.stderr.contains(": error:"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
        let incident = try #require(json["incident"] as? [String: Any])
        #expect(incident["title"] as? String == "Checkout: errors after deploy")
        #expect(incident["id"] as? String == "INC-20260304-0307")
        #expect(json["reportTimeZone"] as? String == "Europe/Berlin")
        let check = try CommandRunner.run(["check", "2026-03-04-checkout-errors-after-deploy.md"], in: folder)
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func refusesToOverwriteAndNamesTheOutput() throws {
        let folder = try Self.folder()
        let first = try CommandRunner.run(["new", "Disk full", "-o", "logs/disk.md", "--now", "2026-12-31T23:30:00-05:00"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("logs/disk.md"), encoding: .utf8)
        // Without --timezone the id and date are in UTC.
        #expect(text.contains("id: INC-20270101-0430\n"))
        #expect(text.contains("timezone: UTC\n"))
        #expect(text.contains("severity: SEV3"))
        let second = try CommandRunner.run(["new", "Disk full", "-o", "logs/disk.md", "--now", "2026-12-31T23:30:00Z"], in: folder)
        #expect(second.status == 1)
        #expect(second.stderr.contains("logs/disk.md: error: already exists"))
        #expect(try String(contentsOf: folder.appendingPathComponent("logs/disk.md"), encoding: .utf8) == text)
    }

    @Test func usesTheConfigurationsZoneAndRejectsBadOptions() throws {
        let folder = try Self.folder()
        try "timezone: Asia/Tokyo\n".write(to: folder.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["new", "Cache cold", "--now", "2026-03-04T16:00:00Z"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "2026-03-05-cache-cold.md\n")
        let text = try String(contentsOf: folder.appendingPathComponent("2026-03-05-cache-cold.md"), encoding: .utf8)
        #expect(text.contains("id: INC-20260305-0100\n") && text.contains("timezone: Asia/Tokyo\n"))
        #expect(try CommandRunner.run(["new", "X", "--now", "yesterday"], in: folder).status == 2)
        #expect(try CommandRunner.run(["new", "X", "--timezone", "Mars/Base"], in: folder).status == 2)
        #expect(try CommandRunner.run(["new", " "], in: folder).status == 2)
    }
}
