import Foundation

/// Who and what a Slack export's ids stand for: user ids to the names people know,
/// channel ids to channel names. Built once per export and shared by every message.
struct SlackDirectory {
    var users: [String: String] = [:]
    var channels: [String: String] = [:]

    /// Reads `users.json`: `real_name` (from the profile first), else `display_name`, else `name`.
    mutating func addUsers(_ root: JSONCursor) {
        for user in root.elements ?? [] {
            guard let id = user["id"].text else { continue }
            let profile = user["profile"]
            if let name = profile["real_name"].text ?? user["real_name"].text ?? profile["display_name"].text ?? user["name"].text {
                users[id] = name
            }
        }
    }

    /// Reads `channels.json` (also `groups.json`, `mpims.json`).
    mutating func addChannels(_ root: JSONCursor) {
        for channel in root.elements ?? [] {
            if let id = channel["id"].text, let name = channel["name"].text { channels[id] = name }
        }
    }
}

/// Converts Slack's message markup to inline Markdown: `<@U123>` mentions become
/// `@Real Name`, `<#C1|name>` becomes `#name`, `<!here>` becomes `@here`, and links
/// `<https://x|label>` become `[label](https://x)` (`<https://x>` stays an autolink).
/// Slack already escapes `&`, `<` and `>` as entities, which Markdown renders as the
/// characters, so the rest of the text is left as it is.
enum SlackMarkup {
    static func markdown(_ text: String, directory: SlackDirectory) -> String {
        var hasMarkup = false
        var hasFence = false
        var backticks = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { hasMarkup = true }
            backticks = byte == UInt8(ascii: "`") ? backticks + 1 : 0
            if backticks == 3 { hasFence = true }
        }
        guard hasMarkup else { return text }
        guard hasFence else { return prose(text, directory: directory) }
        // Inside ``` code, Markdown shows entities and link syntax literally: decode them.
        let segments = text.components(separatedBy: "```")
        return segments.enumerated().map { index, segment in
            index % 2 == 0 ? prose(segment, directory: directory) : code(segment)
        }.joined(separator: "```")
    }

    /// Code as the reader should see it: `&lt;` → `<`, `<https://x|x>` → `https://x`.
    static func code(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: ">") else {
                result += "<"
                rest = rest[afterOpen...]
                continue
            }
            let parts = rest[afterOpen..<close].split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            result += parts.count > 1 ? parts[1] : parts[0]
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func prose(_ text: String, directory: SlackDirectory) -> String {
        guard text.utf8.contains(UInt8(ascii: "<")) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "<")) {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest.utf8[afterOpen...].firstIndex(of: UInt8(ascii: ">")) else {
                result += "&lt;"
                rest = rest[afterOpen...]
                continue
            }
            result += convert(rest[afterOpen..<close], directory: directory)
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    private static func convert(_ token: Substring, directory: SlackDirectory) -> String {
        let parts = token.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(parts[0])
        let label = parts.count > 1 ? String(parts[1]) : nil
        if target.hasPrefix("@") {
            let id = String(target.dropFirst())
            return "@" + (directory.users[id] ?? label.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 } ?? id)
        }
        if target.hasPrefix("#") {
            let id = String(target.dropFirst())
            return "#" + (directory.channels[id] ?? label ?? id)
        }
        if target.hasPrefix("!") {
            let command = target.dropFirst()
            if let label { return label }
            switch command {
            case "here", "channel", "everyone": return "@" + command
            default: return String(command)
            }
        }
        if target.isEmpty { return "" }
        if let label, !label.isEmpty, label != target {
            return "[\(escapedLabel(label))](\(escapedURL(target)))"
        }
        let hasScheme = target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:")
        return hasScheme ? "<\(target)>" : (label ?? target)
    }

    /// A link destination without spaces or parentheses, which would end it early.
    private static func escapedURL(_ url: String) -> String {
        guard url.utf8.contains(where: { $0 == 0x20 || $0 == 0x28 || $0 == 0x29 }) else { return url }
        var result = ""
        for character in url {
            switch character {
            case " ": result += "%20"
            case "(": result += "%28"
            case ")": result += "%29"
            default: result.append(character)
            }
        }
        return result
    }

    /// Link text with `[`, `]` and backslashes escaped.
    private static func escapedLabel(_ label: String) -> String {
        guard label.utf8.contains(where: { $0 == 0x5B || $0 == 0x5D || $0 == 0x5C }) else { return label }
        var result = ""
        for character in label {
            if character == "[" || character == "]" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
