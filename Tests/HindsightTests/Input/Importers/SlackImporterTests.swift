import Foundation
import Testing
@testable import Hindsight

@Suite struct SlackImporterTests {
    static let users = """
    [{"id": "U1", "name": "rosa", "real_name": "Rosa Diaz", "profile": {"real_name": "Rosa Diaz", "display_name": "rosa"}},
     {"id": "U2", "name": "tk", "profile": {"real_name": "", "display_name": "TK"}}]
    """
    static let channels = #"[{"id": "C1", "name": "inc-42-checkout"}, {"id": "C2", "name": "random"}]"#
    static let dayOne = """
    [
      {"type": "message", "subtype": "channel_join", "user": "U1", "text": "<@U1> has joined the channel", "ts": "1767225600.000100"},
      {"type": "message", "user": "U1", "text": "Checkout is failing, see <https://grafana.example/d/1|the dashboard> cc <@U2> <!here>", "ts": "1767225660.000200"},
      {"type": "message", "subtype": "bot_message", "bot_id": "B9", "username": "PagerDuty", "text": "", "ts": "1767225601.000300",
       "attachments": [{"fallback": "Triggered #42: checkout 5xx", "text": "Service: checkout"}]},
      {"type": "message", "user": "U2", "text": "Rolling back in <#C1|inc-42-checkout>:\\n```kubectl rollout undo &lt;deploy&gt; <https://x.example|x>```", "ts": "1767225720.000001",
       "edited": {"user": "U2", "ts": "1767225730.000000"}},
      {"type": "message", "subtype": "bot_message", "bot_id": "B8", "text": "", "ts": "1767225721.000000"},
      {"type": "message", "user": "U1", "text": "typo", "ts": "1767225722.000000"},
      {"type": "message", "subtype": "message_changed", "hidden": true, "message": {"type": "message", "user": "U1", "text": "fixed text", "ts": "1767225722.000000"}, "ts": "1767225799.000000"},
      {"type": "message", "user": "U1", "text": "<@U3> please join", "ts": "bogus"},
      {"type": "message", "user": "U1", "text": "1 &lt; 2 &amp; 3 &gt; 2", "ts": "1767225800.5"}
    ]
    """
    static let dayTwo = """
    [{"type": "message", "user": "U2", "text": "All clear", "ts": "1767312000.000000", "thread_ts": "1767225660.000200"}]
    """
    static let random = #"[{"type": "message", "user": "U2", "text": "lunch?", "ts": "1767225630.000000"}]"#

    static func folder(prefix: String = "") -> [String: Data] {
        [
            prefix + "users.json": Data(users.utf8), prefix + "channels.json": Data(channels.utf8),
            prefix + "inc-42-checkout/2026-01-01.json": Data(dayOne.utf8), prefix + "inc-42-checkout/2026-01-02.json": Data(dayTwo.utf8),
            prefix + "random/2026-01-01.json": Data(random.utf8), prefix + "integration_logs.json": Data("[]".utf8),
        ]
    }

