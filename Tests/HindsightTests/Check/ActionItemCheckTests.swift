import Foundation
import Testing
@testable import Hindsight

@Suite struct ActionItemCheckTests {
    @Test func ownersAndDueDatesInTheirWrittenForms() {
        let log = """
            # Queue stall

            ## Action items

            - [ ] Alert on queue depth (owner: Marie Dubois, due: 2026-03-20, OPS-1)
            - [ ] Raise the consumer memory limit @kofi by 2026-03-27
            - [ ] Document the restart procedure; owner: Ana; due: 2026-04-03
            - [ ] Review retry settings (OPS-2)
            - [ ] Add a dashboard for lag (owner: Lena)
            - [ ] Load test the consumers, due: 2026-04-10
            - [x] Restart the consumers (owner: Kofi)
            - [x] Clean up the dead-letter queue
            - Untick-boxed item in the section, owner: TBD
            """
        let findings = Checking.family("action", Checking.findings(log))
        #expect(Checking.summary(findings) == [
            "8:3 action.owner", "8:3 action.due",
            "9:3 action.due",
            "10:3 action.owner",
            "12:3 action.owner",
            "13:3 action.owner", "13:3 action.due",
        ])
        #expect(findings.allSatisfy { $0.severity == .warning })
        #expect(findings.first?.suggestion?.contains("owner: NAME") == true)
    }

    @Test(arguments: ["Action items", "Follow-ups", "Follow up", "Next steps", "Remediation", "Actions"])
    func actionSectionTitles(_ title: String) {
        let log = "# Incident\n\n## \(title)\n\n- Rotate the certificate\n"
        #expect(Checking.summary(Checking.findings(log)) == ["5:3 action.owner", "5:3 action.due"])
    }

    @Test func listsElsewhereNeedNoOwnerButCheckBoxesDo() {
        let log = """
            # Incident

            ## Impact

            - Checkout failed for 12 minutes.
              - [ ] confirm the number of failed orders
            > - [ ] ask support for the ticket count (owner: Ana, due: 2026-03-09)

            ## Follow-ups

            ### Detection

            - Alert on connection-table usage (owner: Marie, due: 2026-03-13)
            - Alert on idle timeouts
            """
        #expect(Checking.summary(Checking.findings(log)) == [
            "6:5 action.owner", "6:5 action.due",
            "14:3 action.owner", "14:3 action.due",
        ])
    }

    @Test func actionTablesNeedOwnerAndDueCells() {
        let log = """
            # Incident

            ## Action items

            | Action | Owner | Due | Status |
            | --- | --- | --- | --- |
            | Alert on disk usage | Ravi | 2026-02-27 | open |
            | Separate log volume | missing | missing | open |
            | Expire debug logging | | 2026-03-01 | done |
            | Old cleanup | Meera | | done |
            """
        #expect(Checking.summary(Checking.findings(log)) == ["8:25 action.owner", "8:35 action.due", "9:26 action.owner"])
    }
}
