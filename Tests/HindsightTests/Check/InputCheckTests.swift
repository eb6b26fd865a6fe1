import Foundation
import Testing
@testable import Hindsight

@Suite struct InputCheckTests {
    static func findings(_ data: Data, name: String = "log.md") -> [CheckFinding] {
        IncidentChecker.findings(in: InputDocument(name: name, content: .file(data)))
    }

    @Test func unreadableInputsAreErrorsWithLocations() {
        #expect(Checking.summary(Self.findings(Data())) == ["1:1 input.empty"])
        #expect(Checking.summary(Self.findings(Data(" \n\t\n".utf8))) == ["1:1 input.empty"])
        #expect(Checking.summary(Self.findings(Data([0x2D, 0x20, 0x0A, 0x61, 0x00]))) == ["2:2 input.binary"])
        #expect(Checking.summary(Self.findings(Data([0x61, 0x62, 0xFF, 0x63]))) == ["1:3 input.binary"])
        #expect(Self.findings(Data()).allSatisfy { $0.severity == .error })
        let folder = IncidentChecker.findings(in: InputDocument(name: "export", content: .folder(["a.json": Data("{}".utf8)])))
        #expect(folder.map(\.rule) == [.inputUnsupported])
        #expect(folder.first?.location == SourceLocation(file: "export"))
    }

    @Test func invalidJSONPointsAtTheParserPosition() throws {
        let findings = Self.findings(Data("{\n  \"events\": [\n    {\"text\": \"ok\" \"x\"}\n  ]\n}\n".utf8), name: "log.json")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.rule == .inputJSON)
        #expect(finding.severity == .error)
        #expect(finding.location.file == "log.json")
        #expect(finding.location.line != nil)
    }

    @Test func jsonWithoutProseIsAnError() {
        let findings = Self.findings(Data("{\"title\": \"Queue stall\", \"events\": []}".utf8), name: "log.json")
        #expect(findings.map(\.rule) == [.inputEmpty])
        #expect(findings.first?.location == SourceLocation(file: "log.json", path: "$"))
    }

    @Test func jsonProseIsCheckedAtItsPath() {
        let log = """
            {
              "title": "Slow payments",
              "roles": {"commander": "Hannah Berg"},
              "sections": [
                {"title": "Summary", "markdown": "Hannah caused the retries. It was human error."},
                {"title": "Action items", "markdown": "- [ ] Lower the timeout (owner: Sam, due: 2026-05-01)\\n- [ ] Add a fallback"},
                {"title": "What went well", "markdown": ""}
              ],
              "events": [
                {"time": "2026-04-14T13:40:00Z", "text": "Latency rises.", "details": ["The on-call engineer ignored the first page."]},
                {"time": "2026-04-14T13:52:00Z", "text": "Kofi said \\"we should have failed over\\"."}
              ]
            }
            """
        let findings = Self.findings(Data(log.utf8), name: "log.json")
        let described = findings.map { "\($0.location.path ?? "") \($0.rule.rawValue) \($0.severity.rawValue)" }
        #expect(described == [
            "$.events[0].details[0] blame.person error",
            "$.events[1].text blame.should-have warning",
            "$.sections[0].markdown blame.person error",
            "$.sections[0].markdown blame.human-error error",
            "$.sections[1].markdown action.owner warning",
            "$.sections[1].markdown action.due warning",
            "$.sections[2].markdown section.empty warning",
        ])
        #expect(findings.first?.location.description == "log.json:$.events[0].details[0]")
    }

    @Test func jsonPathsQuoteUnusualKeys() {
        #expect(JSONTextChecker.pathComponent("events") == ".events")
        #expect(JSONTextChecker.pathComponent("log entries") == "[\"log entries\"]")
    }

    @Test func crlfTextIsReadLikeLF() {
        let findings = Checking.findings("# Notes\r\n\r\nIt was human error.\r\n")
        #expect(Checking.summary(findings) == ["3:8 blame.human-error"])
    }

    @Test func hostileNestingDoesNotTrap() {
        let deep = String(repeating: "> ", count: 500) + "David broke it\n" + String(repeating: "- ", count: 500) + "x\n"
        _ = Checking.findings(deep)
        let json = String(repeating: "[", count: 400) + String(repeating: "]", count: 400)
        _ = Self.findings(Data(json.utf8), name: "deep.json")
        // Backtick runs of many lengths, none closed until much later.
        let ticks = String((1...300).map { String(repeating: "`", count: $0) + "x" }.joined()) + " human error\n"
        _ = Checking.findings(ticks)
    }
}

/// The bundled samples are blameless: the checker finds no errors in any of them.
@Suite struct SampleCheckTests {
    static let samples: [String] = {
        let folder = CommandRunner.root.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ($0.hasSuffix(".md") || $0.hasSuffix(".json")) && $0 != "README.md" }.sorted()
    }()

    @Test func theSamplesAreThere() {
        #expect(Self.samples.count >= 5)
    }

    @Test(arguments: samples)
    func sampleHasNoErrors(_ name: String) throws {
        let url = CommandRunner.root.appendingPathComponent("samples").appendingPathComponent(name)
        let findings = IncidentChecker.findings(in: InputDocument(name: name, content: .file(try Data(contentsOf: url))))
        #expect(!findings.contains { $0.severity == .error }, "\(findings.map(\.diagnostic.formatted))")
        // Only the action items the samples leave rough on purpose are warnings.
        #expect(findings.allSatisfy { $0.rule.family == "action" }, "\(findings.map(\.diagnostic.formatted))")
    }
}
