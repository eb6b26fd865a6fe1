import Foundation
import Hindsight
import Testing
@testable import HindsightCLI

/// `hindsight check --format github|sarif|json`: what CI systems read.
@Suite(.serialized) struct CheckFormatTests {
    static func folder(with files: [String: String]) throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    // MARK: - GitHub

    @Test func githubPrintsOneWorkflowCommandPerFinding() throws {
        let folder = try Self.folder(with: ["incidents/queue.md": CheckCommandTests.blamingLog])
        let result = try CommandRunner.run(["check", "--format", "github", "incidents"], in: folder)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("::error file=incidents/queue.md,line=10,col=1,title=hindsight blame.person::\"Kofi broke\" makes a person the cause of a failure; make the change"))
        #expect(lines[3].hasPrefix("::warning file=incidents/queue.md,line=18,col=3,title=hindsight timeline.order::"))
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") })
        // The summary stays on standard error, where it does not become an annotation.
        #expect(result.stderr == "3 errors, 3 warnings in 1 file\n")
    }

    @Test func githubEscapesPropertiesAndMessages() throws {
        #expect(GitHubAnnotations.data("100% sure\r\nnext") == "100%25 sure%0D%0Anext")
        #expect(GitHubAnnotations.property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae")
        // A file name with a comma and a colon, end to end.
        let folder = try Self.folder(with: ["q3, db: notes.md": "## Summary\n\nIt was human error, 100%.\n"])
        let result = try CommandRunner.run(["check", "--format", "github", "q3, db: notes.md"], in: folder)
        #expect(result.stdout.hasPrefix("::error file=q3%2C db%3A notes.md,line=3,col=8,title=hindsight blame.human-error::\"human error\""))
        // An absolute path under the current folder is printed relative to it.
        let absolute = try CommandRunner.run(["check", "--format", "github", folder.appendingPathComponent("q3, db: notes.md").path], in: folder)
        #expect(absolute.stdout == result.stdout)
    }

    @Test func githubNamesTheJSONPathWhenThereIsNoLine() throws {
        let json = #"{"title": "x", "events": [{"time": "2026-03-04T10:00:00Z", "text": "Human error on deploy."}]}"#
        let folder = try Self.folder(with: ["log.json": json])
        let result = try CommandRunner.run(["check", "--format", "github", "log.json"], in: folder)
        #expect(result.stdout.hasPrefix("::error file=log.json,title=hindsight blame.human-error::$.events[0].text: \"Human error\""), "\(result.stdout)")
    }

    @Test func aCleanCheckPrintsNoAnnotation() throws {
        let folder = try Self.folder(with: ["ok.md": CheckCommandTests.blamelessLog])
        let result = try CommandRunner.run(["check", "--format", "github", "ok.md"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    // MARK: - SARIF

    /// The properties SARIF 2.1.0 requires, checked by hand (sarif-schema-2.1.0.json):
    /// sarifLog {version, runs}, run {tool}, tool {driver}, toolComponent {name},
    /// reportingDescriptor {id}, multiformatMessageString {text}, result {message},
    /// message {text or id}; plus the values GitHub code scanning relies on.
    static func validateSARIF(_ text: String) throws -> [[String: Any]] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "hindsight")
        #expect(driver["version"] as? String == HindsightVersion.current)
        #expect(driver["informationUri"] == nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == rules.count && Set(ids).count == ids.count && !ids.isEmpty)
        for rule in rules {
            let text = (rule["shortDescription"] as? [String: Any])?["text"] as? String
            #expect(text?.isEmpty == false)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        let results = try #require(run["results"] as? [[String: Any]])
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids.indices.contains(index) && ids[index] == ruleId)
            #expect(["error", "warning", "note", "none"].contains(result["level"] as? String ?? ""))
            let message = try #require(result["message"] as? [String: Any])
            #expect((message["text"] as? String)?.isEmpty == false)
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(locations.count == 1)
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.hasPrefix("/") && !uri.contains("://") && !uri.hasPrefix("./"))
            if let region = physical["region"] as? [String: Any] {
                #expect((region["startLine"] as? Int ?? 0) >= 1)
                #expect((region["startColumn"] as? Int ?? 1) >= 1)
            }
        }
        return results
    }

    @Test func sarifHasTheRequiredShape() throws {
        let json = #"{"title": "x", "events": [{"time": "2026-03-04T10:00:00Z", "text": "Human error on deploy."}]}"#
        let folder = try Self.folder(with: ["incidents/queue.md": CheckCommandTests.blamingLog, "incidents/log.json": json])
        let result = try CommandRunner.run(["check", "--format", "sarif", "incidents"], in: folder)
        #expect(result.status == 1)
        let results = try Self.validateSARIF(result.stdout)
        #expect(results.count == 7)
        let first = try #require(results.first)
        #expect(first["ruleId"] as? String == "blame.human-error")
        let location = try #require((first["locations"] as? [[String: Any]])?.first)
        #expect(((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String == "incidents/log.json")
        #expect((location["logicalLocations"] as? [[String: Any]])?.first?["fullyQualifiedName"] as? String == "$.events[0].text")
        let markdown = results[1]
        let physical = try #require((markdown["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "incidents/queue.md")
        #expect(physical["region"] as? [String: Int] == ["startLine": 10, "startColumn": 1])
        #expect(markdown["level"] as? String == "error")
        #expect(results.contains { $0["level"] as? String == "warning" })
    }

    @Test func sarifOfACleanCheckHasNoResultsAndEncodesPaths() throws {
        let folder = try Self.folder(with: ["post mortems/ok #1.md": CheckCommandTests.blamelessLog])
        let clean = try CommandRunner.run(["check", "--format", "sarif", "post mortems"], in: folder)
        #expect(clean.status == 0)
        #expect(try Self.validateSARIF(clean.stdout).isEmpty)
        #expect(ReportPaths.uri("post mortems/ok #1.md") == "post%20mortems/ok%20%231.md")
        #expect(ReportPaths.uri("./a/b.md") == "a/b.md")
    }

    // MARK: - JSON

    @Test func jsonIsStillAnArray() throws {
        let folder = try Self.folder(with: ["incident.md": CheckCommandTests.blamingLog])
        let result = try CommandRunner.run(["check", "incident.md", "--format", "json"], in: folder)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 6)
        #expect(Set(array.compactMap { $0["rule"] as? String }).isSubset(of: Set(CheckRule.allCases.map(\.rawValue))))
    }
}
