/// Every word and stem the reconstruction's phrase tables and word lists name, each
/// with a number, so that an event's words are compared as integers.
///
/// Word numbers `0..<count` are the lexicon's; a document's ``WordInterner`` starts
/// from ``seed`` and numbers the document's other words after them. A stem (`saturat`
/// of `saturat*`) has its own number, a bit in every word's stem mask.
struct WordLexicon: Sendable {
    /// The words of every phrase table and word list of the reconstruction.
    static let shared = WordLexicon(texts: EventClassifier.vocabulary + FindingsAnalyzer.vocabulary + PeopleIndex.vocabulary)

    private var stemNumbers: [String: Int32] = [:]
    /// The stems, by number (at most 64, one bit each in a stem mask).
    private(set) var stems: [String] = []
    /// An interner that holds the lexicon's words, numbered as here.
    private(set) var seed: WordInterner

    /// How many words the lexicon numbers.
    var count: Int { seed.count }

    /// `texts` are phrases or words, as in the phrase tables (`health check*`).
    init(texts: [String]) {
        let split = texts.map { PhraseMatcher<Int>.words(of: $0, keepingStars: true) }
        for words in split {
            for word in words where word.hasSuffix("*") {
                let stem = String(word.dropLast())
                if stemNumbers[stem] == nil {
                    stemNumbers[stem] = Int32(stems.count)
                    stems.append(stem)
                }
            }
        }
        // Static tables: more than 64 stems is a programming error, caught by any test.
        precondition(stems.count <= 64, "a stem mask holds 64 stems")
        // The interner numbers words in order of first appearance, from 0.
        var seed = WordInterner(stems: stems)
        for words in split {
            for word in words where !word.hasSuffix("*") { _ = seed.intern(word) }
        }
        self.seed = seed
    }

    /// The number of a lexicon word (lowercase, as ``PhraseMatcher/words(of:keepingStars:)`` gives it).
    func number(of word: String) -> Int32? { seed.number(of: word) }

    /// The number of a stem (without its `*`).
    func stemNumber(of stem: String) -> Int32? { stemNumbers[stem] }
}

/// Numbers the words of a document: ASCII words by their bytes (a word of up to eight
/// bytes is its own key, a longer one is hashed and compared byte for byte), other
/// words by `String` equality, so two words have the same number exactly when they are
/// equal `String`s. Keeps each word's text and stem mask.
struct WordInterner: Sendable {
    /// The lowercase bytes of every word, one after another.
    private var keyBytes: [UInt8] = []
    /// Word `n` is `keyBytes[keyStarts[n]..<keyStarts[n + 1]]`.
    private var keyStarts: [Int] = [0]
    /// The key (``key(_:)``) of each ASCII word; nil for words numbered through `others`.
    private var keys: [UInt64?] = []
    /// Open addressing over ASCII words.
    private var slots: [Slot] = Array(repeating: Slot(key: 0, number: 0, length: 0), count: 1024)

    /// A word's key, its number + 1 (0 for an empty slot) and its length in bytes.
    private struct Slot: Sendable {
        var key: UInt64
        var number: Int32
        var length: Int
    }

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

