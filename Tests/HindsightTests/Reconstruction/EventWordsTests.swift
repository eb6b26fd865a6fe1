import Foundation
import Testing
@testable import Hindsight

/// Splitting each text into numbered words once, and matching phrases on the numbers,
/// must give exactly what splitting into `String` words and comparing them gives.
@Suite struct EventWordsTests {
    static let samples = [
        "", " ", "plain words", "Rolled back the DEPLOY. OUTAGE BEGINS now", "didn't help; didn’t help",
        "Tomás Ruiz pages Marie", "Config diff reviewed by Tomás Ruiz: nothing unusual", "x á", "á", "áb c",
        "e\u{301}mail sent", "email\u{301} sent", "restart\u{301}ed pods", " \u{301}restarted", "a\u{200D}b restarted",
        "K\u{212A}elvin ΑΣ Σ.Β", "日本語 saturated 日本語", "emoji 👩‍💻 restarted", "\r\nCRLF\r\nsaturation\r\n",
        "3pages Marie-Claire", "the l2 level 2 escalated", "ABCDEF abcdef ABCDE", "'quoted' it's ops'", "tab\there",
        "ÉLEVATED ERRORS é", "pre\u{0600}fix restart", "back to normal — resolved", "Ação restored",
    ]

    private static func events(_ texts: [String]) -> [TimelineEvent] {
        texts.map { TimelineEvent(time: nil, text: $0, source: SourceLocation(file: "test.md")) }
    }

