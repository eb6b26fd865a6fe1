import Foundation
import Testing
@testable import Hindsight

@Suite struct BlamelessCheckerTests {
    /// One sentence per case, on line 3 of a small log; the finding's column, rule and quote.
    struct Case: CustomTestStringConvertible, Sendable {
        var sentence: String
        var column: Int
        var rule: CheckRule
        var quote: String
        var testDescription: String { sentence }
    }

    static let cases: [Case] = [
        Case(sentence: "David broke checkout with the release.", column: 1, rule: .blamePerson, quote: "David broke"),
        Case(sentence: "At 03:00 Marie caused the outage.", column: 10, rule: .blamePerson, quote: "Marie caused"),
        Case(sentence: "Then Jonas forgot to renew the certificate.", column: 6, rule: .blamePerson, quote: "Jonas forgot"),
        Case(sentence: "Kim failed to escalate in time.", column: 1, rule: .blamePerson, quote: "Kim failed to escalate"),
        Case(sentence: "Priya didn't check the dashboard.", column: 1, rule: .blamePerson, quote: "Priya didn't check"),
        Case(sentence: "Tomás Ribeiro missed the second alert.", column: 1, rule: .blamePerson, quote: "Tomás Ribeiro missed"),
        Case(sentence: "Rosa accidentally broke the gateway.", column: 1, rule: .blamePerson, quote: "Rosa accidentally broke"),
        Case(sentence: "He ignored the page.", column: 1, rule: .blamePerson, quote: "He ignored"),
        Case(sentence: "The on-call engineer forgot the flag.", column: 5, rule: .blamePerson, quote: "on-call engineer forgot"),
        Case(sentence: "After the restart @kofi messed up the config.", column: 19, rule: .blamePerson, quote: "@kofi messed up"),
        Case(sentence: "The outage was caused by Lena.", column: 16, rule: .blamePerson, quote: "caused by Lena"),
        Case(sentence: "It was human error.", column: 8, rule: .blameHumanError, quote: "human error"),
        Case(sentence: "A clear case of operator error.", column: 17, rule: .blameHumanError, quote: "operator error"),
        Case(sentence: "Support called it user error.", column: 19, rule: .blameHumanError, quote: "user error"),
        Case(sentence: "The team should have tested it.", column: 10, rule: .blameShouldHave, quote: "should have"),
        Case(sentence: "We should've rolled back.", column: 4, rule: .blameShouldHave, quote: "should've"),
        Case(sentence: "A canary could have prevented this.", column: 10, rule: .blameShouldHave, quote: "could have prevented"),
        Case(sentence: "That was a careless change.", column: 12, rule: .blameJudgement, quote: "careless"),
        Case(sentence: "Pure carelessness, again.", column: 6, rule: .blameJudgement, quote: "carelessness"),
        Case(sentence: "The review was negligent.", column: 16, rule: .blameJudgement, quote: "negligent"),
        Case(sentence: "An incompetent rollout plan.", column: 4, rule: .blameJudgement, quote: "incompetent"),
        Case(sentence: "A stupid typo took the site down.", column: 3, rule: .blameJudgement, quote: "stupid"),
        Case(sentence: "Lazy testing let it through.", column: 1, rule: .blameJudgement, quote: "Lazy"),
        Case(sentence: "The handover was sloppy.", column: 18, rule: .blameJudgement, quote: "sloppy"),
        Case(sentence: "Nobody was at fault.", column: 12, rule: .blameFault, quote: "at fault"),
        Case(sentence: "Whose fault was it?", column: 1, rule: .blameFault, quote: "Whose fault"),
        Case(sentence: "The fault lies with the release team.", column: 5, rule: .blameFault, quote: "fault"),
        Case(sentence: "Management looked for someone to blame.", column: 31, rule: .blameBlame, quote: "to blame"),
        Case(sentence: "It was a mistake by the release manager.", column: 10, rule: .blameMistakeBy, quote: "mistake by"),
        Case(sentence: "The root cause was Ana.", column: 5, rule: .blameRootCausePerson, quote: "root cause was Ana"),
    ]

