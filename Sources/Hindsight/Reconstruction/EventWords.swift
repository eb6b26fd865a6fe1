/// Every word and stem the reconstruction's phrase tables and word lists name, each
/// with a number, so that an event's words are compared as integers.
///
/// Word numbers `0..<count` are the lexicon's; a document's ``WordInterner`` starts
/// from ``seed`` and numbers the document's other words after them. A stem (`saturat`
/// of `saturat*`) has its own number, a bit in every word's stem mask.
struct WordLexicon: Sendable {
    /// The words of every phrase table and word list of the reconstruction.
    static let shared = WordLexicon(texts: EventClassifier.vocabulary + FindingsAnalyzer.vocabulary + PeopleIndex.vocabulary)

    private var numbers: [String: Int32] = [:]
    private var stemNumbers: [String: Int32] = [:]
    /// The stems, by number (at most 64, one bit each in a stem mask).
    private(set) var stems: [String] = []
    /// An interner that holds the lexicon's words, numbered as here.
    private(set) var seed: WordInterner

    /// How many words the lexicon numbers.
    var count: Int { numbers.count }

    /// `texts` are phrases or words, as in the phrase tables (`health check*`).
    init(texts: [String]) {
        var words: [String] = []
        for text in texts {
            for word in PhraseMatcher<Int>.words(of: text, keepingStars: true) {
                if word.hasSuffix("*") {
                    let stem = String(word.dropLast())
                    if stemNumbers[stem] == nil {
                        stemNumbers[stem] = Int32(stems.count)
                        stems.append(stem)
                    }
                } else if numbers[word] == nil {
                    numbers[word] = Int32(words.count)
                    words.append(word)
                }
            }
        }
        // Static tables: more than 64 stems is a programming error, caught by any test.
        precondition(stems.count <= 64, "a stem mask holds 64 stems")
        var seed = WordInterner(stems: stems)
        for word in words { _ = seed.intern(word) }
        self.seed = seed
    }

    /// The number of a lexicon word (lowercase, as ``PhraseMatcher/words(of:keepingStars:)`` gives it).
    func number(of word: String) -> Int32? { numbers[word] }

    /// The number of a stem (without its `*`).
    func stemNumber(of stem: String) -> Int32? { stemNumbers[stem] }
}

/// Numbers the words of a document: ASCII words by their bytes (hashed and compared
/// byte for byte), other words by `String` equality, so two words have the same number
/// exactly when they are equal `String`s. Keeps each word's text and stem mask.
struct WordInterner: Sendable {
    /// The lowercase bytes of every word, one after another.
    private var keyBytes: [UInt8] = []
    /// Word `n` is `keyBytes[keyStarts[n]..<keyStarts[n + 1]]`.
    private var keyStarts: [Int32] = [0]
    /// The hash of each ASCII word; 0 for words numbered through `others`.
    private var hashes: [UInt64] = []
    /// Whether each word is ASCII (in `slots`) rather than in `others`.
    private var isASCII: [Bool] = []
    /// Open addressing over ASCII words: number + 1, 0 for an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    /// Words that are not ASCII.
    private var others: [String: Int32] = [:]
    /// For each word, a bit for every stem it starts with.
    private(set) var stemMasks: [UInt64] = []
    private let stems: [String]
    private let stemBytes: [[UInt8]]
    /// Stem numbers by the stem's first byte, in stem order.
    private let stemsByFirstByte: [[Int32]]

    init(stems: [String]) {
        self.stems = stems
        stemBytes = stems.map { Array($0.utf8) }
        var byFirst = Array(repeating: [Int32](), count: 256)
        for (number, bytes) in stemBytes.enumerated() {
            byFirst[Int(bytes.first ?? 0)].append(Int32(number))
        }
        stemsByFirstByte = byFirst
    }

    /// How many words are numbered.
    var count: Int { stemMasks.count }

    /// FNV-1a of a word's bytes, ASCII capitals lowered; start from ``hashSeed``.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The number of an ASCII word given by its bytes (capitals are lowered);
    /// `hash` is the bytes' hash through ``hash(_:_:)``, capitals lowered.
    mutating func intern(ascii bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            let number = Int(stored) - 1
            if hashes[number] == hash && equals(number, bytes) { return Int32(number) }
            slot = (slot + 1) & mask
        }
        let number = Int32(count)
        let start = keyBytes.count
        for byte in bytes { keyBytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        keyStarts.append(Int32(keyBytes.count))
        hashes.append(hash)
        isASCII.append(true)
        stemMasks.append(asciiStemMask(start..<keyBytes.count))
        slots[slot] = number + 1
        if count * 2 > slots.count { grow() }
        return number
    }

