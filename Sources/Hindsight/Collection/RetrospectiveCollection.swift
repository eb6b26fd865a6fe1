import Foundation

/// A retrospective report kept as Markdown (reviewed by people, drafted by Hindsight),
/// with the facts read back from it.
public struct ReportDocument: Sendable {
    /// The file's name as the user gave it.
    public var name: String
    /// The report exactly as written.
    public var markdown: String
    public var facts: ReportFacts

    public init(name: String, markdown: String) {
        self.name = name
        self.markdown = markdown
        facts = ReportFacts(markdown: markdown)
    }
}

/// One retrospective of a folder: the incident reconstructed from its logs, and the
/// reviewed report that is published instead of a fresh draft when there is one.
public struct Retrospective: Sendable {
    /// A lowercase, URL-safe name, unique in its collection (`inc-2026-032`).
    public var slug: String
    /// The incident reconstructed from its logs; nil for a report whose logs are not
    /// beside it, or whose logs could not be read.
    public var reconstruction: Reconstruction?
    /// The reviewed report, when the folder has one; it wins over a fresh draft.
    public var report: ReportDocument?
    /// The inputs it comes from (report first, then logs), as named.
    public var inputs: [String]
    /// A hash of the inputs' bytes, to tell whether anything changed since the last run.
    public var inputHash: String

    /// The incident's identifier: the log's `id`, the report's `Incident` fact, or the slug.
    public var incidentID: String {
        reconstruction?.metadata.id ?? report?.facts.fact("Incident") ?? slug
    }
}

/// Every retrospective in a set of inputs (usually a folder): incident logs in any
/// format Hindsight reads, and Markdown reports Hindsight drafted and people reviewed.
///
/// A report is paired with the logs it was drafted from when they are among the inputs
/// (by the file names in its "Drafted by Hindsight from …" line, else by incident id);
/// a log holding several incidents gives one retrospective per incident. Read-me files
/// are skipped with a note. Inputs with errors are left out, and their diagnostics say why.
public struct RetrospectiveCollection: Sendable {
    public var retrospectives: [Retrospective]
    /// Problems found while reading and reconstructing, and notes on skipped inputs.
    public var diagnostics: [Diagnostic]

    /// Retrospectives with a reconstructed incident, the ones trends can count.
    public var reconstructed: [Retrospective] { retrospectives.filter { $0.reconstruction != nil } }

