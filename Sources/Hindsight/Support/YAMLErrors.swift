import Yams

/// What went wrong in a YAML text and where, as the front matter and the configuration
/// file both report it.
enum YAMLErrors {
    /// The problem in Yams's words (with its context), and the mark it points at, if any.
    static func describe(_ error: any Error) -> (problem: String, mark: Mark?) {
        guard let error = error as? YamlError else { return ("could not be read", nil) }
        switch error {
        case .scanner(let context, let text, let at, _), .parser(let context, let text, let at, _),
            .composer(let context, let text, let at, _):
            if let context, !context.text.isEmpty { return ("\(text) (\(context.text))", at) }
            return (text, at)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("duplicate keys: \(duplicates.joined(separator: ", "))", context.mark)
        case .reader(let text, _, _, _):
            return (text, nil)
        default:
            return ("could not be read", nil)
        }
    }
}