    /// The number of a word (lowercase, as ``PhraseMatcher/words(of:keepingStars:)`` gives it).
    mutating func intern(_ word: String) -> Int32 {
        var bytes = word
        let ascii: Int32? = bytes.withUTF8 { bytes in
            Self.asciiHash(bytes).map { intern(ascii: bytes, hash: $0) }
        }
        if let ascii { return ascii }
        if let number = others[word] { return number }
        let number = Int32(count)
        keyBytes.append(contentsOf: word.utf8)
        keyStarts.append(Int32(keyBytes.count))
        hashes.append(0)
        isASCII.append(false)
        var mask: UInt64 = 0
        for (stem, text) in stems.enumerated() where word.hasPrefix(text) { mask |= 1 << UInt64(stem) }
        stemMasks.append(mask)
        others[word] = number
        return number
    }

    /// The number of a word, when a document's text held it (or the lexicon does).
    func number(of word: String) -> Int32? {
        var bytes = word
        let ascii: Int32?? = bytes.withUTF8 { bytes in
            Self.asciiHash(bytes).map { find(bytes, hash: $0) }
        }
        if let ascii { return ascii }
        return others[word]
    }

    /// The word with a number, as it was interned (lowercase).
    func text(of number: Int32) -> String {
        let range = Int(keyStarts[Int(number)])..<Int(keyStarts[Int(number) + 1])
        return String(decoding: keyBytes[range], as: UTF8.self)
    }

    /// The hash of ASCII bytes (capitals lowered); nil when they are not ASCII.
    private static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var hash = hashSeed
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            hash = Self.hash(hash, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return hash
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot]) - 1
            if hashes[number] == hash && equals(number, bytes) { return Int32(number) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether word `number` is `bytes` with capitals lowered.
    private func equals(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(keyStarts[number])
        guard Int(keyStarts[number + 1]) - start == bytes.count else { return false }
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            if keyBytes[start + offset] != (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) { return false }
        }
        return true
    }

    /// The stems an ASCII word (stored at `range`) starts with.
    private func asciiStemMask(_ range: Range<Int>) -> UInt64 {
        guard let first = range.first.map({ keyBytes[$0] }) else { return 0 }
        var mask: UInt64 = 0
        for stem in stemsByFirstByte[Int(first)] {
            let bytes = stemBytes[Int(stem)]
            guard bytes.count <= range.count else { continue }
            var prefix = true
            for offset in 0..<bytes.count where keyBytes[range.lowerBound + offset] != bytes[offset] {
                prefix = false
                break
            }
            if prefix { mask |= 1 << UInt64(stem) }
        }
        return mask
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for number in 0..<count where isASCII[number] {
            let hash = hashes[number]
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number) + 1
        }
    }
}

/// The words of one event as numbers, with the document's stem masks: what
/// ``PhraseMatcher`` and the findings read. Valid inside ``EventWords/withWords(of:_:)``.
struct WordSpan {
    let numbers: UnsafeBufferPointer<Int32>
    /// Stem masks by word number (the whole document's).
    let stemMasks: UnsafeBufferPointer<UInt64>

    var count: Int { numbers.count }

    subscript(index: Int) -> Int32 { numbers[index] }

    /// Whether any word is in `set`.
    func contains(anyOf set: WordSet) -> Bool {
        for number in numbers where set.contains(number) { return true }
        return false
    }
}

/// A set of lexicon words, by number.
struct WordSet: Sendable {
    private var bits: [UInt64]

    init(_ words: [String], lexicon: WordLexicon = .shared) {
        bits = Array(repeating: 0, count: (lexicon.count + 63) / 64)
        for word in words {
            // Every word of these lists is in the lexicon (``PeopleIndex/vocabulary`` and
            // the other vocabularies list them); a word missing would simply never match.
            guard let number = lexicon.number(of: word) else { continue }
            bits[Int(number) >> 6] |= 1 << UInt64(number & 63)
        }
    }

    @inline(__always)
    func contains(_ number: Int32) -> Bool {
        let word = Int(number) >> 6
        return word < bits.count && bits[word] & (1 << UInt64(number & 63)) != 0
    }
}

/// Every event's text split into words once, lowercased and numbered (see
/// ``WordInterner``), for the classifier, the people index and the findings to share.
struct EventWords: Sendable {
    /// Every event's word numbers, one event after another.
    private var numbers: [Int32] = []
    /// Event `i`'s words are `numbers[starts[i]..<starts[i + 1]]`.
    private var starts: [Int32] = [0]
    /// Per event: whether six ASCII capitals follow each other in its text.
    private(set) var capitalRuns: [Bool] = []
    private(set) var interner: WordInterner

