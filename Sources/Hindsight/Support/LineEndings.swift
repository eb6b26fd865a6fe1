/// Line endings as Windows and old Mac tools write them.
enum LineEndings {
    /// The text with `\r\n` and lone `\r` turned into `\n`. Swift treats `\r\n` as one
    /// character, so splitting on `\n` alone would miss those lines; normalising once at
    /// the edge keeps every later stage simple. Returns the text unchanged (without a
    /// copy) when it has no carriage return.
    static func normalized(_ text: String) -> String {
        guard TextScanning.containsByte(13, in: text) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
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
        return String(decoding: bytes, as: UTF8.self)
    }
}
