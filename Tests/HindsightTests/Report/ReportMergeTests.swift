import Foundation
import Testing
@testable import Hindsight

/// `ReportMerge.update`: each kind of reviewer edit survives regeneration, regenerated
/// blocks reflect the new input, and the merge is deterministic and idempotent.
@Suite struct ReportMergeTests {
    static let log = """
        ---
        title: Image uploads failing after a storage quota was reached
        severity: SEV2
        timezone: UTC
        date: 2026-05-12
        roles:
          commander: Noor Haddad
        ---

        ## Summary

        Uploads of product images failed for about an hour because the bucket hit its quota.

        ## Timeline

        - 09:00 [impact-started] Image uploads start returning errors.
        - 09:12 [detected] Upload error alert fires.
        - 09:15 On-call engineer acknowledges the page.
        - 09:40 [mitigated] Quota raised; uploads succeed again.
        - 10:05 [resolved] Backlog of failed uploads retried.

        ## Action items

        - [ ] Alert at 80% of the storage quota (owner: Noor Haddad, due: 2026-06-01)

        """

    /// The log with one more entry: a remediation attempt that did not help, which adds
    /// a timeline row, a contributing factor and a whole "Remediation attempts" section.
    static let changedLog = log.replacingOccurrences(
        of: "- 09:15 On-call engineer acknowledges the page.\n",
        with: "- 09:15 On-call engineer acknowledges the page.\n- 09:25 [failed] Restarting the upload workers did not help.\n")

    static let newRow = "| 09:25 | Restarting the upload workers did not help. | incident.md:19 |"
    static let answer = "The quota alert existed but had been muted during a migration."
    static let wentWellPrompt = "_Prompt for the review meeting: which decisions, tools or practices helped the response?_"

    static func draft(_ log: String) -> String {
        let read = IncidentReader.read(InputDocument(name: "incident.md", text: log))
        guard let incident = read.logs.first else { return "" }
        return ReportRenderer.markdown(IncidentReconstructor.reconstruct(incident))
    }

    static let original = draft(log)
    static let changed = draft(changedLog)

    // MARK: - Helpers

    /// `text` with `old` replaced by `new`; fails the test when `old` is not there, so an
    /// edit can never silently do nothing.
    func edit(_ text: String, _ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try #require(text.contains(old), "no “\(old)” to edit", sourceLocation: sourceLocation)
        return text.replacingOccurrences(of: old, with: new)
    }

    /// Every non-empty line the reviewer added (in `edited`, not in `original`) is in `result`.
    func expectKeepsEveryAddedLine(original: String, edited: String, result: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let before = Set(Self.lines(original))
        let after = Set(Self.lines(result))
        let lost = Self.lines(edited).filter { !$0.isEmpty && !before.contains($0) && !after.contains($0) }
        #expect(lost.isEmpty, "lost the reviewer's lines \(lost)", sourceLocation: sourceLocation)
    }

    /// Merging `fresh` into `existing` changes nothing and has nothing to say.
    func expectUnchanged(_ existing: String, by fresh: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let merged = ReportMerge.update(existing: existing, fresh: fresh)
        #expect(merged.text == existing, sourceLocation: sourceLocation)
        #expect(merged.notes.isEmpty, "\(merged.notes)", sourceLocation: sourceLocation)
    }

    /// The line a note points at, trimmed; empty when there is no such line.
    static func line(of note: ReportMergeNote?, in text: String) -> String {
        let lines = lines(text)
        guard let note, lines.indices.contains(note.line - 1) else { return "" }
        return lines[note.line - 1]
    }

    static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The index of the first line equal to `line`, or of the first one starting with it.
    static func index(of line: String, in text: String) -> Int? {
        let lines = lines(text)
        return lines.firstIndex(of: line) ?? lines.firstIndex { $0.hasPrefix(line) }
    }

