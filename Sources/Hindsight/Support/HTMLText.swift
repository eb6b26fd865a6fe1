/// Escaping and slugs for text placed into HTML by Hindsight itself.
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'` so text can go into element content or a
    /// quoted attribute.
    static func escape(_ text: String) -> String {
        // Byte by byte: the five characters are ASCII, and every other byte is copied.
        var text = text
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: [38, 97, 109, 112, 59])  // &amp;
                case UInt8(ascii: "<"): output.append(contentsOf: [38, 108, 116, 59])  // &lt;
                case UInt8(ascii: ">"): output.append(contentsOf: [38, 103, 116, 59])  // &gt;
                case UInt8(ascii: "\""): output.append(contentsOf: [38, 113, 117, 111, 116, 59])  // &quot;
                case UInt8(ascii: "'"): output.append(contentsOf: [38, 35, 51, 57, 59])  // &#39;
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// ``escape(_:)`` scalar by scalar, as it was written first (the tests compare them).
    static func scalarEscape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A lowercase ASCII anchor: letters and digits kept, runs of anything else become `-`.
    static func slug(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingDash && !result.isEmpty { result += "-" }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return result
    }
}
