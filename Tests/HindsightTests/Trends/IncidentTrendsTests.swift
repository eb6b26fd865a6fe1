import Foundation
import Testing
@testable import Hindsight

/// Trend figures on three small incidents whose numbers are worked out by hand.
@Suite struct IncidentTrendsTests {
    /// A native log: impact, detection, acknowledgement, resolution and closure times
    /// (UTC, on `date`), and action items.
    static func log(id: String, severity: String, services: String, date: String, times: [String], closed: String, actions: [String]) -> String {
        """
        ---
        id: \(id)
        title: Incident \(id)
        severity: \(severity)
        category: Testing
        services: [\(services)]
        timezone: UTC
        date: \(date)
        ---

        ## Timeline

        - \(times[0]) [impact] Errors begin.
        - \(times[1]) [detected] Alert fires.
        - \(times[2]) [ack] Page acknowledged.
        - \(times[3]) [resolved] Errors back to normal.
        - \(closed) [closed] Incident closed.

        ## Action items

        \(actions.joined(separator: "\n"))

        """
    }

    static let incidents: [IncidentTrends.Input] = {
        let texts = [
            // api: detect 10 min, acknowledge 5 min, resolve 60 min.
            log(id: "A", severity: "SEV2", services: "api", date: "2026-03-01", times: ["10:00", "10:10", "10:15", "11:10"], closed: "2026-03-01 12:00",
                actions: ["- [ ] Add an alert (owner: Ana Lima, due: 2026-03-05)", "- [x] Restart policy (owner: Ana Lima, due: 2026-03-02)"]),
            // api: detect 20 min, acknowledge 10 min, resolve 120 min; two days after A.
            log(id: "B", severity: "SEV2", services: "api", date: "2026-03-03", times: ["10:00", "10:20", "10:30", "12:20"], closed: "2026-03-04 09:00",
                actions: ["- [ ] Runbook for the queue (owner: Bo Chen, due: 2026-03-10)"]),
            // web: detect 30 min, acknowledge 2 min, resolve 20 min.
            log(id: "C", severity: "SEV1", services: "web", date: "2026-04-01", times: ["08:00", "08:30", "08:32", "08:50"], closed: "2026-04-02 07:00",
                actions: ["- [ ] Load test before release (owner: Ana Lima, due: 2026-04-10)"]),
        ]
        return texts.enumerated().map { index, text in
            let read = IncidentSources.read([InputDocument(name: "incident-\(index).md", text: text)])
            let reconstruction = IncidentReconstructor.reconstruct(read.logs[0])
            return IncidentTrends.Input(id: reconstruction.metadata.id ?? "?", reconstruction: reconstruction)
        }
    }()

    @Test func overallMeansAndMedians() {
        let trends = IncidentTrends(Self.incidents)
        #expect(trends.incidents.map(\.id) == ["A", "B", "C"])
        #expect(trends.overall.timeToDetect == DurationStatistics([600, 1200, 1800]))
        #expect(trends.overall.timeToDetect.mean == 1200)
        #expect(trends.overall.timeToDetect.median == 1200)
        #expect(trends.overall.timeToAcknowledge.mean == 340)  // (300 + 600 + 120) / 3
        #expect(trends.overall.timeToAcknowledge.median == 300)
        #expect(trends.overall.timeToResolve.mean == 4000)  // (3600 + 7200 + 1200) / 3
        #expect(trends.overall.timeToResolve.median == 3600)
    }

    @Test func betweenFailuresNeedsTwoIncidentsOfAService() throws {
        let trends = IncidentTrends(Self.incidents)
        let api = try #require(trends.byService.first { $0.key == "api" })
        #expect(api.incidents == ["A", "B"])
        #expect(api.betweenFailures?.mean == 172_800)  // 2026-03-01 10:00 → 2026-03-03 10:00
        #expect(api.betweenFailures?.count == 1)
        #expect(api.timeToResolve.median == 5400)  // the mean of the two middle values
        let web = try #require(trends.byService.first { $0.key == "web" })
        #expect(web.betweenFailures == nil)
    }

    @Test func groupsBySeverityAndMonth() {
        let trends = IncidentTrends(Self.incidents)
        #expect(trends.bySeverity.map(\.key) == ["SEV1", "SEV2"])
        #expect(trends.bySeverity.map(\.count) == [1, 2])
        #expect(trends.byMonth.map(\.key) == ["2026-03", "2026-04"])
        #expect(trends.byMonth.map(\.count) == [2, 1])
        #expect(trends.byCategory.map(\.key) == ["Testing"])
    }

    @Test func openAndOverdueActionsAgainstTheLatestClosure() {
        let trends = IncidentTrends(Self.incidents)
        #expect(trends.asOf == CalendarDate("2026-04-02"))
        #expect(trends.openActions.map(\.text) == ["Add an alert", "Runbook for the queue", "Load test before release"])
        #expect(trends.openActions.map(\.overdue) == [true, true, false])
        #expect(trends.overdueCount == 2)
    }

    @Test func overdueAgainstAGivenDate() {
        let trends = IncidentTrends(Self.incidents, asOf: CalendarDate("2026-03-06"))
        #expect(trends.openActions.filter(\.overdue).map(\.incident) == ["A"])
    }

    @Test func medianOfAnEvenCountRoundsHalfAway() {
        let statistics = DurationStatistics([1, 2, 3, 4])
        #expect(statistics.median == 3)
        #expect(statistics.mean == 3)
        #expect(DurationStatistics([]).mean == nil)
    }

    @Test func outputsAreStable() throws {
        let trends = IncidentTrends(Self.incidents)
        let json = TrendsDocument.json(trends)
        #expect(json == TrendsDocument.json(IncidentTrends(Self.incidents.reversed())))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["asOf"] as? String == "2026-04-02")
        let services = try #require(object["byService"] as? [[String: Any]])
        let mtbf = try #require(services.first?["mtbf"] as? [String: Any])
        #expect(mtbf["mean"] as? Int == 172_800)
        let text = TrendsSummary.text(trends)
        #expect(text.contains("  api      2          15 min / 15 min"))
        #expect(text.contains("MTTR  Mean time to resolve: from detection to resolution"))
        let html = TrendsPage.html(trends)
        #expect(html.contains("<svg class=\"hs-trend hs-trend-wide\""))
        #expect(!html.contains("<script"))
    }
}