    /// ASCII bytes with capitals lowered.
    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// The key of an ASCII word, capitals lowered: up to eight bytes, the bytes
    /// themselves, little-endian (``packed``: exact, as a word has no zero byte);
    /// longer, FNV-1a of the bytes. Nil when the bytes are not ASCII.
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var packed: UInt64 = 0
        for (offset, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            if offset < 8 { packed |= UInt64(lowered(byte)) << UInt64(offset * 8) }
        }
        return bytes.count <= 8 ? packed : longKey(bytes)
    }

    /// FNV-1a of the bytes, capitals lowered: the key of a word longer than eight bytes.
    private static func longKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(lowered(byte))) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    @inline(__always)
    private static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The number of an ASCII word given by its bytes (capitals are lowered); `packed`
    /// is its first eight bytes, lowered, little-endian (see ``key(_:)``).
    mutating func intern(ascii bytes: UnsafeBufferPointer<UInt8>, packed: UInt64) -> Int32 {
        let key = bytes.count <= 8 ? packed : Self.longKey(bytes)
        let mask = slots.count - 1
        var slot = Self.slot(of: key, mask: mask)
        while true {
            let stored = slots[slot]
            if stored.number == 0 { break }
            if stored.key == key && Int(stored.length) == bytes.count && (bytes.count <= 8 || equals(Int(stored.number) - 1, bytes)) {
                return stored.number - 1
            }
            slot = (slot + 1) & mask
        }
        let number = Int32(count)
        let start = keyBytes.count
        for byte in bytes { keyBytes.append(Self.lowered(byte)) }
        keyStarts.append(keyBytes.count)
        keys.append(key)
        stemMasks.append(asciiStemMask(start..<keyBytes.count))
        slots[slot] = Slot(key: key, number: number + 1, length: bytes.count)
        if count * 2 > slots.count { grow() }
        return number
    }

    /// The number of a word (lowercase, as ``PhraseMatcher/words(of:keepingStars:)`` gives it).
    mutating func intern(_ word: String) -> Int32 {
        var bytes = word
        let ascii: Int32? = bytes.withUTF8 { bytes in
            Self.key(bytes).map { intern(ascii: bytes, packed: $0) }
        }
        if let ascii { return ascii }
        if let number = others[word] { return number }
        let number = Int32(count)
        keyBytes.append(contentsOf: word.utf8)
        keyStarts.append(keyBytes.count)
        keys.append(nil)
        var mask: UInt64 = 0
        for (stem, text) in stems.enumerated() where word.hasPrefix(text) { mask |= 1 << UInt64(stem) }
        stemMasks.append(mask)
        others[word] = number
        return number
    }

    /// The number here of word `number` of `other`.
    mutating func intern(number: Int32, of other: WordInterner) -> Int32 {
        let range = other.keyStarts[Int(number)]..<other.keyStarts[Int(number) + 1]
        guard other.keys[Int(number)] != nil else { return intern(other.text(of: number)) }
        return other.keyBytes.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[range])
            return intern(ascii: bytes, packed: Self.key(bytes) ?? 0)
        }
    }

    /// The number of a word, when a document's text held it (or the lexicon does).
    func number(of word: String) -> Int32? {
        var bytes = word
        let ascii: Int32?? = bytes.withUTF8 { bytes in
            Self.key(bytes).map { find(bytes, key: $0) }
        }
        if let ascii { return ascii }
        return others[word]
    }

    /// The word with a number, as it was interned (lowercase).
    func text(of number: Int32) -> String {
        let range = keyStarts[Int(number)]..<keyStarts[Int(number) + 1]
        return String(decoding: keyBytes[range], as: UTF8.self)
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.slot(of: key, mask: mask)
        while slots[slot].number != 0 {
            let stored = slots[slot]
            if stored.key == key && Int(stored.length) == bytes.count && equals(Int(stored.number) - 1, bytes) { return stored.number - 1 }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether word `number` is `bytes` with capitals lowered.
    private func equals(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[number]
        guard keyStarts[number + 1] - start == bytes.count else { return false }
        for offset in 0..<bytes.count where keyBytes[start + offset] != Self.lowered(bytes[offset]) {
            return false
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
        slots = Array(repeating: Slot(key: 0, number: 0, length: 0), count: slots.count * 2)
        let mask = slots.count - 1
        for number in 0..<count {
            guard let key = keys[number] else { continue }
            var slot = Self.slot(of: key, mask: mask)
            while slots[slot].number != 0 { slot = (slot + 1) & mask }
            let length = keyStarts[number + 1] - keyStarts[number]
            slots[slot] = Slot(key: key, number: Int32(number) + 1, length: length)
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
    private var starts: [Int] = [0]
    /// Per event: whether six ASCII capitals follow each other in its text.
    private(set) var capitalRuns: [Bool] = []
    private(set) var interner: WordInterner
    /// While splitting: the word numbers of each stretch split by characters, by its
    /// bytes (a name like "Tomás" recurs in many entries).
    private var stretchWords: [[UInt8]: [Int32]] = [:]

    /// The words of `events`; a long timeline is split in pieces of at least
    /// `eventsPerPiece` on every core and the pieces joined in order, the words each
    /// piece met first numbered after those of the pieces before, so every number is
    /// the one splitting the events in order gives.
    init(_ events: [TimelineEvent], lexicon: WordLexicon = .shared, eventsPerPiece: Int = Self.eventsPerPiece) {
        let pieces = ParallelWork.pieces(of: events.indices, minimum: eventsPerPiece)
        guard pieces.count > 1 else {
            self.init(events[...], seed: lexicon.seed, room: events[...])
            return
        }
        // The first piece's arrays are made with room for every piece's words, so joining
        // the others copies only theirs.
        var parts = ParallelWork.map(pieces) { range in
            EventWords(events[range], seed: lexicon.seed, room: range.lowerBound == 0 ? events[...] : events[range])
        }
        var whole = parts.removeFirst()
        for index in parts.indices {
            whole.append(parts[index], seedCount: lexicon.count)
            parts[index] = EventWords(events[0..<0], seed: WordInterner(stems: []), room: events[0..<0])  // done with it
        }
        self = whole
    }

    /// The fewest events a piece split on another core holds.
    static let eventsPerPiece = 8192

    /// Appends the words of the events after this one's, split with an interner of its
    /// own from the same seed: its new words are numbered here, in its order.
    private mutating func append(_ part: EventWords, seedCount: Int) {
        var numbering = (0..<Int32(part.interner.count)).map { $0 }
        for number in seedCount..<part.interner.count {
            numbering[number] = interner.intern(number: Int32(number), of: part.interner)
        }
        let offset = numbers.count
        numbers.reserveCapacity(numbers.count + part.numbers.count)
        for number in part.numbers { numbers.append(numbering[Int(number)]) }
        starts.reserveCapacity(starts.count + part.capitalRuns.count)
        for start in part.starts.dropFirst() { starts.append(offset + start) }
        capitalRuns.append(contentsOf: part.capitalRuns)
    }

    /// The words of `events`, in arrays with room for those of `room` (which holds them):
    /// a text of n bytes has at most (n + 1) / 2 words, each followed by a byte that is
    /// not part of a word, so the arrays never grow (capacity not written to takes no
    /// memory).
    private init(_ events: ArraySlice<TimelineEvent>, seed: WordInterner, room: ArraySlice<TimelineEvent>) {
        interner = seed
        starts.reserveCapacity(room.count + 1)
        capitalRuns.reserveCapacity(room.count)
        var words = 0
        for index in room.indices { words += (room[index].text.utf8.count + 1) / 2 }
        numbers.reserveCapacity(words)
        for index in events.indices {
            let text = events[index].text
            let capitalRun = text.utf8.withContiguousStorageIfAvailable { addWords(of: $0) }
            if let capitalRun {
                capitalRuns.append(capitalRun)
            } else {
                for word in PhraseMatcher<Int>.words(of: text) { numbers.append(interner.intern(word)) }
                capitalRuns.append(Self.hasCapitalRun(text))
            }
            starts.append(numbers.count)
        }
        stretchWords = [:]
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
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80, let base = bytes.baseAddress { return addASCIIWords(base, count: bytes.count) }
        var start = -1
        var packed: UInt64 = 0
        var shift: UInt64 = 0
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
                        packed = 0
                        shift = 0
                    }
                    if shift < 64 {
                        packed |= UInt64(upper ? byte | 0x20 : byte) << shift
                        shift += 8
                    }
                }
            } else {
                if start >= 0 {
                    numbers.append(interner.intern(ascii: UnsafeBufferPointer(rebasing: bytes[start..<index]), packed: packed))
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
            numbers.append(interner.intern(ascii: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), packed: packed))
        }
        if !stretchIsASCII { addWordsByCharacters(UnsafeBufferPointer(rebasing: bytes[stretchStart..<bytes.count])) }
        return capitalRun
    }

    /// ``addWords(of:)`` for ASCII text: a word is a run of letters, digits and `'`.
    private mutating func addASCIIWords(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        Self.wordBytes.withUnsafeBufferPointer { addASCIIWords(base, count: count, wordBytes: $0) }
    }

    /// For each ASCII byte: lowered when it belongs to a word (a letter, a digit or
    /// `'`), 0 when it separates words.
    private static let wordBytes: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        guard byte < 0x80, isWordByte(byte) else { return 0 }
        return byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    private mutating func addASCIIWords(_ base: UnsafePointer<UInt8>, count: Int, wordBytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var capitalRun = false
        var index = 0
        while index < count {
            var byte = base[index]
            var lowered = wordBytes[Int(byte)]
            guard lowered != 0 else {
                index += 1
                continue
            }
            let start = index
            // The first eight bytes, lowered (``WordInterner/key(_:)``).
            var packed: UInt64 = 0
            var shift: UInt64 = 0
            // Capitals are word bytes: a run of six lies inside a word.
            var run = 0
            while true {
                run = lowered != byte ? run + 1 : 0
                if run == 6 { capitalRun = true }
                if shift < 64 {
                    packed |= UInt64(lowered) << shift
                    shift += 8
                }
                index += 1
                guard index < count else { break }
                byte = base[index]
                lowered = wordBytes[Int(byte)]
                guard lowered != 0 else { break }
            }
            numbers.append(interner.intern(ascii: UnsafeBufferPointer(start: base + start, count: index - start), packed: packed))
        }
        return capitalRun
    }

    /// Whether an ASCII byte belongs to a word: a letter, a digit or `'`.
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27
    }

    /// Appends the numbers of the words of a stretch of text that is not all ASCII.
    private mutating func addWordsByCharacters(_ bytes: UnsafeBufferPointer<UInt8>) {
        let key = Array(bytes)
        if let known = stretchWords[key] {
            numbers += known
            return
        }
        let first = numbers.count
        for word in PhraseMatcher<Int>.words(of: String(decoding: bytes, as: UTF8.self)) {
            numbers.append(interner.intern(word))
        }
        stretchWords[key] = Array(numbers[first...])
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
    func range(of index: Int) -> Range<Int> { starts[index]..<starts[index + 1] }

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
        let base = starts[index]
        return range.map { interner.text(of: numbers[base + $0]) }.joined(separator: " ")
    }
}
