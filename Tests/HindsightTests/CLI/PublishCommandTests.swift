import Foundation
import Testing

/// `hindsight publish` and `hindsight trends` as a user runs them.
@Suite(.serialized) struct PublishCommandTests {
    static let samples = ["cert-expiry-12h", "datacentre-managed", "datacentre-unmanaged", "payments-latency", "search-outage"]
    static let slugs = ["cert-expiry-12h", "inc-2026-032", "inc-2026-031", "inc-2026-047", "search-outage"]

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func text(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every `href` and `src` value in a page.
    func links(in html: String) -> [String] {
        var found: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let range = rest.range(of: attribute) {
                rest = rest[range.upperBound...]
                if let end = rest.firstIndex(of: "\"") { found.append(String(rest[..<end])) }
            }
        }
        return found
    }

    @Test func publishesEverySampleWithRelativeLinks() throws {
        let site = try CommandRunner.temporaryFolder().appendingPathComponent("site")
        let result = try CommandRunner.run(["publish", "samples", "-o", site.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 12, unchanged 0"))
        var expected = ["index.html", "trends.html", ".hindsight-manifest.json"]
        for slug in Self.slugs { expected += ["\(slug).html", "\(slug).md"] }
        #expect(try files(in: site) == expected.sorted())
        let index = try text(site, "index.html")
        for slug in Self.slugs {
            #expect(index.contains("href=\"\(slug).html\""), "index lists \(slug)")
        }
        #expect(index.contains("href=\"trends.html\""))
        // Filters: a radio button per severity and service, a CSS rule hiding the other rows.
        #expect(index.contains("<input class=\"hs-filter-input\" type=\"radio\" name=\"severity\" id=\"f-sev-sev1\">"))
        #expect(index.contains("#f-sev-sev1:checked ~ .hs-results .hs-list tbody tr:not(.hs-f-sev-sev1) { display: none !important; }"))
        #expect(index.contains("#f-svc-checkout:checked ~ .hs-results .hs-list tbody tr:not(.hs-f-svc-checkout)"))
        #expect(index.contains("<tr class=\"hs-f-sev-sev1 hs-f-svc-storefront hs-f-svc-checkout hs-f-svc-payments-api\">"))
        // Newest first.
        let order = ["inc-2026-047", "cert-expiry-12h", "inc-2026-031", "search-outage"].compactMap { index.range(of: "href=\"\($0).html\"")?.lowerBound }
        #expect(order == order.sorted())
        for file in try files(in: site) where file.hasSuffix(".html") {
            let page = try text(site, file)
            #expect(!page.contains("<script"), "\(file) has no script")
            for link in links(in: page) {
                #expect(!link.hasPrefix("/") && !link.lowercased().hasPrefix("http") && !link.contains(".."), "\(file): \(link)")
                if !link.hasPrefix("#") {
                    let target = String(link.split(separator: "#").first ?? "")
                    #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path), "\(file) links to \(link)")
                }
            }
        }
        let page = try text(site, "inc-2026-032.html")
        #expect(page.contains("<nav class=\"hs-site-nav\""))
        #expect(page.contains("Ariana Costa"))
        let trends = try text(site, "trends.html")
        #expect(trends.contains("MTTR"))
        #expect(trends.contains("href=\"inc-2026-031.html\""))
    }

    @Test func anUnchangedRerunWritesNothing() throws {
        let site = try CommandRunner.temporaryFolder().appendingPathComponent("site")
        #expect(try CommandRunner.run(["publish", "samples", "-o", site.path]).status == 0)
        var dates: [String: Date] = [:]
        for file in try files(in: site) {
            dates[file] = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(file).path)[.modificationDate] as? Date
        }
        Thread.sleep(forTimeInterval: 0.05)
        let again = try CommandRunner.run(["publish", "samples", "-o", site.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("wrote 0, unchanged 12"))
        for file in try files(in: site) {
            let date = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(file).path)[.modificationDate] as? Date
            #expect(date == dates[file], "\(file) was rewritten")
        }
        // A page removed by hand is written again, and only that page.
        try FileManager.default.removeItem(at: site.appendingPathComponent("search-outage.html"))
        let repaired = try CommandRunner.run(["publish", "samples", "-o", site.path])
        #expect(repaired.stdout.contains("wrote 1, unchanged 11"))
    }

    @Test func aReviewedReportWinsOverItsLog() throws {
        let folder = try CommandRunner.temporaryFolder()
        let log = try String(contentsOf: CommandRunner.root.appendingPathComponent("samples/search-outage.md"), encoding: .utf8)
        try log.write(to: folder.appendingPathComponent("search-outage.md"), atomically: true, encoding: .utf8)
        let drafted = try CommandRunner.run(["draft", "search-outage.md", "-o", "search-outage.retro.md"], in: folder)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        let report = try String(contentsOf: folder.appendingPathComponent("search-outage.retro.md"), encoding: .utf8)
            .replacingOccurrences(of: "- **Status:** Draft for review", with: "- **Status:** Reviewed on 2026-02-19")
        try report.write(to: folder.appendingPathComponent("search-outage.retro.md"), atomically: true, encoding: .utf8)
        let site = folder.appendingPathComponent("site")
        let result = try CommandRunner.run(["publish", ".", "-o", "site"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try files(in: site).filter { $0.hasSuffix(".html") } == ["index.html", "search-outage.html", "trends.html"])
        #expect(try text(site, "search-outage.md") == report)
        #expect(try text(site, "index.html").contains("Reviewed on 2026-02-19"))
        // Trends still count the incident, through its log.
        #expect(try text(site, "trends.html").contains("1 incident in Feb 2026"))
    }

    @Test func publicSiteRedactsEveryPage() throws {
        let folder = try CommandRunner.temporaryFolder()
        let log = """
            ---
            title: Orders stalled behind a full queue on mq-2.corp.example.com
            id: INC-7
            severity: SEV2
            services: [orders]
            timezone: UTC
            date: 2026-05-02
            roles:
              commander: Priya Raman
              on-call: Tom Okoye
            ---

            ## Timeline

            - 10:00 [impact] Orders stop at mq-2.corp.example.com (10.20.30.40).
            - 10:05 [detected] Alert mailed to oncall@example.org from 2001:db8::7.
            - 10:07 [ack] Tom acknowledges and pages Greta Holm.
            - 10:40 [resolved] Priya confirms the queue drained on build.internal.

            ## Where we got lucky

            The queue filled on a quiet day.

            ## Action items

            - [ ] Alert on queue depth (owner: Greta Holm, due: 2026-05-20)

            """
        try log.write(to: folder.appendingPathComponent("inc-7.md"), atomically: true, encoding: .utf8)
        _ = try CommandLineTests().write(CommandLineTests.log, "other.md", in: folder)
        let config = """
            publish:
              public:
                redact:
                  names: [Lena Fischer]
                  hosts: ["*.corp.example.com", "*.internal"]
            """
        try config.write(to: folder.appendingPathComponent(".hindsight.yml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["publish", ".", "-o", "site", "--public", "--config", ".hindsight.yml"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let site = folder.appendingPathComponent("site")
        let secrets = ["Priya", "Raman", "Tom", "Okoye", "Greta", "Holm", "oncall@example.org", "mq-2.corp", "corp.example.com",
                       "build.internal", "10.20.30.40", "2001:db8::7", "Where we got lucky", "quiet day"]
        for file in try files(in: site) where !file.hasPrefix(".") {
            let content = try text(site, file)
            for secret in secrets {
                #expect(!content.contains(secret), "\(file) contains \(secret)")
            }
        }
        let markdown = try text(site, "inc-7.md")
        #expect(markdown.contains("Orders stop at [host] ([address])."))
        #expect(markdown.contains("Alert mailed to [email] from [address]."))
        #expect(markdown.contains("An engineer acknowledges and pages an engineer."))
        #expect(!markdown.contains("## Responders and roles"))
        #expect(try text(site, "index.html").contains("Public version"))
    }

    @Test func anInvalidLogIsReportedAndTheRestPublished() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try CommandLineTests().write(CommandLineTests.log, "good.md", in: folder)
        _ = try CommandLineTests().write("---\ntitle: [unclosed\n---\n\n## Timeline\n\n- 10:00 x\n", "broken.md", in: folder)
        let result = try CommandRunner.run(["publish", ".", "-o", "site"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.md:3:1: error: malformed YAML"), "\(result.stderr)")
        #expect(result.stderr.contains("error"))
        let site = folder.appendingPathComponent("site")
        #expect(try files(in: site).contains("good.html"))
        #expect(try files(in: site).contains("index.html"))
        #expect(!(try files(in: site).contains("broken.html")))
    }

    @Test func trendsOverTheSamples() throws {
        let text = try CommandRunner.run(["trends", "samples"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Incident trends: 5 incidents, 2026-02-17 to 2026-04-14"))
        #expect(text.stdout.contains("  checkout      3"))
        #expect(text.stderr.contains("samples/README.md: note: skipped"))
        let json = try CommandRunner.run(["trends", "samples", "--json", "--as-of", "2026-03-15"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2026-03-15")
        let overall = try #require(object["overall"] as? [String: Any])
        #expect(overall["count"] as? Int == 5)
        let actions = try #require(object["actionItems"] as? [String: Any])
        #expect(actions["overdue"] as? Int == 4)  // due 02-27, 03-11, 03-13 and 03-13
        let folder = try CommandRunner.temporaryFolder()
        let page = try CommandRunner.run(["trends", "samples", "--html", folder.appendingPathComponent("trends.html").path])
        #expect(page.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("trends.html"), encoding: .utf8).contains("<svg class=\"hs-trend"))
    }
}