    @Test(arguments: cases)
    func blamingLanguageIsAnErrorAtItsWords(_ test: Case) throws {
        let findings = Checking.findings("# Notes\n\n\(test.sentence)\n")
        let finding = try #require(findings.first, "no finding for: \(test.sentence)")
        #expect(findings.count == 1, "\(Checking.summary(findings))")
        #expect(finding.rule == test.rule)
        #expect(finding.severity == .error)
        #expect(finding.location == SourceLocation(file: "log.md", line: 3, column: test.column))
        #expect(finding.message.hasPrefix("\"\(test.quote)\""), "\(finding.message)")
        #expect(finding.suggestion?.isEmpty == false)
    }

    @Test func suggestionsOfferNeutralWording() throws {
        let findings = Checking.findings("It was human error. They should have known.\n")
        #expect(findings.map(\.suggestion) == [
            "describe the conditions that made the action possible (missing guard rail, unclear runbook, confusing UI)",
            "describe what information or tooling was missing at the time",
        ])
        #expect(IncidentChecker.check(InputDocument(name: "log.md", text: "It was human error.\n")).map(\.formatted) == [
            "log.md:1:8: error: \"human error\" puts the failure on a person; describe the conditions that made the action possible (missing guard rail, unclear runbook, confusing UI) [blame.human-error]"
        ])
    }

    @Test(arguments: [
        "Retries caused the worker pool to fill up.",
        "Monitoring missed the spike because the probe ran every 10 minutes.",
        "The deploy failed to roll out in fra1.",
        "Kubernetes failed to schedule the pods.",
        "We ran git blame on the handler.",
        "Lazy loading was turned off for the badge script.",
        "Fault tolerance held: the replicas took over.",
        "A page fault storm on the database host.",
        "The user error rate stayed flat.",
        "Root causes: an idle timeout of 900 s and a table that was too small.",
        "The review assigns no blame.",
        "The on-call engineer is not to blame.",
        "Lazy initialisation and a page fault in the disk driver.",
        "Ariana took command at 03:24 while David kept troubleshooting.",
        "The runbook did not mention the connection-table limit.",
        "David's change broke nothing on the staging cluster.",
    ])
    func neutralWritingPasses(_ sentence: String) {
        let findings = Checking.findings("# Notes\n\n\(sentence)\n")
        #expect(findings.isEmpty, "\(Checking.summary(findings)) \(findings.map(\.message))")
    }

    @Test func namesFromTheRolesCountAsPeople() {
        // "Agnes" ends like a plural noun; the roles say it is a person.
        let log = """
            ---
            roles:
              on-call: Agnes Moreau
            ---

            Agnes caused the restart loop.
            """
        #expect(Checking.summary(Checking.findings(log)) == ["6:1 blame.person"])
        #expect(Checking.findings("Agnes caused the restart loop.\n").isEmpty)
        // A name the text also writes in mid-sentence is a proper noun too.
        #expect(Checking.summary(Checking.findings("We paged Agnes at 03:10.\nAgnes caused the restart loop.\n")) == ["2:1 blame.person"])
    }

    @Test func codeLinksAndCommentsAreNotProse() {
        let log = """
            # Notes

            Run `David broke` as a test name; see [the runbook](https://example.com/should-have-checked).
            <!-- David broke it, a reviewer note --> Nothing else.

            ```
            human error in a pasted log line
            ```

                indented code: should have
            """
        #expect(Checking.findings(log).isEmpty, "\(Checking.summary(Checking.findings(log)))")
    }

    @Test func phrasesAcrossLineBreaksAreFound() {
        let findings = Checking.findings("The responder should\nhave paged the database team.\n")
        #expect(Checking.summary(findings) == ["1:15 blame.should-have"])
    }

    @Test func columnsCountCharactersNotBytes() {
        let findings = Checking.findings("Ünïcödé — it was human error.\n")
        #expect(Checking.summary(findings) == ["1:18 blame.human-error"])
    }

    // MARK: Quoted speech

    @Test func quotedSpeechIsAWarning() throws {
        let log = """
            # Notes

            Lena said: "David broke it" and hung up.
            The note read “it was human error” in the ticket.

            > Marie: I should have paged earlier.

            David broke the build.
            """
        let findings = Checking.findings(log)
        #expect(Checking.summary(findings) == ["3:13 blame.person", "4:23 blame.human-error", "6:12 blame.should-have", "8:1 blame.person"])
        #expect(findings.map(\.severity) == [.warning, .warning, .warning, .error])
        #expect(findings[0].message.hasSuffix("(in quoted speech)"))
    }

    // MARK: Suppression

    @Test func suppressionCommentsSilenceTheirLine() {
        let log = """
            # Notes

            Marie said it should have failed over. <!-- hindsight-check: allow blame.should-have -->
            <!-- hindsight-check: allow-next-line blame.person -->
            David broke the build, and it was human error.
            Kim ignored the alert. <!-- hindsight-check: allow all -->
            Kofi forgot the flag. <!-- hindsight-check: allow blame -->
            Ana missed the page. <!-- hindsight-check: allow blame.fault -->
            """
        let findings = Checking.findings(log)
        // Line 5: only the person is allowed, "human error" stays; line 8: the wrong rule is allowed.
        #expect(Checking.summary(findings) == ["5:35 blame.human-error", "8:1 blame.person"])
    }

    @Test func suppressionInCodeIsNotACommand() {
        let log = """
            ```
            <!-- hindsight-check: allow-next-line all -->
            ```
            David broke the build.
            """
        #expect(Checking.summary(Checking.findings(log)) == ["4:1 blame.person"])
    }

    // MARK: Options

    @Test func optionsAddAndAllowWords() {
        let text = "It was a boneheaded move. It was the vendor's fault. Redwood broke the cache.\n"
        let options = CheckOptions(blamingPhrases: ["boneheaded"], allowedWords: ["fault", "Redwood"])
        let findings = Checking.findings(text, options: options)
        #expect(Checking.summary(findings) == ["1:10 blame.custom"])
        #expect(Checking.findings(text).map(\.rule) == [.blameFault, .blamePerson])
    }

    @Test func disabledRulesAreNotApplied() {
        let text = "# Notes\n\nIt was human error and David broke it.\n\n## Action items\n\n- [ ] Add a guard\n"
        #expect(Checking.findings(text, options: CheckOptions(disabledRules: ["blame.human-error", "action"])).map(\.rule) == [.blamePerson])
        #expect(Checking.findings(text, options: CheckOptions(disabledRules: ["all"])).isEmpty)
    }

    @Test func frontMatterTitleIsChecked() {
        let log = """
            ---
            title: David broke checkout
            severity: SEV2
            ---

            ## Summary

            Checkout returned errors for 20 minutes.
            """
        #expect(Checking.summary(Checking.findings(log)) == ["2:8 blame.person"])
        // YAML quotes are not quoted speech.
        let quoted = Checking.findings(log.replacingOccurrences(of: "title: David broke checkout", with: "title: \"David broke checkout\""))
        #expect(quoted.map(\.severity) == [.error])
        #expect(Checking.summary(quoted) == ["2:9 blame.person"])
    }

    @Test func peopleComeFromCapitalisedRoleValues() {
        let log = """
            ---
            roles:
              commander: Ariana Costa  # took over at 03:24
              communications: the duty manager
              scribe: {name: unknown}
            ---

            The cache caused a retry storm.
            """
        #expect(CheckedMarkdown(text: log, name: "log.md").people == ["ariana", "costa"])
        #expect(Checking.findings(log).isEmpty)
    }
}
