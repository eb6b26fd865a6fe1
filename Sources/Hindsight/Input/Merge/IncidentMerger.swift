/// Combines several inputs' logs of one incident. (First cut: concatenation.)
public enum IncidentMerger {
    public static func merge(_ logs: [IncidentLog]) -> (IncidentLog, [Diagnostic]) {
        guard var merged = logs.first else { return (IncidentLog(), []) }
        for log in logs.dropFirst() {
            merged.events += log.events
            merged.sections += log.sections
            merged.sources += log.sources
        }
        return (merged, [])
    }
}
