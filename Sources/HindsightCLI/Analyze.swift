import ArgumentParser
import Foundation
import Hindsight

/// `hindsight analyze`: the reconstruction, for people or (with --json) for scripts.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show what Hindsight reconstructs from incident logs: milestones, durations, findings.")

    @OptionGroup var reading: ReadingArguments

    @Flag(help: "Print the reconstruction as JSON (see docs/analysis.schema.json).")
    var json = false

    func run() throws {
        let configuration = try reading.loadConfiguration()
        let (logs, readDiagnostics) = try reading.readIncidents(configuration)
        let log = try selectSingle(logs, inputs: reading.inputs)
        let reconstruction = IncidentReconstructor.reconstruct(log, options: reading.reconstructionOptions(for: log, configuration))
        try reading.check(reconstruction.diagnostics)
        let diagnostics = readDiagnostics + reconstruction.diagnostics
        if json {
            Console.output(String(decoding: AnalysisDocument.json(reconstruction, diagnostics: diagnostics), as: UTF8.self))
        } else {
            Console.output(AnalysisSummary.text(reconstruction))
        }
    }
}
