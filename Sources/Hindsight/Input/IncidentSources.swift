/// Reads every input of one command and decides which incidents they describe:
/// one input may hold several incidents; several inputs are merged into one.
public enum IncidentSources {
    public static func read(_ inputs: consuming [InputDocument], options: ReadingOptions = ReadingOptions()) -> ReadResult {
        var diagnostics: [Diagnostic] = []
        var perInput: [(name: String, logs: [IncidentLog])] = []
        // Each input is handed over, so a file's bytes can be released as soon as its
        // text is decoded (when the caller keeps no other copy).
        var pending = inputs
        pending.reverse()
        while let input = pending.popLast() {
            let name = input.name
            let result = IncidentReader.read(consume input, options: options)
            diagnostics += result.diagnostics
            perInput.append((name, result.logs))
        }
        guard perInput.count > 1 else {
            return ReadResult(logs: perInput.first?.logs ?? [], diagnostics: diagnostics)
        }
        var logs: [IncidentLog] = []
        for input in perInput {
            if input.logs.count > 1 {
                diagnostics.append(Diagnostic(
                    .error,
                    "this input holds \(input.logs.count) incidents; choose one with --incident to merge it with the other inputs",
                    at: SourceLocation(file: input.name)))
            } else if let log = input.logs.first {
                logs.append(log)
            }
        }
        guard !diagnostics.containsErrors, !logs.isEmpty else { return ReadResult(logs: [], diagnostics: diagnostics) }
        let (merged, mergeDiagnostics) = IncidentMerger.merge(logs)
        return ReadResult(logs: [merged], diagnostics: diagnostics + mergeDiagnostics)
    }
}
