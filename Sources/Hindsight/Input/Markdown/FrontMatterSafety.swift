/// A look at front matter YAML before it is parsed, refusing what could make parsing
/// hang, exhaust memory or the stack: anchors and aliases (the "billion laughs" alias
/// bomb), and absurd nesting.
enum FrontMatterSafety {
    /// Why the YAML is refused, and where (line within the YAML, 1-based column).
    struct Refusal {
        var message: String
        var line: Int
        var column: Int
    }

    /// Nesting deeper than this is refused; real front matter uses two or three levels.
    static let maximumDepth = 32

    /// The first reason to refuse the YAML, if any. `context` names the text in messages
    /// ("the front matter", "the configuration").
    static func check(_ yaml: Substring, in context: String = "the front matter") -> Refusal? {
        var lineNumber = 0
        var blockScalarIndent: Int? = nil
        var flowDepth = 0
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.utf8)
            var indent = 0
            while indent < bytes.count, bytes[indent] == 32 { indent += 1 }
            if let scalarIndent = blockScalarIndent {
                if indent >= bytes.count || bytes[indent] == 13 || indent > scalarIndent { continue }
                blockScalarIndent = nil
            }
            if indent > 4 * maximumDepth {
                return Refusal(message: "\(context) nests too deeply", line: lineNumber, column: indent + 1)
            }
            var index = indent
            var nodeStart = true
            var compactDashes = 0
            var quote: UInt8? = nil
            var column = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 { column += 1 }
                if let open = quote {
                    if byte == open {
                        if open == 39, index + 1 < bytes.count, bytes[index + 1] == 39 {
                            index += 2
                            column += 1
                            continue
                        }
                        quote = nil
                    } else if byte == 92, open == 34 {
                        index += 1
                        column += 1
                    }
                    index += 1
                    continue
                }
                let atStart = nodeStart
                nodeStart = false
                switch byte {
                case 32, 9:
                    nodeStart = atStart
                case 35 where index == 0 || bytes[index - 1] == 32 || bytes[index - 1] == 9:  // # comment
                    index = bytes.count
                    continue
                case 38, 42:  // & *
                    if atStart, index + 1 < bytes.count, bytes[index + 1] != 32 {
                        let what = byte == 38 ? "anchor" : "alias"
                        return Refusal(
                            message: "YAML anchors and aliases are not accepted in \(context) (found an \(what)); write the value out",
                            line: lineNumber, column: indent + column)
                    }
                case 34, 39:
                    if atStart { quote = byte }
                case 45, 63:  // - ?
                    if atStart, index + 1 >= bytes.count || bytes[index + 1] == 32 {
                        nodeStart = true
                        if byte == 45 { compactDashes += 1 }
                    }
                case 58:  // :
                    if index + 1 >= bytes.count || bytes[index + 1] == 32 || (flowDepth > 0 && bytes[index + 1] == 44) {
                        nodeStart = true
                    }
                case 91, 123:  // [ {
                    if atStart || flowDepth > 0 {
                        flowDepth += 1
                        nodeStart = true
                    }
                case 93, 125:
                    if flowDepth > 0 { flowDepth -= 1 }
                case 44 where flowDepth > 0:
                    nodeStart = true
                case 124, 62:  // | >
                    if atStart { blockScalarIndent = indent }
                default:
                    break
                }
                if flowDepth > maximumDepth || compactDashes > maximumDepth {
                    return Refusal(message: "\(context) nests too deeply", line: lineNumber, column: indent + column)
                }
                index += 1
            }
        }
        return nil
    }
}
