/// Finds phrases in an event's words, numbered by ``EventWords``, in one pass over them.
///
/// Phrases are lowercase word sequences; a word ending in `*` matches any word that
/// starts with it (`saturat*` matches `saturated`). Matching ignores case and
/// punctuation, so `Rolled back.` matches `rolled back`. Every word of a table must be
/// in ``WordLexicon/shared`` (the owners' `vocabulary` lists name their tables).
struct PhraseMatcher<Label: Hashable & Sendable>: Sendable {
    /// A phrase: its words are `elements[start..<start + count]`.
    private struct Phrase: Sendable {
        var start: Int32
        var count: Int32
        var label: Int32
    }

    /// The labels, numbered by first appearance in the table.
    let labels: [Label]
    /// Phrase words: a lexicon word number (0 or more), or a stem as `-1 - stem number`.
    private var elements: [Int32] = []
    private var phrases: [Phrase] = []
    /// Phrases whose first word is lexicon word `n`: `byWord[byWordStart[n]..<byWordStart[n + 1]]`, in table order.
    private var byWordStart: [Int32] = []
    private var byWord: [Int32] = []
    /// Stems that start a phrase, in order of first appearance, each with its phrases
    /// (`byStem[stemStart[i]..<stemStart[i + 1]]`) in table order.
    private var stemOrder: [Int32] = []
    private var stemStart: [Int32] = [0]
    private var byStem: [Int32] = []
    /// Every stem in `stemOrder`, as a mask.
    private var stemUnion: UInt64 = 0

    init(_ table: [(Label, [String])], lexicon: WordLexicon = .shared) {
        var labels: [Label] = []
        // Each phrase's first element, in table order.
        var firsts: [Int32] = []
        let total = table.reduce(0) { $0 + $1.1.count }
        phrases.reserveCapacity(total)
        firsts.reserveCapacity(total)
        elements.reserveCapacity(total * 2)
        for (label, texts) in table {
            let labelNumber: Int32
            if let known = labels.firstIndex(of: label) {
                labelNumber = Int32(known)
            } else {
                labelNumber = Int32(labels.count)
                labels.append(label)
            }
            for text in texts {
                let words = PhraseMatcher.words(of: text, keepingStars: true)
                guard !words.isEmpty else { continue }
                let start = elements.count
                phrases.append(Phrase(start: Int32(start), count: Int32(words.count), label: labelNumber))
                for word in words {
                    if word.hasSuffix("*") {
                        // Every phrase word is in the lexicon (the vocabularies list the tables).
                        elements.append(-1 - (lexicon.stemNumber(of: String(word.dropLast())) ?? 0))
                    } else {
                        elements.append(lexicon.number(of: word) ?? Int32.max)
                    }
                }
                firsts.append(elements[start])
            }
        }
        self.labels = labels
        precondition(labels.count <= 64, "a label mask holds 64 labels")
        // Phrases by first word, in table order: counted, then placed.
        let words = lexicon.count
        var starts = [Int32](repeating: 0, count: words + 1)
        for first in firsts where first >= 0 && Int(first) < words { starts[Int(first) + 1] += 1 }
        for word in 0..<words { starts[word + 1] += starts[word] }
        byWordStart = starts
        byWord = [Int32](repeating: 0, count: Int(starts[words]))
        var next = starts
        for (number, first) in firsts.enumerated() where first >= 0 && Int(first) < words {
            byWord[Int(next[Int(first)])] = Int32(number)
            next[Int(first)] += 1
        }
        // Stems in order of first appearance, each with its phrases in table order.
        for first in firsts where first < 0 && !stemOrder.contains(-1 - first) { stemOrder.append(-1 - first) }
        for stem in stemOrder {
            for (number, first) in firsts.enumerated() where first == -1 - stem { byStem.append(Int32(number)) }
            stemStart.append(Int32(byStem.count))
            stemUnion |= 1 << UInt64(stem)
        }
    }

    /// The bit of a label in the masks this matcher returns; 0 when the table has no such label.
    func bit(of label: Label) -> UInt64 {
        labels.firstIndex(of: label).map { 1 << UInt64($0) } ?? 0
    }

    /// A mask of the labels (see ``bit(of:)``) of every phrase found in `words`.
    func labelsFound(in words: WordSpan) -> UInt64 {
        scan(words, stopAtFirst: false) { _, _, _ in }
    }

    /// Whether any phrase is found in `words`.
    func containsMatch(in words: WordSpan) -> Bool {
        scan(words, stopAtFirst: true) { _, _, _ in } != 0
    }

    /// Calls `body` with every label found in `words` and the range of words its
    /// first match covers.
    func forEachFirstMatch(in words: WordSpan, _ body: (Label, Range<Int>) -> Void) {
        _ = scan(words, stopAtFirst: false) { label, start, count in
            body(labels[label], start..<(start + count))
        }
    }

