import Foundation
import Testing
@testable import Hindsight

@Suite struct ReconstructionSmokeTests {
    @Test func writesAReport() throws {
        var b = LogBuilder(title: "Data centres fail", severity: "SEV1")
        b.log.metadata.services = ["checkout"]
        b.log.metadata.slo = "99.9% over 30d"
        b.log.metadata.sla = "resolve within 4h"
        b.log.metadata.costPerHour = 100000
        b.log.metadata.currency = "USD"
        b.log.metadata.roles = [RoleAssignment(role: "on-call", person: "David Okafor")]
        b.add("2026-03-04T02:00:00Z", "PagerDuty alert: dc-east is down; David is paged")
        b.add("2026-03-04T02:04:00Z", "David acknowledged the page")
        b.add("2026-03-04T02:10:00Z", "Logs point at the recently updated checkout feature")
        b.add("2026-03-04T02:25:00Z", "David rolls back to the previous version; it does not help")
        b.add("2026-03-04T02:40:00Z", "David calls the developer of the update")
        b.add("2026-03-04T03:10:00Z", "Management asks David for an update; David emails management")
        b.add(nil, "A second data centre fails")
        b.add("2026-03-04T06:30:00Z", "Traffic drained to dc-west; errors dropping, mitigated")
        b.add("2026-03-04T07:30:00Z", "Service fully restored")
        b.add("2026-03-04T09:00:00Z", "Incident closed")
        let r = IncidentReconstructor.reconstruct(b.log)
        let md = ReportRenderer.markdown(r)
        try md.write(toFile: "/tmp/smoke.md", atomically: true, encoding: .utf8)
        try ReportRenderer.html(markdown: md).write(toFile: "/tmp/smoke.html", atomically: true, encoding: .utf8)
        try AnalysisDocument.json(r).write(to: URL(fileURLWithPath: "/tmp/smoke.json"))
        #expect(r.milestone(.detected)?.time.instant == instant("2026-03-04T02:00:00Z"))
    }
}
