import Foundation
import Testing
@testable import Hindsight

@Suite struct FrontMatterTests {
    @Test func readsEveryContractField() throws {
        let result = try MarkdownFixtures.read("native.md")
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        let metadata = log.metadata
        #expect(metadata.title == "Search results empty after index rebuild")
        #expect(metadata.id == "INC-7001")
        #expect(metadata.severity == "SEV2")
        #expect(metadata.category == "Software")
        #expect(metadata.subcategory == "Search")
        #expect(metadata.services == ["search-api", "indexer"])
        #expect(metadata.timeZone == "Europe/Berlin")
        #expect(metadata.date == "2026-03-04")
        #expect(metadata.status == "resolved")
        #expect(metadata.roles == [
            RoleAssignment(role: "commander", person: "Noor Haddad"),
            RoleAssignment(role: "scribe", person: "Tomas Ek"),
            RoleAssignment(role: "communications", person: "Lea Brandt"),
        ])
        #expect(metadata.slo == "99.5% over 30d")
        #expect(metadata.sla == "respond within 30m")
        #expect(metadata.costPerHour == 8500)
        #expect(metadata.currency == "EUR")
        #expect(log.timeZoneNote == "Europe/Berlin (front matter)")
    }

    @Test func milestoneOverridesUseTheDocumentZone() throws {
        let log = try #require(try MarkdownFixtures.read("native.md").only)
        let overrides = log.metadata.milestoneOverrides
        #expect(overrides.map(\.kind) == [.impactStarted, .resolved])
        // 02:55 in Berlin (CET, UTC+1) and 05:10 written in UTC.
        #expect(overrides.map { Instants.iso8601($0.time.instant) } == ["2026-03-04T01:55:00Z", "2026-03-04T05:10:00Z"])
        #expect(overrides.map(\.time.zone) == ["Europe/Berlin", "UTC"])
        #expect(overrides.first?.source.description == "native.md:20:18")
    }

    @Test func servicesAsCommaTextAndRoleKeysAtTopLevel() throws {
        let result = try MarkdownFixtures.read("front-matter-problems.md")
        let log = try #require(result.only)
        #expect(log.metadata.services == ["web", "api", "worker"])
        #expect(log.metadata.roles == [RoleAssignment(role: "communications", person: "Dana")])
    }

    @Test func invalidZoneIsAnErrorAtTheValueAndUnknownKeysWarn() throws {
        let result = try MarkdownFixtures.read("front-matter-problems.md")
        #expect(result.errors.map(\.formatted) == [
            "front-matter-problems.md:3:11: error: unknown time zone 'Mars/Olympus_Mons'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)",
        ])
        #expect(result.warnings.map(\.formatted) == [
            "front-matter-problems.md:4:1: warning: unknown front matter key 'owner' (ignored)",
        ])
    }

    @Test func malformedYAMLReportsYamsPosition() throws {
        let result = try MarkdownFixtures.read("bad-yaml.md")
        let error = try #require(result.errors.first)
        #expect(error.message.hasPrefix("malformed YAML in the front matter:"))
        #expect(error.location?.line == 4)
        #expect(error.location?.column == 1)
        // The body is still read.
        #expect(result.only?.events.count == 1)
    }

    @Test func unclosedFrontMatterIsAnError() throws {
        let result = try MarkdownFixtures.read("unclosed.md")
        #expect(result.errors.map(\.formatted) == [
            "unclosed.md:1:1: error: the front matter that starts here is never closed: add a `---` line after its last key",
        ])
    }

    @Test func anchorsAndAliasesAreRefused() throws {
        let result = try MarkdownFixtures.read("alias-bomb.md")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.location?.description == "alias-bomb.md:2:4")
        #expect(result.errors.first?.message.contains("anchors and aliases") == true)
    }

    @Test func aliasOnlyInAFlowSequenceIsRefused() {
        let text = "---\nbase: [a]\nmore: [ *base ]\n---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.errors.first?.location?.description == "f.md:3:9")
    }

    @Test func ampersandsAndAsterisksInsideValuesAreFine() {
        let text = "---\ntitle: R&D *outage* & more\ndescription: |\n  &not an anchor\n---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.errors.isEmpty)
        #expect(result.only?.metadata.title == "R&D *outage* & more")
    }

    @Test func oversizedFrontMatterIsRefusedUnread() {
        let filler = String(repeating: "# padding comment line\n", count: 3_000)
        let text = "---\ntitle: big\n" + filler + "---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.errors.first?.message.contains("larger than 64 KiB") == true)
        #expect(result.only?.metadata.title == nil)
        #expect(result.only?.events.count == 1)
    }

    @Test func deepNestingIsRefused() {
        let text = "---\nx: " + String(repeating: "[", count: 5_000) + "\n---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.errors.first?.message.contains("nests too deeply") == true)
    }

    @Test func badDateAndCostAreReported() {
        let text = "---\ndate: 2026-02-30\ncost_per_hour: lots\n---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.errors.map(\.formatted) == ["f.md:2:7: error: '2026-02-30' is not a date; write it as YYYY-MM-DD"])
        #expect(result.warnings.map(\.formatted) == ["f.md:3:16: warning: `cost_per_hour` must be a number (120000), not 'lots'"])
    }

    @Test func camelCaseCostAndRolesMap() {
        let text = "---\ncostPerHour: 120,000\nroles:\n  on-call: David\n  commander: [Ariana, Marie]\n---\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.diagnostics.isEmpty)
        #expect(result.only?.metadata.costPerHour == 120_000)
        #expect(result.only?.metadata.roles == [
            RoleAssignment(role: "on-call", person: "David"), RoleAssignment(role: "commander", person: "Ariana, Marie"),
        ])
    }
}
