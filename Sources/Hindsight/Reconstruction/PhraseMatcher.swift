/// Finds phrases in text by words, in one pass over the text's words.
///
/// Phrases are lowercase word sequences; a word ending in `*` matches any word that
/// starts with it (`saturat*` matches `saturated`). Matching ignores case and
/// punctuation, so `Rolled back.` matches `rolled back`.
struct PhraseMatcher<Label: Hashable & Sendable>: Sendable {
    private struct Phrase: Sendable {
        var words: [String]
        var label: Label
    }

    private var byFirstWord: [String: [Phrase]] = [:]
    /// ``byFirstWord`` hashed on the bytes, when every first word is ASCII.
    private var firstWordTable: WordTable<[Phrase]>?
    private var byFirstStem: [(stem: String, phrases: [Phrase])] = []
    /// ``byFirstStem`` grouped by the stem's first UTF-8 byte (order kept), so a word is
    /// only compared with the stems that can be its prefix.
    private var stemsByFirstByte: [UInt8: [(stem: String, phrases: [Phrase])]] = [:]
    /// Whether every stem is non-empty ASCII, so the grouping above is exact.
    private var stemsAreASCII = true

    init(_ table: [(Label, [String])]) {
        var stems: [String: [Phrase]] = [:]
        var stemOrder: [String] = []
        for (label, phrases) in table {
            for text in phrases {
                let words = PhraseMatcher.words(of: text, keepingStars: true)
                guard let first = words.first else { continue }
                let phrase = Phrase(words: words, label: label)
                if first.hasSuffix("*") {
                    let stem = String(first.dropLast())
                    if stems[stem] == nil { stemOrder.append(stem) }
                    stems[stem, default: []].append(phrase)
                } else {
                    byFirstWord[first, default: []].append(phrase)
                }
            }
        }
        firstWordTable = WordTable(byFirstWord.map { ($0.key, $0.value) })
        byFirstStem = stemOrder.map { ($0, stems[$0] ?? []) }
        for entry in byFirstStem {
            if entry.stem.isEmpty || entry.stem.utf8.contains(where: { $0 >= 0x80 }) { stemsAreASCII = false }
            stemsByFirstByte[entry.stem.utf8.first ?? 0, default: []].append(entry)
        }
    }

    /// The labels of every phrase found in `words` (as produced by ``words(of:)``),
    /// each with the range of words its first match covers.
    func matches(in words: [String]) -> [Label: Range<Int>] {
        var found: [Label: Range<Int>] = [:]
        for index in words.indices {
            let word = words[index]
            if let phrases = firstWordTable.map({ $0.value(for: word) }) ?? byFirstWord[word] {
                for phrase in phrases where found[phrase.label] == nil && matches(phrase, in: words, at: index) {
                    found[phrase.label] = index..<(index + phrase.words.count)
                }
            }
            let firstByte = word.utf8.first ?? 0
            let candidates = stemsAreASCII && firstByte < 0x80 ? (stemsByFirstByte[firstByte] ?? []) : byFirstStem
            for entry in candidates where word.hasPrefix(entry.stem) {
                for phrase in entry.phrases where found[phrase.label] == nil && matches(phrase, in: words, at: index) {
                    found[phrase.label] = index..<(index + phrase.words.count)
                }
            }
        }
        return found
    }

    private func matches(_ phrase: Phrase, in words: [String], at start: Int) -> Bool {
        guard start + phrase.words.count <= words.count else { return false }
        for (offset, expected) in phrase.words.enumerated() {
            let word = words[start + offset]
            if expected.hasSuffix("*") {
                if !word.hasPrefix(expected.dropLast()) { return false }
            } else if word != expected {
                return false
            }
        }
        return true
    }

    /// Lowercased words of a text: letters, digits and apostrophes kept (`didn't`);
    /// everything else separates words. Phrase tables keep `*`, their stem marker.
    static func words(of text: String, keepingStars: Bool = false) -> [String] {
        if let ascii = asciiWords(of: text, keepingStars: keepingStars) { return ascii }
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
