import Foundation
import Testing
@testable import Hindsight

/// The fingerprints in begin markers: the same for the same text however its bytes
/// arrive, different for a changed text, and those of reports drafted before the
/// current kind still recognised.
@Suite struct FingerprintTests {
    typealias Generator = RobustnessTests.SeededGenerator

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func randomBytes(_ count: Int, using generator: inout Generator) -> [UInt8] {
        // Mostly printable ASCII, with some bytes of every value.
        (0..<count).map { _ in
            generator.next() % 8 == 0 ? UInt8.random(in: 0...255, using: &generator) : UInt8.random(in: 32...126, using: &generator)
        }
    }

    static func laneHash(_ bytes: [UInt8], splitAt cuts: [Int] = []) -> String {
        var hash = ReportMarkers.LaneHash()
        var start = 0
        for cut in cuts.sorted() + [bytes.count] where cut >= start {
            bytes[start..<cut].withUnsafeBufferPointer { hash.add($0) }
            start = cut
        }
        return hash.text
    }

    @Test func bytesGivenInAnyPiecesHashAlike() {
        var generator = Generator(state: 7)
        for length in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 257, 1000, 4099] {
            let bytes = Self.randomBytes(length, using: &generator)
            let whole = Self.laneHash(bytes)
            #expect(whole.hasPrefix("v2-") && whole.utf8.count == 19)
            for _ in 0..<20 {
                let cuts = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Int.random(in: 0...length, using: &generator) }
                #expect(Self.laneHash(bytes, splitAt: cuts) == whole, "length \(length), cuts \(cuts)")
            }
            // One byte at a time.
            #expect(Self.laneHash(bytes, splitAt: Array(0..<length)) == whole)
        }
    }

    @Test func everyChangedByteChangesTheHash() {
        var generator = Generator(state: 11)
        var seen: Set<String> = []
        var hashed = 0
        for length in [1, 5, 8, 9, 24, 32, 40, 64, 96, 131] {
            let bytes = Self.randomBytes(length, using: &generator)
            seen.insert(Self.laneHash(bytes))
            hashed += 1
            for position in 0..<length {
                for flip: UInt8 in [1, 0x20, 0x80] {
                    var changed = bytes
                    changed[position] ^= flip
                    seen.insert(Self.laneHash(changed))
                    hashed += 1
                }
            }
            // A trailing zero byte is not the padding of the last word.
            seen.insert(Self.laneHash(bytes + [0]))
            hashed += 1
        }
        #expect(seen.count == hashed)
    }

    @Test func linesHashAsTheirTrimmedBytesEachWithALineFeed() {
        var lines = ReportMarkers.Fingerprint<ReportMarkers.LaneHash>()
        for line in ["| 09:15 | Paged. |  ", "", "\tText\r", "é  "] { lines.add(line: line[...]) }
        #expect(lines.text == Self.laneHash(Array("| 09:15 | Paged. |\n\n\tText\né\n".utf8)))
        var pieces = ReportMarkers.Fingerprint<ReportMarkers.LaneHash>()
        pieces.add(untrimmedLines: .pieces([Array("a\nb".utf8), Array("c".utf8)]))
        #expect(pieces.text == Self.laneHash(Array("a\nb\nc\n".utf8)))
        // Rows placed after room in front hash from where they start.
        let placed = UTF8Output(capacity: 16)
        placed.appendUTF8("??a\nb\nc")
        var inPlace = ReportMarkers.Fingerprint<ReportMarkers.LaneHash>()
        inPlace.add(untrimmedLines: .placed(placed, front: 2))
        #expect(inPlace.text == pieces.text)
    }

    @Test func reportsFingerprintedWithFNV1aAreStillRecognised() throws {
        // A report drafted before fingerprints were `v2-`: 16 hex digits of FNV-1a.
        let legacy = try String(contentsOf: Self.fixtures.appendingPathComponent("payments-latency-fnv1a.md"), encoding: .utf8)
        let legacyMarkers = legacy.split(separator: "\n").compactMap { ReportMarkers.parse($0) }.filter(\.isBegin)
        #expect(legacyMarkers.count >= 8)
        #expect(legacyMarkers.allSatisfy { $0.fingerprint?.utf8.count == 16 })
        let outputs = try GoldenReportTests.outputs(for: "payments-latency.json")
        let fresh = try #require(outputs.first { $0.name.hasSuffix(".md") }?.text)
        #expect(fresh != legacy)

        // Unedited: nothing is reported, and an update takes the new draft whole.
        #expect(ReportEdits.find(in: legacy, comparedTo: fresh).isEmpty)
        let merged = ReportMerge.update(existing: legacy, fresh: fresh)
        #expect(merged.text == fresh)
        #expect(merged.notes.isEmpty, "\(merged.notes)")

        // Edited: the edit is found, and kept by an update.
        let row = try #require(legacy.split(separator: "\n").first { $0.hasPrefix("| ") && $0.hasSuffix("payments-latency.json $.events\\[5\\] |") })
        let edited = legacy.replacingOccurrences(of: String(row), with: String(row) + " Checked.")
        let edits = ReportEdits.find(in: edited, comparedTo: fresh)
        #expect(edits.map(\.description) == ["the generated block “timeline” was edited"])
        let kept = ReportMerge.update(existing: edited, fresh: fresh)
        #expect(kept.text.contains(String(row) + " Checked."))
    }

    @Test func unknownFingerprintsMatchNothing() {
        let lines: [Substring] = ["a", "b"]
        let fingerprint = ReportMarkers.fingerprint(of: lines)
        #expect(ReportMarkers.matches(lines, fingerprint: fingerprint))
        #expect(!ReportMarkers.matches(["a", "c"], fingerprint: fingerprint))
        for other in ["", "v2-", "v3-0123456789abcdef", "0123456789ABCDEF", "0123456789abcdeg", "0123456789abcde"] {
            #expect(!ReportMarkers.matches(lines, fingerprint: other))
        }
    }
}
