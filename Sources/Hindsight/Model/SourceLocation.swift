/// Where something came from: a file, and a line and column in it, or a JSON path.
public struct SourceLocation: Hashable, Sendable, Codable {
    /// The file as the user named it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (in characters), when known.
    public var column: Int?
    /// For JSON inputs: the path of the value, such as `$.log_entries[3].created_at`.
    public var path: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// `file:line:col`, `file:line`, `file:$.path` or `file`, as compilers print locations.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        } else if let path {
            text += ":\(path)"
        }
        return text
    }
}