    @Test func readsAChannelFromAFolderExport() throws {
        let result = IncidentReader.read(
            InputDocument(name: "export", content: .folder(Self.folder())), options: ReadingOptions(incident: "#inc-42"))
        let log = try #require(result.logs.first)
        let events = log.events
        #expect(events.map(\.text) == [
            "Triggered #42: checkout 5xx",
            "Checkout is failing, see [the dashboard](https://grafana.example/d/1) cc @TK @here",
            "Rolling back in #inc-42-checkout:",
            "fixed text",
            "1 &lt; 2 &amp; 3 &gt; 2",
            "All clear",
        ])
        #expect(events.map(ImportTestSupport.utc) == [
            "2026-01-01T00:00:01Z", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:02:02Z",
            "2026-01-01T00:03:20Z", "2026-01-02T00:00:00Z",
        ])
        #expect(events[1].time?.instant.timeIntervalSince1970 == 1_767_225_660.0002)
        #expect(events.map(\.author) == ["PagerDuty", "Rosa Diaz", "TK", "Rosa Diaz", "Rosa Diaz", "TK"])
        #expect(events[0].details == ["Service: checkout"])
        #expect(events[0].origin == "Slack #inc-42-checkout bot_message")
        #expect(events[2].details == ["Rolling back in #inc-42-checkout:\n```\nkubectl rollout undo <deploy> x\n```"])
        #expect(events[5].origin == "Slack #inc-42-checkout (thread reply)")
        #expect(events[1].source == SourceLocation(file: "export/inc-42-checkout/2026-01-01.json", path: "$[1]"))
        #expect(events[1].writtenTime == "1767225660.000200")
        #expect(result.diagnostics.contains { $0.location?.path == "$[7].ts" && $0.message.contains("bogus") })
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("channel_join: 1") && $0.message.contains("empty: 1") })
        #expect(!result.diagnostics.containsErrors)
    }

    @Test func mergesAllChannelsWithoutASelection() throws {
        let result = IncidentReader.read(InputDocument(name: "export", content: .folder(Self.folder(prefix: "slack-export/"))))
        let log = try #require(result.logs.first)
        #expect(log.events.count == 7)
        #expect(log.events[1].text == "lunch?")
        #expect(log.events[1].origin == "Slack #random")
        #expect(result.diagnostics.contains { $0.message.contains("2 channels") })
        let missing = IncidentReader.read(InputDocument(name: "export", content: .folder(Self.folder())), options: ReadingOptions(incident: "db"))
        #expect(missing.logs.isEmpty)
        #expect(missing.diagnostics.first?.message.contains("#inc-42-checkout, #random") == true)
    }

    @Test func readsASingleDayFile() throws {
        #expect(ExportImporters.detect(Data(Self.dayOne.utf8)) == .slack)
        let result = ImportTestSupport.read(Self.dayOne, name: "inc-42-checkout/2026-01-01.json")
        let log = try #require(result.logs.first)
        #expect(log.events.count == 5)
        // Without users.json, ids stay ids.
        #expect(log.events[1].author == "U1")
        #expect(log.events[1].text.hasSuffix("cc @U2 @here"))
        #expect(log.events[1].origin == "Slack #inc-42-checkout")
    }

    /// Messages of white space only (any Unicode white space, line and paragraph
    /// separators included) are left out; a space carrying a combining mark is text.
    @Test func blankMessagesAreLeftOut() throws {
        let day = #"""
        [{"type": "message", "user": "U1", "text": " \t\n\u3000\u2028\u2029\u00a0\u0085 ", "ts": "1767225600.000100"},
         {"type": "message", "user": "U1", "text": " \u0301", "ts": "1767225601.000100"},
         {"type": "message", "user": "U1", "text": "  kept  ", "ts": "1767225602.000100"}]
        """#
        let result = ImportTestSupport.read(day, name: "inc-42-checkout/2026-01-01.json")
        let log = try #require(result.logs.first)
        #expect(log.events.count == 2)
        #expect(log.events.last?.text == "kept")
    }

    @Test func parsesTimestampsExactly() {
        #expect(SlackImporter.parseTimestamp("1452845865.000008")! == (1_452_845_865, 8))
        #expect(SlackImporter.parseTimestamp("1452845865")! == (1_452_845_865, 0))
        #expect(SlackImporter.parseTimestamp("1452845865.5")! == (1_452_845_865, 500_000))
        #expect(SlackImporter.parseTimestamp("1452845865.12")! == (1_452_845_865, 120_000))
        #expect(SlackImporter.parseTimestamp("1452845865.123456789")! == (1_452_845_865, 123_456))
        #expect(SlackImporter.parseTimestamp("1452845865.0000009")! == (1_452_845_865, 0))
        #expect(SlackImporter.parseTimestamp("1452845865.") == nil)
        #expect(SlackImporter.parseTimestamp("1452845865.1234567890") == nil)
        #expect(SlackImporter.parseTimestamp("abc") == nil)
        #expect(SlackImporter.parseTimestamp("99999999999999999999.1") == nil)
    }

    @Test func convertsMarkup() {
        let directory = SlackDirectory(users: ["U1": "Rosa Diaz"], channels: ["C1": "ops"])
        #expect(SlackMarkup.markdown("<@U1|rosa> in <#C1>", directory: directory) == "@Rosa Diaz in #ops")
        #expect(SlackMarkup.markdown("<@U9|zed> <!channel> <!subteam^S1|@sre>", directory: directory) == "@zed @channel @sre")
        #expect(SlackMarkup.markdown("<mailto:a@b.c|a@b.c> <https://x.example/a_(b)|see [this]>", directory: directory)
            == "[a@b.c](mailto:a@b.c) [see \\[this\\]](https://x.example/a_%28b%29)")
        #expect(SlackMarkup.markdown("<https://x.example>", directory: directory) == "<https://x.example>")
        #expect(SlackMarkup.markdown("a < b", directory: directory) == "a &lt; b")
    }

    @Test func manyMessagesKeepTheirAuthorsAndOrder() throws {
        var messages: [String] = []
        for index in 0..<2_000 {
            messages.append(#"{"type": "message", "user": "U\#(index % 50)", "text": "step \#(index) on <@U\#(index % 7)> see <https://e.example/\#(index)|link>", "ts": "\#(1_700_000_000 + index).000\#(index % 10)00"}"#)
        }
        let users = (0..<50).map { #"{"id": "U\#($0)", "name": "user\#($0)", "real_name": "User \#($0)"}"# }
        let files: [String: Data] = [
            "users.json": Data("[\(users.joined(separator: ","))]".utf8),
            "incident/2026-01-01.json": Data("[\(messages.joined(separator: ",\n"))]".utf8),
        ]
        // Speed is measured by the benchmarks (make bench), not here.
        let result = IncidentReader.read(InputDocument(name: "big", content: .folder(files)))
        #expect(result.logs.first?.events.count == 2_000)
        #expect(result.logs.first?.events.last?.author == "User 49")
    }
}