    /// The first match of every label: the earliest word it starts at, and there the
    /// phrases in table order, those with an exact first word before those with a stem.
    @inline(__always)
    private func scan(_ words: WordSpan, stopAtFirst: Bool, _ found: (Int, Int, Int) -> Void) -> UInt64 {
        var seen: UInt64 = 0
        let all: UInt64 = labels.count == 64 ? ~0 : (1 << UInt64(labels.count)) - 1
        let lexiconCount = byWordStart.count - 1
        for index in 0..<words.count {
            let word = words[index]
            if Int(word) < lexiconCount {
                for entry in Int(byWordStart[Int(word)])..<Int(byWordStart[Int(word) + 1]) {
                    let phrase = phrases[Int(byWord[entry])]
                    let bit: UInt64 = 1 << UInt64(phrase.label)
                    if seen & bit == 0 && matches(phrase, in: words, at: index) {
                        seen |= bit
                        found(Int(phrase.label), index, Int(phrase.count))
                        if stopAtFirst { return seen }
                    }
                }
            }
            let stemMask = words.stemMasks[Int(word)] & stemUnion
            if stemMask != 0 {
                for (position, stem) in stemOrder.enumerated() where stemMask & (1 << UInt64(stem)) != 0 {
                    for entry in Int(stemStart[position])..<Int(stemStart[position + 1]) {
                        let phrase = phrases[Int(byStem[entry])]
                        let bit: UInt64 = 1 << UInt64(phrase.label)
                        if seen & bit == 0 && matches(phrase, in: words, at: index) {
                            seen |= bit
                            found(Int(phrase.label), index, Int(phrase.count))
                            if stopAtFirst { return seen }
                        }
                    }
                }
            }
            if seen == all { break }
        }
        return seen
    }

    /// Whether the phrase's words follow from word `start` on (its first word is known to match).
    @inline(__always)
    private func matches(_ phrase: Phrase, in words: WordSpan, at start: Int) -> Bool {
        let count = Int(phrase.count)
        guard start + count <= words.count else { return false }
        var offset = 1
        while offset < count {
            let expected = elements[Int(phrase.start) + offset]
            let word = words[start + offset]
            if expected >= 0 {
                if word != expected { return false }
            } else if words.stemMasks[Int(word)] & (1 << UInt64(-1 - expected)) == 0 {
                return false
            }
            offset += 1
        }
        return true
    }

    /// `words(of: text).joined(separator: " ")`; for ASCII text from the bytes.
    static func wordLine(of text: String) -> String {
        let line = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var line: [UInt8] = []
            line.reserveCapacity(bytes.count)
            var inWord = false
            for byte in bytes {
                if (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27 {
                    if !inWord && !line.isEmpty { line.append(0x20) }
                    inWord = true
                    line.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                } else {
                    inWord = false
                }
            }
            return String(decoding: line, as: UTF8.self)
        }
        return (line ?? nil) ?? words(of: text).joined(separator: " ")
    }

    /// Lowercased words of a text: letters, digits and apostrophes kept (`didn't`);
    /// everything else separates words. Phrase tables keep `*`, their stem marker.
    static func words(of text: String, keepingStars: Bool = false) -> [String] {
        if let ascii = asciiWords(of: text, keepingStars: keepingStars) { return ascii }
        return mixedWords(of: text, keepingStars: keepingStars) ?? characterWords(of: text, keepingStars: keepingStars)
    }

    /// ``words(of:keepingStars:)`` for text that is not all ASCII. An ASCII separator
    /// between two ASCII bytes is a character of its own, so no word spans it and
    /// lowercasing does not look across it: the ASCII between such separators is split
    /// from the bytes, and only the stretches holding other bytes by characters.
    private static func mixedWords(of text: String, keepingStars: Bool) -> [String]? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> [String] in
            var words: [String] = []
            func split(_ range: Range<Int>, ascii: Bool) {
                guard !range.isEmpty else { return }
                let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                words += (ascii ? asciiWords(of: piece, keepingStars: keepingStars) : nil)
                    ?? characterWords(of: piece, keepingStars: keepingStars)
            }
            var asciiStart = 0
            var stretchStart = 0
            var stretchIsASCII = true
            for index in 0...bytes.count {
                if index < bytes.count {
                    let byte = bytes[index]
                    if byte >= 0x80 {
                        stretchIsASCII = false
                        continue
                    }
                    let wordByte = (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27 || (keepingStars && byte == 0x2A)
                    guard !wordByte, index == 0 || bytes[index - 1] < 0x80, index + 1 == bytes.count || bytes[index + 1] < 0x80 else {
                        continue
                    }
                }
                // `index` ends a stretch.
                if !stretchIsASCII {
                    split(asciiStart..<stretchStart, ascii: true)
                    split(stretchStart..<index, ascii: false)
                    asciiStart = index
                    stretchIsASCII = true
                }
                stretchStart = index + 1
            }
            split(asciiStart..<bytes.count, ascii: true)
            return words
        }
        return found
    }

    /// ``words(of:keepingStars:)`` by characters.
    private static func characterWords(of text: String, keepingStars: Bool) -> [String] {
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

    /// ``words(of:keepingStars:)`` for ASCII text, from the bytes: there a letter or
    /// digit is one byte and lowercasing is `| 0x20`. Nil for any other text.
    private static func asciiWords(of text: String, keepingStars: Bool) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var start = -1
            var hasCapital = false
            func word(_ range: Range<Int>) -> String {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                guard hasCapital else { return String(decoding: slice, as: UTF8.self) }
                return String(unsafeUninitializedCapacity: slice.count) { buffer in
                    for (offset, byte) in slice.enumerated() {
                        buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    }
                    return slice.count
                }
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard byte < 0x80 else { return nil }
                let lower = byte >= 0x61 && byte <= 0x7A, upper = byte >= 0x41 && byte <= 0x5A
                if lower || upper || (byte >= 0x30 && byte <= 0x39) || byte == 0x27 || (keepingStars && byte == 0x2A) {
                    if start < 0 {
                        start = index
                        hasCapital = false
                    }
                    if upper { hasCapital = true }
                } else if start >= 0 {
                    words.append(word(start..<index))
                    start = -1
                }
                index += 1
            }
            if start >= 0 { words.append(word(start..<bytes.count)) }
            return words
        }
    }
}
