import Foundation

/// Line endings as Windows and old Mac tools write them.
enum LineEndings {
    /// The text with `\r\n` and lone `\r` turned into `\n`. Swift treats `\r\n` as one
    /// character, so splitting on `\n` alone would miss those lines; normalising once at
    /// the edge keeps every later stage simple. Returns the text unchanged (without a
    /// copy) when it has no carriage return.
    static func normalized(_ text: String) -> String {
        var copy = text
        return copy.withUTF8(normalized).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// ``normalized(_:)-(String)`` of UTF-8 bytes; nil when they hold no carriage return.
    static func normalized(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = text.baseAddress, memchr(base, 13, text.count) != nil else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var previousWasCR = false
        for byte in text {
            if byte == 13 {
                bytes.append(10)
                previousWasCR = true
                continue
            }
            if byte == 10 && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            bytes.append(byte)
        }
        return bytes
    }
}
