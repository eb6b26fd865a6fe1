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
    private var byFirstStem: [(stem: String, phrases: [Phrase])] = []

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
        byFirstStem = stemOrder.map { ($0, stems[$0] ?? []) }
    }

    /// The labels of every phrase found in `words` (as produced by ``words(of:)``),
    /// each with the range of words its first match covers.
    func matches(in words: [String]) -> [Label: Range<Int>] {
        var found: [Label: Range<Int>] = [:]
        for index in words.indices {
            let word = words[index]
            if let phrases = byFirstWord[word] {
                for phrase in phrases where found[phrase.label] == nil && matches(phrase, in: words, at: index) {
                    found[phrase.label] = index..<(index + phrase.words.count)
                }
            }
            for entry in byFirstStem where word.hasPrefix(entry.stem) {
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
}
