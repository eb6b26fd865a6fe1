import Foundation
import Testing
@testable import Hindsight

/// The chart's comment written field by field is what `JSONEncoder` (sorted keys) and
/// the comment escapes write, and reading a comment back through the memo of charts
/// just written gives what decoding it gives.
@Suite struct ChartJSONTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Every ASCII character, the scalars the comment escapes, and a few others.
    static let pieces: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        + ["\u{85}", "\u{2028}", "\u{2029}", "é", "ß", "😀", "—", "…", "\u{7F}", "-->", "<!--", "\r\n", "\u{FEFF}", "Ω"]

    static func text(_ generator: inout Generator) -> String {
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func number(_ generator: inout Generator) -> Int {
        switch generator.next() % 6 {
        case 0: return 0
        case 1: return [Int.min, Int.max, -1, 9, 10, -10].randomElement(using: &generator)!
        case 2: return -Int.random(in: 1...2_000_000_000, using: &generator)
        default: return Int.random(in: 0...2_000_000_000, using: &generator)
        }
    }

    static func chart(_ generator: inout Generator) -> ChartData {
        func some<T>(_ make: (inout Generator) -> T) -> [T] {
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in make(&generator) }
        }
        func maybe(_ generator: inout Generator) -> Int? { Bool.random(using: &generator) ? number(&generator) : nil }
        return ChartData(
            title: text(&generator), zone: text(&generator), utcOffset: number(&generator),
            impactStart: maybe(&generator), impactEnd: maybe(&generator),
            milestones: some { ChartData.Moment(kind: text(&$0), at: number(&$0), confidence: text(&$0), approximate: Bool.random(using: &$0)) },
            phases: some { ChartData.Phase(key: text(&$0), title: text(&$0), start: number(&$0), end: number(&$0)) },
            escalations: some { ChartData.EscalationMark(at: number(&$0), level: number(&$0), direction: text(&$0), target: text(&$0)) },
            handoffs: some { ChartData.HandoffMark(at: number(&$0), kind: text(&$0), to: Bool.random(using: &$0) ? text(&$0) : nil) },
            updates: some { number(&$0) },
            communicationGaps: some { ChartData.Span(start: number(&$0), end: number(&$0)) },
            failedAttempts: some { ChartData.FailedAttempt(at: number(&$0), label: text(&$0)) },
            slaBreach: maybe(&generator))
    }

    @Test func writtenByHandAsTheEncoderWritesIt() {
        var generator = Generator(state: 42)
        for _ in 0..<2_000 {
            let chart = Self.chart(&generator)
            #expect(chart.markdownComment() == chart.encodedMarkdownComment(), "\(chart)")
        }
        // Each character on its own, in every string field.
        for piece in Self.pieces {
            let chart = ChartData(
                title: piece, zone: piece, utcOffset: 0, milestones: [.init(kind: piece, at: 1, confidence: piece)],
                phases: [.init(key: piece, title: piece, start: 1, end: 2)],
                escalations: [.init(at: 1, level: 2, direction: piece, target: piece)], handoffs: [.init(at: 1, kind: piece, to: piece)],
                failedAttempts: [.init(at: 1, label: piece)])
            #expect(chart.markdownComment() == chart.encodedMarkdownComment(), "\(piece.unicodeScalars.map(\.value))")
        }
    }

    @Test func chartsJustWrittenReadBackAsDecoded() throws {
        var generator = Generator(state: 5)
        for _ in 0..<300 {
            var chart = Self.chart(&generator)
            // Plausible instants, so that decoding keeps the chart.
            chart.utcOffset = 3600
            chart.impactStart = 1_772_000_000
            chart.impactEnd = nil
            chart.slaBreach = nil
            chart.updates = chart.updates.map { 1_772_000_000 + abs($0 % 100_000) }
            chart.milestones = chart.milestones.map { var moment = $0; moment.at = 1_772_000_000; return moment }
            chart.phases = []
            chart.escalations = []
            chart.handoffs = []
            chart.communicationGaps = []
            chart.failedAttempts = chart.failedAttempts.map { var attempt = $0; attempt.at = 1_772_000_100; return attempt }
            let comment = chart.markdownComment()
            let markdown = "# Report\n\n" + comment + "\n\nText.\n"
            let remembered = try #require(ChartData.parse(fromMarkdown: markdown))
            let decoded = try #require(ChartData.decoded(fromComment: comment[...]))
            #expect(remembered == decoded)
            #expect(decoded == chart)
        }
        // A chart the memo holds, but implausible, is refused as decoding refuses it.
        var wild = ChartData(title: "t", zone: "UTC", utcOffset: 0, milestones: [.init(kind: "detected", at: 1, confidence: "stated")])
        wild.updates = [Int.max]
        let comment = wild.markdownComment()
        #expect(ChartData.decoded(fromComment: comment[...]) == nil)
        #expect(ChartData.parse(fromMarkdown: comment + "\n") == nil)
    }

    @Test func theMemoHoldsAFewRecentCharts() {
        let memo = ChartCommentMemo()
        var generator = Generator(state: 9)
        let charts = (0..<(ChartCommentMemo.limit + 2)).map { _ in Self.chart(&generator) }
        let comments = charts.map { $0.encodedMarkdownComment() }
        for (chart, comment) in zip(charts, comments) { memo.remember(chart, as: comment) }
        #expect(memo.data(for: comments[0][...]) == nil)
        #expect(memo.data(for: comments[1][...]) == nil)
        for index in 2..<charts.count { #expect(memo.data(for: comments[index][...]) == charts[index]) }
        #expect(memo.data(for: (comments.last! + " ")[...]) == nil)
        memo.forget()
        #expect(memo.data(for: comments.last![...]) == nil)
    }
}