    /// The words of a text as they were split, by characters over the whole text: the reference.
    private static func referenceWords(of text: String, keepingStars: Bool = false) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "'" || character == "’" || (keepingStars && character == "*") {
                current.append(character == "’" ? "'" : character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test func wordsMatchCharacterSplitting() {
        for text in Self.samples + ["*stem* é*x", "a*b ü*"] {
            #expect(PhraseMatcher<Int>.words(of: text) == Self.referenceWords(of: text), "\(text.debugDescription)")
            #expect(PhraseMatcher<Int>.words(of: text, keepingStars: true) == Self.referenceWords(of: text, keepingStars: true))
        }
        let words = EventWords(Self.events(Self.samples))
        for (index, text) in Self.samples.enumerated() {
            let numbered = words.range(of: index).count
            #expect(numbered == PhraseMatcher<Int>.words(of: text).count, "\(text.debugDescription)")
            let phrase = words.phrase(of: index, words: 0..<numbered)
            #expect(phrase == PhraseMatcher<Int>.words(of: text).joined(separator: " "), "\(text.debugDescription)")
            #expect(words.capitalRuns[index] == EventWords.hasCapitalRun(text), "\(text.debugDescription)")
        }
    }

    /// Events split in pieces on every core get the numbers splitting them in order gives.
    @Test func piecesNumberWordsAsOnePass() {
        var generator = RobustnessTests.SeededGenerator(state: 41)
        var texts = Self.samples
        let pieces = Self.samples.flatMap { $0.split(separator: " ").map(String.init) } + ["Marie", "pages", "newword", "x"]
        for _ in 0..<3_000 {
            texts.append((0..<Int.random(in: 0...8, using: &generator)).map { _ in
                // Half the words new ones (a piece with a number), so each piece meets some first.
                let piece = pieces.randomElement(using: &generator) ?? ""
                return Bool.random(using: &generator) ? piece : piece + String(Int.random(in: 0..<300, using: &generator))
            }.joined(separator: " "))
        }
        let events = Self.events(texts)
        let whole = EventWords(events, eventsPerPiece: Int.max)
        for size in [1, 5, 64, 999] {
            let split = EventWords(events, eventsPerPiece: size)
            #expect(split.count == whole.count)
            #expect(split.capitalRuns == whole.capitalRuns)
            #expect(split.interner.count == whole.interner.count)
            for index in texts.indices {
                let numbers = split.withWords(of: index) { Array($0.numbers) }
                #expect(numbers == whole.withWords(of: index) { Array($0.numbers) }, "\(texts[index].debugDescription)")
            }
            for number in 0..<Int32(whole.interner.count) {
                #expect(split.interner.text(of: number) == whole.interner.text(of: number))
                #expect(split.interner.stemMasks[Int(number)] == whole.interner.stemMasks[Int(number)])
            }
        }
        #expect(whole.interner.count > WordLexicon.shared.count + 100)
    }

    @Test func equalWordsShareANumber() {
        let texts = ["Restarted restarted RESTARTED", "José jose\u{301} JOSÉ"]
        let words = EventWords(Self.events(texts))
        for index in texts.indices {
            let numbers = words.withWords(of: index) { Array($0.numbers) }
            let strings = PhraseMatcher<Int>.words(of: texts[index])
            for first in numbers.indices {
                for second in numbers.indices {
                    #expect((numbers[first] == numbers[second]) == (strings[first] == strings[second]), "\(texts[index])")
                }
            }
        }
    }

    static let table: [(String, [String])] = [
        ("remediation", ["rolled back", "restart*", "fix", "scale up", "e-mail*"]),
        ("failure", ["did not help", "didn't help", "no effect", "no effect yet", "failed"]),
        ("load", ["saturat*", "error rate drop*", "out of memory", "is full"]),
        ("name", ["josé", "marie"]),
        ("overlap", ["rolled back the deploy", "rolled", "back"]),
    ]

    /// The matching as it was written on `String` words: the reference.
    private static func referenceMatches(_ table: [(String, [String])], in words: [String]) -> [String: Range<Int>] {
        var firstWords: [(String, [String])] = []
        var stems: [(String, [String])] = []
        for (label, texts) in table {
            for text in texts {
                let phrase = PhraseMatcher<Int>.words(of: text, keepingStars: true)
                guard let first = phrase.first else { continue }
                if first.hasSuffix("*") { stems.append((label, phrase)) } else { firstWords.append((label, phrase)) }
            }
        }
        // Stems in order of first appearance, each with its phrases in table order.
        var stemOrder: [String] = []
        for (_, phrase) in stems where !stemOrder.contains(String(phrase[0].dropLast())) {
            stemOrder.append(String(phrase[0].dropLast()))
        }
        func matches(_ phrase: [String], at start: Int) -> Bool {
            guard start + phrase.count <= words.count else { return false }
            for (offset, expected) in phrase.enumerated() {
                let word = words[start + offset]
                if expected.hasSuffix("*") {
                    if !word.hasPrefix(expected.dropLast()) { return false }
                } else if word != expected {
                    return false
                }
            }
            return true
        }
        var found: [String: Range<Int>] = [:]
        for index in words.indices {
            for (label, phrase) in firstWords where phrase[0] == words[index] && found[label] == nil && matches(phrase, at: index) {
                found[label] = index..<(index + phrase.count)
            }
            for stem in stemOrder where words[index].hasPrefix(stem) {
                for (label, phrase) in stems where phrase[0] == stem + "*" && found[label] == nil && matches(phrase, at: index) {
                    found[label] = index..<(index + phrase.count)
                }
            }
        }
        return found
    }

    @Test func phraseMatchesEqualTheReference() {
        let texts = Self.samples + [
            "Rolled back the deploy, it did not help", "restarting the pods had no effect yet", "E-mailed José and Marie",
            "the disk is full; error rate dropped", "Error rate drops after the fix", "back rolled", "scale up scale up",
            "Jose\u{301} restarted", "didn’t help at all", "out of memory out of",
        ]
        let lexicon = WordLexicon(texts: Self.table.flatMap(\.1))
        let matcher = PhraseMatcher(Self.table, lexicon: lexicon)
        let words = EventWords(Self.events(texts), lexicon: lexicon)
        for (index, text) in texts.enumerated() {
            let expected = Self.referenceMatches(Self.table, in: PhraseMatcher<Int>.words(of: text))
            var found: [String: Range<Int>] = [:]
            let mask = words.withWords(of: index) { span in
                matcher.forEachFirstMatch(in: span) { label, range in found[label] = range }
                #expect(matcher.containsMatch(in: span) == !expected.isEmpty, "\(text)")
                return matcher.labelsFound(in: span)
            }
            #expect(found == expected, "\(text)")
            #expect(mask == expected.keys.reduce(0) { $0 | matcher.bit(of: $1) }, "\(text)")
        }
    }

    @Test func wordLinesAndActionKindsMatchTheWords() {
        let texts = Self.samples + ["Add an ALERT on disk", "Write the runbook", "Rehearse failover; add a dashboard", "Nothing"]
        for text in texts {
            let words = PhraseMatcher<Int>.words(of: text)
            #expect(PhraseMatcher<Int>.wordLine(of: text) == words.joined(separator: " "), "\(text.debugDescription)")
            let detect: Set<String> = ["alert", "alerts", "alerting", "monitor", "monitoring", "dashboard", "detect", "detection", "page", "paging", "probe", "synthetic"]
            let mitigate: Set<String> = ["runbook", "playbook", "failover", "rollback", "escalation", "commander", "drill", "rehearse", "communication", "template", "procedure", "on-call", "document", "fallback"]
            let expected: ActionItem.Kind = !Set(words).isDisjoint(with: detect) ? .detect : !Set(words).isDisjoint(with: mitigate) ? .mitigate : .prevent
            #expect(ActionItemParser.kind(of: text) == expected, "\(text.debugDescription)")
        }
    }

    /// `FindingsAnalyzer.shortText` as it was written, by characters.
    private static func referenceShortText(_ text: String, limit: Int) -> String {
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard single.count > limit else { return single }
        let cut = single.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }

    @Test func shortTextMatchesTheReference() {
        let long = String(repeating: "word ", count: 30)
        let texts = Self.samples + [
            long, long + "\nmore", "line one\r\nline two\n\n\u{0B}three\u{0C}", String(repeating: "x", count: 120),
            "\n\n", "a\rb", long + "é", String(repeating: "ab ", count: 26) + "cd",
        ]
        for text in texts {
            for limit in [0, 5, 60, 80, 100] {
                #expect(FindingsAnalyzer.shortText(text, limit: limit) == Self.referenceShortText(text, limit: limit), "\(text.debugDescription)")
            }
        }
    }
}
