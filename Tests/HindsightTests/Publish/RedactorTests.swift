import Foundation
import Testing
@testable import Hindsight

/// The public variant: what is redacted, what is left alone, and which sections go.
@Suite struct RedactorTests {
    static let policy = PublicationPolicy(names: ["Lena Fischer"], hosts: ["*.corp.example.com", "*.internal"])
    static let redactor = Redactor(policy: policy, people: ["Ariana Costa", "Sanne"])

    @Test func emailsHostsAndAddresses() {
        let text = "Mail ops@example.com; db-01.eu.corp.example.com and cache.internal at 10.1.2.3 or fe80::1ff:fe23:4567:890a/64."
        #expect(Self.redactor.redact(text) == "Mail [email]; [host] and [host] at [address] or [address].")
    }

    @Test func leavesTimesVersionsAndOtherHostsAlone() {
        let text = "At 10:15:30 release 2026.03.3 reached status.example.com; 999.1.2.3 is not an address."
        #expect(Self.redactor.redact(text) == text)
    }

    @Test func namesAndTheirParts() {
        #expect(Self.redactor.redact("Ariana Costa takes command.") == "An engineer takes command.")
        #expect(Self.redactor.redact("Marie calls Ariana, then Costa.") == "Marie calls an engineer, then an engineer.")
        #expect(Self.redactor.redact("- Sanne de Vries joins; lena fischer too.") == "- An engineer joins; an engineer too.")
    }

    @Test func dropsInternalSections() {
        let markdown = """
            # Title

            ## Summary

            Kept.

            ## Responders and roles

            Dropped.

            ### Detail

            Dropped too.

            ## Notes for the team (internal)

            Dropped.

            ## Action items

            Kept.
            """
        let published = Self.redactor.publicMarkdown(markdown)
        #expect(!published.contains("Dropped"))
        #expect(published.contains("## Summary\n\nKept."))
        #expect(published.contains("## Action items\n\nKept."))
    }

    @Test func chartDataIsRedactedInside() {
        let line = #"<!-- hindsight:chart {"handoffs":[{"at":1,"kind":"command","to":"Ariana Costa"}],"title":"db\u002d01.eu.corp.example.com down","version":1} -->"#
        let published = Self.redactor.publicMarkdown("# T\n" + line + "\n")
        #expect(!published.contains("Ariana"))
        #expect(!published.contains("corp.example"))
        #expect(published.contains(#""to":"An engineer""#))
        #expect(published.contains(#""title":"[host] down""#))
    }

    @Test func readsTheConfiguration() {
        let yaml = """
            publish:
              public:
                drop_sections: [Timeline]
                redact:
                  names: [Ravi Shah]
                  hosts: ["*.corp.example.com"]
                  emails: false
                  colour: blue
            """
        let (policy, diagnostics) = PublicationPolicy.read(yaml: yaml, file: ".hindsight.yml")
        #expect(policy.droppedSections == ["Timeline"])
        #expect(policy.names == ["Ravi Shah"])
        #expect(policy.hosts == ["*.corp.example.com"])
        #expect(policy.emails == false)
        #expect(policy.ipAddresses == true)
        #expect(diagnostics.map(\.formatted) == [".hindsight.yml:8:7: warning: unknown key `redact.colour`; expected names, hosts, emails or ip_addresses"])
        let (_, errors) = PublicationPolicy.read(yaml: "publish:\n  public:\n    redact:\n      emails: maybe\n", file: "c.yml")
        #expect(errors.map(\.formatted) == ["c.yml:4:15: error: `emails` must be true or false"])
    }
}