    /// Merges, checks that nothing the reviewer added to the report as `drafted` is lost and that merging again
    /// gives the same bytes, and returns the result.
    func merge(
        _ edited: String, with fresh: String, drafted: String = original, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> (text: String, notes: [ReportMergeNote]) {
        let merged = ReportMerge.update(existing: edited, fresh: fresh)
        expectKeepsEveryAddedLine(original: drafted, edited: edited, result: merged.text, sourceLocation: sourceLocation)
        let again = ReportMerge.update(existing: merged.text, fresh: fresh)
        #expect(again.text == merged.text, "merging twice changed the report", sourceLocation: sourceLocation)
        for note in merged.notes {
            #expect(note.line >= 1 && note.line <= Self.lines(merged.text).count, sourceLocation: sourceLocation)
        }
        return merged
    }

    // MARK: - Unedited reports

    @Test func unchangedInputGivesTheSameBytes() {
        expectUnchanged(Self.original, by: Self.original)
    }

    @Test func changedInputWithoutEditsRefreshesEveryBlock() {
        let merged = merge(Self.original, with: Self.changed)
        #expect(merged.text == Self.changed)
        #expect(merged.notes.map(\.kind) == [.addedBlock])
        #expect(merged.notes.first?.message == "added the generated block “failed-attempts”, which the report did not have")
        #expect(Self.line(of: merged.notes.first, in: merged.text).hasPrefix("<!-- hindsight:begin failed-attempts"))
    }

    // MARK: - Text outside the blocks

    @Test func textAddedBetweenBlocksStaysInPlace() throws {
        var edited = try edit(Self.original, "<!-- hindsight:end impact -->\n", "<!-- hindsight:end impact -->\n\nAbout 1,200 sellers tried to upload during the hour.\n")
        edited = try edit(edited, "## Key moments\n", "## Key moments\n\nThe alert time is from the pager, not the dashboard.\n")
        let merged = merge(edited, with: Self.changed)
        #expect(merged.notes.map(\.kind) == [.addedBlock])
        let text = merged.text
        let sellers = try #require(Self.index(of: "About 1,200 sellers tried to upload during the hour.", in: text))
        let pager = try #require(Self.index(of: "The alert time is from the pager, not the dashboard.", in: text))
        #expect(Self.index(of: "<!-- hindsight:end impact -->", in: text).map { $0 < sellers } == true)
        #expect(Self.index(of: "## Key moments", in: text).map { sellers < $0 && $0 < pager } == true)
        #expect(Self.index(of: "<!-- hindsight:begin key-moments", in: text).map { pager < $0 } == true)
        #expect(text.contains(Self.newRow))
        #expect(text.contains("## Remediation attempts that did not help"))
    }

    @Test func newSectionsAtTheEndAndInTheMiddleStay() throws {
        var edited = try edit(Self.original, "## Responders and roles\n", "## Customer communication\n\nSupport posted a banner on the seller dashboard at 09:30.\n\n## Responders and roles\n")
        edited += "\n## Follow-up\n\nStorage team to review quotas of the other buckets.\n"
        let merged = merge(edited, with: Self.changed)
        let headings = Self.lines(merged.text).filter { $0.hasPrefix("## ") }
        #expect(headings == [
            "## Summary", "## Impact", "## Key moments", "## Timeline", "## Customer communication", "## Responders and roles",
            "## Contributing factors", "## Remediation attempts that did not help", "## What went well", "## What went poorly",
            "## Where we got lucky", "## Action items", "## Questions for the review meeting", "## How the measures are defined",
            "## Follow-up",
        ])
        #expect(merged.text.hasSuffix("## Follow-up\n\nStorage team to review quotas of the other buckets.\n"))
        #expect(merged.text.contains(Self.newRow))
    }

    @Test func answeredPromptStaysAnswered() throws {
        let edited = try edit(Self.original, Self.wentWellPrompt, Self.answer)
        expectUnchanged(edited, by: Self.original)
        let merged = merge(edited, with: Self.changed)
        #expect(merged.text == Self.changed.replacingOccurrences(of: Self.wentWellPrompt, with: Self.answer))
        #expect(merged.notes.map(\.kind) == [.addedBlock])
    }

    @Test func deletedPromptsAndHeadingsStayDeleted() throws {
        let poorly = "_Prompt for the review meeting: where did systems, tooling or process make the response harder?_\n\n"
        let lucky = "## Where we got lucky\n\n_Prompt for the review meeting: what could have made this worse, and did not?_\n\n"
        let edited = try edit(try edit(Self.original, poorly, ""), lucky, "")
        let merged = merge(edited, with: Self.changed)
        #expect(!merged.text.contains("where did systems, tooling or process"))
        #expect(!merged.text.contains("## Where we got lucky"))
        #expect(merged.text.contains("## What went poorly\n\n## Action items\n"))
        #expect(merged.notes.map(\.kind) == [.addedBlock])
    }

    @Test func reorderedSectionsKeepTheReviewersOrder() throws {
        let wentWell = "## What went well\n\n\(Self.wentWellPrompt)\n\n"
        var edited = try edit(Self.original, wentWell, "")
        edited = try edit(edited, "## Action items\n", wentWell + "## Action items\n")
        // The timeline section moves before the key moments.
        let lines = edited.components(separatedBy: "\n")
        let timelineStart = try #require(lines.firstIndex(of: "## Timeline"))
        let timelineEnd = try #require(lines.firstIndex(of: "<!-- hindsight:end timeline -->"))
        let keyMoments = try #require(lines.firstIndex(of: "## Key moments"))
        var moved = lines
        let section = Array(moved[timelineStart...(timelineEnd + 1)])
        moved.removeSubrange(timelineStart...(timelineEnd + 1))
        moved.insert(contentsOf: section, at: keyMoments)
        edited = moved.joined(separator: "\n")

        let merged = merge(edited, with: Self.changed)
        let headings = Self.lines(merged.text).filter { $0.hasPrefix("## ") }
        #expect(headings == [
            "## Summary", "## Impact", "## Timeline", "## Key moments", "## Responders and roles", "## Contributing factors",
            "## Remediation attempts that did not help", "## What went poorly", "## Where we got lucky", "## What went well",
            "## Action items", "## Questions for the review meeting", "## How the measures are defined",
        ])
        // The moved timeline is regenerated where the reviewer put it.
        let row = try #require(Self.index(of: Self.newRow, in: merged.text))
        #expect(Self.index(of: "## Key moments", in: merged.text).map { row < $0 } == true)
    }

    // MARK: - Generated blocks

    static let editedRow = "| 09:15 | **Acknowledged:** Noor Haddad acknowledged the page from the train. | incident.md:18 |"

    @Test func editedBlockIsKeptWithoutANoteWhenNothingChanged() throws {
        let edited = try edit(Self.original, "| 09:15 | **Acknowledged:** On-call engineer acknowledges the page. | incident.md:18 |", Self.editedRow)
        expectUnchanged(edited, by: Self.original)
    }

    @Test func editedBlockIsKeptWithANoteWhenTheInputChanged() throws {
        let edited = try edit(Self.original, "| 09:15 | **Acknowledged:** On-call engineer acknowledges the page. | incident.md:18 |", Self.editedRow)
        let oldMarker = try #require(Self.lines(edited).first { $0.hasPrefix("<!-- hindsight:begin timeline") })
        let merged = merge(edited, with: Self.changed)
        #expect(merged.text.contains(Self.editedRow))
        #expect(!merged.text.contains(Self.newRow))
        // The begin marker keeps the old fingerprint, so the block stays "edited".
        #expect(Self.lines(merged.text).contains(oldMarker))
        #expect(!ReportEdits.find(in: merged.text, comparedTo: Self.changed).isEmpty)
        #expect(merged.notes.map(\.kind) == [.keptEditedBlock, .addedBlock])
        let note = try #require(merged.notes.first)
        #expect(note.message.hasPrefix("kept your edits in “timeline”; the regenerated version differs"))
        #expect(Self.line(of: note, in: merged.text) == oldMarker)
        // The other blocks are regenerated.
        #expect(merged.text.contains("A remediation attempt did not restore service"))
    }

    @Test func blockEditedIntoTheRegeneratedTextBecomesUnedited() throws {
        let freshBody = try #require(Self.changed.components(separatedBy: "<!-- hindsight:end timeline -->").first?.components(separatedBy: "\n| UTC |").last)
        let oldBody = try #require(Self.original.components(separatedBy: "<!-- hindsight:end timeline -->").first?.components(separatedBy: "\n| UTC |").last)
        let edited = try edit(Self.original, oldBody, freshBody)
        let merged = merge(edited, with: Self.changed)
        #expect(merged.text == Self.changed)
    }

    @Test func blockThatDisappearsIsRemovedUnlessEdited() throws {
        // Unedited: removed; its section heading, outside the block, stays, with a note.
        let removed = ReportMerge.update(existing: Self.changed, fresh: Self.original)
        #expect(!removed.text.contains("hindsight:begin failed-attempts"))
        #expect(removed.text.contains("## Remediation attempts that did not help\n\n## What went well\n"))
        #expect(removed.text == Self.original.replacingOccurrences(of: "## What went well\n", with: "## Remediation attempts that did not help\n\n## What went well\n"))
        #expect(removed.notes.map(\.kind) == [.removedBlock])
        #expect(Self.line(of: removed.notes.first, in: removed.text) == "## Remediation attempts that did not help")
        #expect(ReportMerge.update(existing: removed.text, fresh: Self.original).text == removed.text)

        // Edited: kept, with a note.
        let attempt = "- 2026-05-12 09:25 — Restarting the upload workers did not help. (incident.md:19)"
        let edited = try edit(Self.changed, attempt, attempt + " It cleared the worker queue but not the quota.")
        let kept = ReportMerge.update(existing: edited, fresh: Self.original)
        #expect(kept.text.contains("It cleared the worker queue but not the quota."))
        #expect(kept.notes.map(\.kind) == [.keptObsoleteBlock])
        #expect(Self.line(of: kept.notes.first, in: kept.text).hasPrefix("<!-- hindsight:begin failed-attempts"))
        #expect(ReportMerge.update(existing: kept.text, fresh: Self.original).text == kept.text)
    }

    @Test func blockDeletedWithItsMarkersComesBack() throws {
        let start = try #require(Self.original.range(of: "<!-- hindsight:begin questions"))
        let end = try #require(Self.original.range(of: "<!-- hindsight:end questions -->\n"))
        let edited = Self.original.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        let merged = merge(edited, with: Self.original)
        #expect(merged.text == Self.original)
        #expect(merged.notes.map(\.kind) == [.addedBlock])
    }

    // MARK: - The chart line

    @Test func chartLineIsRegeneratedUnlessEditedByHand() throws {
        let chart = try #require(Self.lines(Self.original).first { $0.hasPrefix("<!-- hindsight:chart ") })
        let freshChart = try #require(Self.lines(Self.changed).first { $0.hasPrefix("<!-- hindsight:chart ") })
        #expect(chart != freshChart)
        #expect(ReportMerge.update(existing: Self.original, fresh: Self.changed).text.contains(freshChart))

        let handEdited = try edit(Self.original, chart, chart.replacingOccurrences(of: "{\"communicationGaps\"", with: "{ \"communicationGaps\""))
        let merged = merge(handEdited, with: Self.changed)
        #expect(!merged.text.contains(freshChart))
        #expect(merged.notes.map(\.kind) == [.keptEditedChart, .addedBlock])
        #expect(Self.line(of: merged.notes.first, in: merged.text).hasPrefix("<!-- hindsight:chart { "))
        // With unchanged input the hand-edited line still differs from the draft's, so it is noted again.
        #expect(ReportMerge.update(existing: handEdited, fresh: Self.original).notes.map(\.kind) == [.keptEditedChart])
    }

    // MARK: - Authored text from the log

    @Test func authoredTextChangedInTheLogIsNotedNotOverwritten() {
        let newSummary = Self.log.replacingOccurrences(
            of: "Uploads of product images failed for about an hour because the bucket hit its quota.",
            with: "Sellers could not upload product images for 40 minutes: the image bucket reached its storage quota.")
        let merged = merge(Self.original, with: Self.draft(newSummary))
        #expect(merged.text == Self.original)
        #expect(merged.notes.map(\.kind) == [.differentText])
        #expect(merged.notes.first?.message.hasPrefix("the new draft has other text under “Summary” (“Sellers could not upload") == true)
        #expect(Self.line(of: merged.notes.first, in: merged.text) == "## Summary")
    }

    @Test func authoredSectionsNewInTheLogAreTakenWhereTheReportHasNothing() {
        let withRootCause = Self.log.replacingOccurrences(
            of: "## Action items\n",
            with: "## Root cause\n\nThe quota was sized for last year's catalogue and nothing watched it.\n\n## Action items\n")
        let fresh = Self.draft(withRootCause)
        let merged = merge(Self.original, with: fresh)
        #expect(merged.text == fresh)
        #expect(merged.notes.map(\.kind) == [.addedText])
        #expect(Self.line(of: merged.notes.first, in: merged.text) == "## Root cause")
    }

    @Test func generatedSummaryGivesWayToTheAuthorsSummary() {
        let withoutSummary = Self.log.replacingOccurrences(
            of: "## Summary\n\nUploads of product images failed for about an hour because the bucket hit its quota.\n\n", with: "")
        let generated = Self.draft(withoutSummary)
        #expect(generated.contains("hindsight:begin summary"))
        let merged = merge(generated, with: Self.draft(Self.log), drafted: generated)
        #expect(merged.text == Self.draft(Self.log))
        #expect(merged.notes.map(\.kind) == [.removedBlock, .addedText])
    }

    // MARK: - Line endings, damage, other files

    @Test func crlfReportsKeepTheirLineEndings() throws {
        let edited = try edit(Self.original, Self.wentWellPrompt, Self.answer)
        let crlf = edited.replacingOccurrences(of: "\n", with: "\r\n")
        let merged = merge(crlf, with: Self.changed)
        let expected = ReportMerge.update(existing: edited, fresh: Self.changed)
        #expect(merged.text == expected.text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(merged.notes == expected.notes)
        #expect(!merged.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // A CRLF report has lines for the overwrite guard too.
        #expect(ReportEdits.find(in: Self.original.replacingOccurrences(of: "\n", with: "\r\n"), comparedTo: Self.original).isEmpty)
        // An unedited CRLF report refreshes like an LF one.
        #expect(ReportMerge.update(existing: Self.original.replacingOccurrences(of: "\n", with: "\r\n"), fresh: Self.changed).text
            == Self.changed.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func beginMarkerWithoutEndKeepsTheRestAsWritten() throws {
        let edited = try edit(Self.original, "<!-- hindsight:end timeline -->\n", "")
        let merged = merge(edited, with: Self.changed)
        #expect(merged.notes.map(\.kind) == [.damagedMarkers, .addedBlock])
        let note = try #require(merged.notes.first)
        #expect(note.message.hasPrefix("the generated block “timeline” has a begin marker but no end marker"))
        #expect(Self.line(of: note, in: merged.text).hasPrefix("<!-- hindsight:begin timeline"))
        // The damaged block is neither regenerated nor added again; the blocks after it are.
        #expect(!merged.text.contains(Self.newRow))
        #expect(merged.text.components(separatedBy: "hindsight:begin timeline").count == 2)
        #expect(merged.text.contains("A remediation attempt did not restore service"))
    }

    @Test func anyDamagedMarkerKeepsTheBlocksTextAsWritten() throws {
        let lines = Self.original.components(separatedBy: "\n")
        for index in lines.indices {
            guard let marker = ReportMarkers.parse(lines[index][...]) else { continue }
            var damaged = lines
            damaged.remove(at: index)
            let merged = merge(damaged.joined(separator: "\n"), with: Self.changed)
            #expect(merged.notes.contains { $0.kind == .damagedMarkers })
            // The damaged block's text, stale or not, is still there as written.
            let begin = try #require(lines.firstIndex { $0.hasPrefix("<!-- hindsight:begin \(marker.name) ") })
            let end = try #require(lines.firstIndex(of: "<!-- hindsight:end \(marker.name) -->"))
            let mergedLines = Set(Self.lines(merged.text))
            let lost = lines[(begin + 1)..<end].filter { !$0.isEmpty && !mergedLines.contains($0) }
            #expect(lost.isEmpty, "lost \(lost) after damaging \(lines[index])")
        }
    }

    @Test func strayEndMarkerIsKeptAsText() throws {
        let edited = try edit(Self.original, "## What went well\n", "## What went well\n\n<!-- hindsight:end nothing -->\n")
        let merged = merge(edited, with: Self.changed)
        #expect(merged.text.contains("## What went well\n\n<!-- hindsight:end nothing -->\n"))
        #expect(merged.notes.map(\.kind) == [.addedBlock, .damagedMarkers])
    }

    @Test func fileWithoutMarkersIsNotMerged() {
        let notes = "# My notes\n\nNothing generated here.\n"
        let merged = ReportMerge.update(existing: notes, fresh: Self.original)
        #expect(merged.text == notes)
        #expect(merged.notes.map(\.kind) == [.notAReport])
        #expect(ReportMerge.update(existing: "", fresh: Self.original).notes.map(\.kind) == [.notAReport])
    }

    /// Random edits (deleted, added, moved and duplicated lines, markers included) never
    /// lose an added line, and merging stays idempotent.
    @Test func randomEditsNeverLoseALine() {
        var seed: UInt64 = 0x2545_f491_4f6c_dd1d
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(max(bound, 1)))
        }
        let generated = Set(Self.lines(Self.original + Self.changed))
        let additions = ["Reviewer note \(0).", "## Reviewer heading", "", "<!-- hindsight:end timeline -->", "<!-- hindsight:begin impact -->", "- a bullet"]
        for round in 0..<150 {
            var lines = (round % 2 == 0 ? Self.original : Self.changed).components(separatedBy: "\n")
            for edit in 0..<(1 + next(6)) {
                switch next(4) {
                case 0 where !lines.isEmpty: lines.remove(at: next(lines.count))
                case 1: lines.insert(additions[next(additions.count)].replacingOccurrences(of: "0", with: "\(round)-\(edit)"), at: next(lines.count + 1))
                case 2 where lines.count > 1: lines.swapAt(next(lines.count), next(lines.count))
                default: if !lines.isEmpty { let line = lines[next(lines.count)]; lines.insert(line, at: next(lines.count + 1)) }
                }
            }
            let edited = lines.joined(separator: "\n")
            let fresh = round % 3 == 0 ? Self.original : Self.changed
            let merged = ReportMerge.update(existing: edited, fresh: fresh)
            let kept = Set(Self.lines(merged.text))
            let lost = Self.lines(edited).filter { !$0.isEmpty && !kept.contains($0) && !generated.contains($0) }
            #expect(lost.isEmpty, "round \(round) lost \(lost)")
            #expect(ReportMerge.update(existing: merged.text, fresh: fresh).text == merged.text, "round \(round) is not idempotent")
        }
    }

    @Test func everyEditAtOnceSurvivesAndIsIdempotent() throws {
        var edited = try edit(Self.original, Self.wentWellPrompt, Self.answer)
        edited = try edit(edited, "| 09:15 | **Acknowledged:** On-call engineer acknowledges the page. | incident.md:18 |", Self.editedRow)
        edited = try edit(edited, "## Impact\n", "## Impact\n\nSellers in two regions were affected.\n")
        edited = try edit(edited, "<!-- hindsight:end factors -->\n", "<!-- hindsight:end factors -->\n\nWe disagree that monitoring was adequate.\n")
        edited += "\n## Reviewer sign-off\n\nApproved by the storage team.\n"
        let merged = merge(edited, with: Self.changed)
        #expect(merged.notes.map(\.kind) == [.keptEditedBlock, .addedBlock])
        // The new section goes after the reviewer's text at the end of "Contributing factors".
        let disagree = try #require(Self.index(of: "We disagree that monitoring was adequate.", in: merged.text))
        let remediation = try #require(Self.index(of: "## Remediation attempts that did not help", in: merged.text))
        #expect(disagree < remediation)
        // Merging the result with the old draft again changes only the generated parts.
        let back = merge(merged.text, with: Self.original, drafted: Self.changed)
        expectKeepsEveryAddedLine(original: Self.original, edited: edited, result: back.text)
    }
}
