/// A 64-bit FNV-1a hash over bytes: cheap, stable across runs and platforms, and good
/// enough to tell whether an input or a template changed (it is not a security hash).
public struct ContentHash: Hashable, Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes bytes into the hash.
    public mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    /// Mixes a string's UTF-8 bytes, then a separator byte, so `("ab", "c")` and
    /// `("a", "bc")` hash differently.
    public mutating func combine(_ text: String) {
        combine(bytes: text.utf8)
        combine(bytes: CollectionOfOne(UInt8(0x1f)))
    }

    /// The hash as 16 lowercase hex digits.
    public var hex: String { Self.hex(value) }

    /// A 64-bit value as 16 lowercase hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of a string's UTF-8 bytes, as 16 hex digits.
    public static func of(_ text: String) -> String {
        var hash = ContentHash()
        hash.combine(bytes: text.utf8)
        return hash.hex
    }

    /// The hash of bytes, as 16 hex digits.
    public static func of<Bytes: Sequence>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash = ContentHash()
        hash.combine(bytes: bytes)
        return hash.hex
    }
}
