/// A read-only table from ASCII words to values, hashed and compared on the bytes.
///
/// Used where every event's every word is looked up (phrase matching, names): a
/// `Dictionary<String, _>` hashes a `String` through Unicode normalisation, several
/// times the cost. An ASCII key equals a word exactly when their bytes are equal (no
/// non-ASCII text is canonically equivalent to an ASCII word), so lookups give what a
/// dictionary gives; non-ASCII keys are not accepted (``init(_:)`` returns nil).
struct WordTable<Value: Sendable>: Sendable {
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    /// Open addressing: index + 1 into `keys`, 0 for an empty slot.
    private var slots: [Int32]
    private let mask: Int

    /// Nil when a key is not ASCII. Later duplicates of a key are ignored.
    init?(_ pairs: [(String, Value)]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for (key, value) in pairs {
            let bytes = Array(key.utf8)
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var slot = Self.hash(bytes[...], lowering: false) & mask
            var duplicate = false
            while slots[slot] != 0 {
                if keys[Int(slots[slot]) - 1] == bytes {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            guard !duplicate else { continue }
            keys.append(bytes)
            values.append(value)
            slots[slot] = Int32(keys.count)
        }
    }

    /// The value for a word, compared byte for byte.
    func value(for word: String) -> Value? {
        if let found = word.utf8.withContiguousStorageIfAvailable({ value(forBytes: $0[...], lowering: false) }) {
            return found
        }
        return value(forBytes: Array(word.utf8)[...], lowering: false)
    }

    /// The value for a word with its ASCII capitals lowered first, as if the key were
    /// looked up with `word.lowercased()`; non-ASCII words find nothing (the keys are
    /// ASCII, and lowercasing a non-ASCII letter never gives an ASCII one except
    /// KELVIN SIGN, which is not lowered here: callers pass ASCII words).
    func value<Bytes: Collection>(forLowering bytes: Bytes) -> Value? where Bytes.Element == UInt8 {
        value(forBytes: bytes, lowering: true)
    }

    private func value<Bytes: Collection>(forBytes bytes: Bytes, lowering: Bool) -> Value? where Bytes.Element == UInt8 {
        var slot = Self.hash(bytes, lowering: lowering) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            let key = keys[index]
            if key.count == bytes.count {
                var equal = true
                var offset = 0
                for byte in bytes {
                    let folded = lowering && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if key[offset] != folded {
                        equal = false
                        break
                    }
                    offset += 1
                }
                if equal { return values[index] }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// FNV-1a over the (lowered) bytes.
    private static func hash<Bytes: Collection>(_ bytes: Bytes, lowering: Bool) -> Int where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            let folded = lowering && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            hash = (hash ^ UInt64(folded)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