    init(_ events: [TimelineEvent], lexicon: WordLexicon = .shared) {
        interner = lexicon.seed
        starts.reserveCapacity(events.count + 1)
        capitalRuns.reserveCapacity(events.count)
        numbers.reserveCapacity(events.count * 16)
        for event in events {
            let capitalRun = event.text.utf8.withContiguousStorageIfAvailable { addWords(of: $0) }
            if let capitalRun {
                capitalRuns.append(capitalRun)
            } else {
                for word in PhraseMatcher<Int>.words(of: event.text) { numbers.append(interner.intern(word)) }
                capitalRuns.append(Self.hasCapitalRun(event.text))
            }
            starts.append(Int32(numbers.count))
        }
    }

    /// Splits a text (its UTF-8 bytes) into words as ``PhraseMatcher/words(of:keepingStars:)``
    /// does (letters, digits and apostrophes; lowercased), appends their numbers, and
    /// returns whether the text holds six ASCII capitals in a row.
    ///
    /// ASCII is split from the bytes. An ASCII separator between two ASCII bytes is a
    /// character of its own (no combining mark or joiner can attach to it), so no word
    /// spans it and lowercasing does not look across it: the stretches between such
    /// separators that hold other bytes are split by characters, on their own.
    private mutating func addWords(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = -1
        var hash = WordInterner.hashSeed
        var run = 0
        var capitalRun = false
        // The stretch since the last separator between ASCII bytes.
        var stretchStart = 0
        var stretchFirstWord = numbers.count
        var stretchIsASCII = true
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let upper = byte &- 0x41 < 26
            if upper {
                run += 1
                if run >= 6 { capitalRun = true }
            } else {
                run = 0
            }
            if byte >= 0x80 {
                if stretchIsASCII {
                    // Split this stretch again, by characters, once it ends.
                    numbers.removeSubrange(stretchFirstWord...)
                    stretchIsASCII = false
                    start = -1
                }
            } else if upper || byte &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27 {
                if stretchIsASCII {
                    if start < 0 {
                        start = index
                        hash = WordInterner.hashSeed
                    }
                    hash = WordInterner.hash(hash, upper ? byte | 0x20 : byte)
                }
            } else {
                if start >= 0 {
                    numbers.append(interner.intern(ascii: UnsafeBufferPointer(rebasing: bytes[start..<index]), hash: hash))
                    start = -1
                }
                if (index == 0 || bytes[index - 1] < 0x80) && (index + 1 == bytes.count || bytes[index + 1] < 0x80) {
                    if !stretchIsASCII {
                        addWordsByCharacters(UnsafeBufferPointer(rebasing: bytes[stretchStart..<index]))
                        stretchIsASCII = true
                    }
                    stretchStart = index + 1
                    stretchFirstWord = numbers.count
                }
            }
        }
        if start >= 0 {
            numbers.append(interner.intern(ascii: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), hash: hash))
        }
        if !stretchIsASCII { addWordsByCharacters(UnsafeBufferPointer(rebasing: bytes[stretchStart..<bytes.count])) }
        return capitalRun
    }

    /// Appends the numbers of the words of a stretch of text that is not all ASCII.
    private mutating func addWordsByCharacters(_ bytes: UnsafeBufferPointer<UInt8>) {
        for word in PhraseMatcher<Int>.words(of: String(decoding: bytes, as: UTF8.self)) {
            numbers.append(interner.intern(word))
        }
    }

    /// Whether six ASCII capitals follow each other somewhere in the text.
    static func hasCapitalRun(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            if byte >= 0x41 && byte <= 0x5A {
                run += 1
                if run == 6 { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// How many events.
    var count: Int { capitalRuns.count }

    /// The range of event `index`'s words in the flat list.
    func range(of index: Int) -> Range<Int> { Int(starts[index])..<Int(starts[index + 1]) }

    /// Calls `body` with event `index`'s words.
    func withWords<Result>(of index: Int, _ body: (WordSpan) throws -> Result) rethrows -> Result {
        let range = range(of: index)
        return try numbers.withUnsafeBufferPointer { all in
            try interner.stemMasks.withUnsafeBufferPointer { masks in
                try body(WordSpan(numbers: UnsafeBufferPointer(rebasing: all[range]), stemMasks: masks))
            }
        }
    }

    /// Calls `body` with every event's words in turn (index, words).
    func forEachEvent(_ body: (Int, WordSpan) throws -> Void) rethrows {
        try numbers.withUnsafeBufferPointer { all in
            try interner.stemMasks.withUnsafeBufferPointer { masks in
                for index in 0..<count {
                    try body(index, WordSpan(numbers: UnsafeBufferPointer(rebasing: all[range(of: index)]), stemMasks: masks))
                }
            }
        }
    }

    /// Words `range` of event `index`, joined by spaces (as the text read them, lowercase).
    func phrase(of index: Int, words range: Range<Int>) -> String {
        let base = Int(starts[index])
        return range.map { interner.text(of: numbers[base + $0]) }.joined(separator: " ")
    }
}