    /// Reads, pairs and reconstructs the inputs, using every core; the result does not
    /// depend on the order of the inputs or on scheduling.
    public static func gather(
        _ documents: [InputDocument],
        reading: ReadingOptions = ReadingOptions(),
        reconstruction: ReconstructionOptions = ReconstructionOptions()
    ) -> RetrospectiveCollection {
        var diagnostics: [Diagnostic] = []
        var reports: [(document: InputDocument, report: ReportDocument)] = []
        var logDocuments: [InputDocument] = []
        for document in documents.sorted(by: { $0.name < $1.name }) {
            let file = (document.name as NSString).lastPathComponent
            if file.lowercased().hasPrefix("readme.") {
                diagnostics.append(Diagnostic(.note, "skipped: a read-me, not an incident log", at: SourceLocation(file: document.name)))
                continue
            }
            if case .file(let data) = document.content, isMarkdownName(file),
                let text = String(data: data, encoding: .utf8), ReportFacts.isReport(text)
            {
                reports.append((document, ReportDocument(name: document.name, markdown: text)))
            } else {
                logDocuments.append(document)
            }
        }

        // Read every log (each may hold several incidents), then pair reports with them.
        let reads = ParallelWork.map(logDocuments) { IncidentReader.read($0, options: reading) }
        /// One incident of one log document.
        struct Unit { var document: Int; var log: IncidentLog; var position: Int; var count: Int }
        var units: [Unit] = []
        for (index, result) in reads.enumerated() {
            diagnostics += result.diagnostics
            if result.diagnostics.containsErrors { continue }
            if result.logs.isEmpty {
                diagnostics.append(Diagnostic(.error, "no incident could be read from this input", at: SourceLocation(file: logDocuments[index].name)))
            }
            for (position, log) in result.logs.enumerated() {
                units.append(Unit(document: index, log: log, position: position, count: result.logs.count))
            }
        }
        var claimed = Set<Int>()
        /// A retrospective being assembled: its report, if any, and its incidents.
        struct Draft { var report: (document: InputDocument, report: ReportDocument)?; var units: [Int] }
        var drafts: [Draft] = []
        for report in reports {
            let sources = Set(report.report.facts.sources.map { ($0 as NSString).lastPathComponent })
            let id = report.report.facts.fact("Incident")
            var matches = units.indices.filter { index in
                guard !claimed.contains(index) else { return false }
                let unit = units[index]
                guard sources.contains((logDocuments[unit.document].name as NSString).lastPathComponent) else { return false }
                return unit.count == 1 || (id != nil && unit.log.metadata.id == id)
            }
            if matches.isEmpty, let id {
                matches = units.indices.filter { !claimed.contains($0) && units[$0].log.metadata.id == id }.prefix(1).map { $0 }
            }
            claimed.formUnion(matches)
            drafts.append(Draft(report: report, units: matches))
        }
        for index in units.indices where !claimed.contains(index) {
            drafts.append(Draft(report: nil, units: [index]))
        }

        // Merge the logs of each retrospective, then reconstruct them all concurrently.
        var logs: [IncidentLog?] = []
        for draft in drafts {
            let parts = draft.units.map { units[$0].log }
            if parts.count > 1 {
                let (merged, mergeDiagnostics) = IncidentMerger.merge(parts)
                diagnostics += mergeDiagnostics
                logs.append(mergeDiagnostics.containsErrors ? nil : merged)
            } else {
                logs.append(parts.first)
            }
        }
        let reconstructions = ParallelWork.map(logs) { log in
            log.map { IncidentReconstructor.reconstruct($0, options: reconstruction) }
        }

        var retrospectives: [Retrospective] = []
        var used = Set(["index", "trends"])
        // Next number to try per slug, so many incidents sharing one id do not each count up from 2.
        var nextNumber: [String: Int] = [:]
        // Each document is hashed once: a document holding thousands of incidents is not
        // read once per incident.
        var documentHashes: [Int: String] = [:]
        func documentHash(_ index: Int) -> String {
            if let known = documentHashes[index] { return known }
            var hash = ContentHash()
            combine(logDocuments[index], into: &hash)
            documentHashes[index] = hash.hex
            return hash.hex
        }
        for (index, draft) in drafts.enumerated() {
            var rebuilt = reconstructions[index]
            if let found = rebuilt {
                diagnostics += found.diagnostics
                if found.diagnostics.containsErrors { rebuilt = nil }
            }
            if rebuilt == nil && draft.report == nil { continue }
            var hash = ContentHash()
            var inputs: [String] = []
            if let report = draft.report {
                inputs.append(report.document.name)
                hash.combine(report.document.name)
                combine(report.document, into: &hash)
            }
            for unitIndex in draft.units {
                let unit = units[unitIndex]
                let document = logDocuments[unit.document]
                inputs.append(document.name)
                hash.combine(document.name)
                hash.combine("\(unit.position)")
                hash.combine(documentHash(unit.document))
            }
            // The log's name first: a report's file name often carries a suffix (`.retro`).
            let primary = draft.units.first.map { logDocuments[units[$0].document].name } ?? draft.report?.document.name ?? "incident"
            let id = rebuilt?.metadata.id ?? draft.report?.report.facts.fact("Incident")
            var base = id.map(HTMLText.slug) ?? ""
            if base.isEmpty {
                base = HTMLText.slug(((primary as NSString).lastPathComponent as NSString).deletingPathExtension)
                if let first = draft.units.first, units[first].count > 1 { base += "-\(units[first].position + 1)" }
            }
            if base.isEmpty { base = "incident" }
            // A file name, so bounded: an id of hundreds of characters must not make the page unwritable.
            if base.count > 80 { base = String(base.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
            var slug = base
            var counter = nextNumber[base] ?? 2
            while used.contains(slug) {
                slug = "\(base)-\(counter)"
                counter += 1
            }
            nextNumber[base] = counter
            used.insert(slug)
            retrospectives.append(Retrospective(
                slug: slug, reconstruction: rebuilt, report: draft.report?.report, inputs: inputs, inputHash: hash.hex))
        }
        return RetrospectiveCollection(retrospectives: retrospectives, diagnostics: diagnostics)
    }

    static func isMarkdownName(_ file: String) -> Bool {
        let lower = file.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    static func combine(_ document: InputDocument, into hash: inout ContentHash) {
        switch document.content {
        case .file(let data):
            hash.combine(bytes: data)
        case .folder(let files):
            for name in files.keys.sorted() {
                hash.combine(name)
                if let data = files[name] { hash.combine(bytes: data) }
            }
        }
    }
}
