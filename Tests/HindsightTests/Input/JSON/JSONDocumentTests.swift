import Foundation
import Testing
@testable import Hindsight

@Suite struct JSONDocumentTests {
    func read(_ text: String) -> ReadResult {
        JSONLogReader.read(data: Data(text.utf8), name: "bad.json", options: ReadingOptions())
    }

    @Test func truncatedJSONIsAnErrorAtTheEnd() throws {
        let result = read("{\n  \"title\": \"x\",\n  \"events\": [\n    {\"time\": \"2026-03-04T10:00:00Z\", \"text\": \"cut")
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("truncated"))
        #expect(diagnostic.location?.line == 4)
        #expect(diagnostic.location?.column == 50)
        #expect(diagnostic.location?.path == "$.events[0].text")
    }

    @Test func syntaxErrorsGiveLineColumnAndPath() throws {
        let result = read("{\n  \"title\": \"é\",\n  \"events\": [1, 2,, 3]\n}")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.line == 3)
        #expect(diagnostic.location?.column == 19)
        #expect(diagnostic.location?.path == "$.events[2]")
        #expect(diagnostic.formatted.hasPrefix("bad.json:3:19: error:"))
    }

    @Test func deepNestingIsRefusedWithoutRecursion() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = read(deep)
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("nested more than 512"))
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.location?.column == 513)
        let objects = read(String(repeating: "{\"a\":", count: 100_000))
        #expect(objects.diagnostics.first?.message.contains("nested") == true)
        // Brackets inside strings do not count.
        let inString = read("{\"title\": \"" + String(repeating: "[", count: 5_000) + "\", \"events\": []}")
        #expect(inString.logs.count == 1)
    }

    @Test func hugeNumbersBecomeWarningsAndTheRestIsRead() throws {
        let json = """
        {"title": "x", "cost_per_hour": 1e400,
         "events": [{"time": "2026-03-04T10:00:00Z", "text": "ok", "approximate": -1e999}]}
        """
        let result = read(json)
        let log = try #require(result.logs.first)
        #expect(log.metadata.costPerHour == nil)
        #expect(log.events.count == 1)
        let warnings = result.diagnostics.filter { $0.message.contains("out of range") }
        #expect(warnings.count == 2)
        #expect(warnings.first?.location?.path == "$.cost_per_hour")
        #expect(warnings.first?.location?.line == 1)
        #expect(warnings.first?.location?.column == 33)
        #expect(warnings.last?.location?.path == "$.events[0].approximate")
        // Big but representable numbers are range-checked by the reader.
        let big = read(#"{"title": "x", "cost_per_hour": 123456789012345678901234567890, "events": []}"#)
        #expect(big.diagnostics.contains { $0.location?.path == "$.cost_per_hour" && $0.message.contains("out of range") })
    }

    @Test func locatesPathsThroughStringsAndEscapes() {
        let text = #"{"a \"b\"": [{"x": "]}[{"}, {"y": 1"#
        let place = JSONByteScanner.locate(offset: text.utf8.count, in: Data(text.utf8))
        #expect(place.path == #"$["a \"b\""][1].y"#)
    }

    @Test func epochUnitsAreToldByMagnitude() {
        #expect(JSONTimestamps.epoch(1_420_452_191).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1_420_452_191_104).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1_420_452_191_104_000).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1.420452224764002e18).map(Instants.iso8601) == "2015-01-05T10:03:44Z")
        #expect(JSONTimestamps.epoch(0) == nil)
        #expect(JSONTimestamps.epoch(-5) == nil)
        #expect(JSONTimestamps.epoch(.infinity) == nil)
    }
}
