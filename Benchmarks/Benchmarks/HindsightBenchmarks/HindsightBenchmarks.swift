import Benchmark
import Dispatch
import Foundation
import Hindsight

/// Synthetic inputs made by `scripts/generate-log.py` (seeded, so every machine gets the
/// same bytes), generated once into `Benchmarks/.build/inputs` (or
/// `$HINDSIGHT_BENCH_INPUTS`) and read from there.
enum BenchmarkInputs {
    static let benchmarksFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let repository = benchmarksFolder.deletingLastPathComponent()
    static let folder: URL = {
        if let path = ProcessInfo.processInfo.environment["HINDSIGHT_BENCH_INPUTS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return benchmarksFolder.appendingPathComponent(".build/inputs")
    }()

    /// The path of a generated input, generating it first when it is missing.
    static func path(_ kind: String, events: Int) -> URL {
        let name: String
        switch kind {
        case "markdown": name = "markdown-\(events).md"
        case "pagerduty": name = "pagerduty-\(events).json"
        case "set": name = "set-1000x\(events)"
        default: name = "slack-\(events)"
        }
        let url = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path) {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", repository.appendingPathComponent("scripts/generate-log.py").path,
                kind, "--events", String(events), "--out", url.path,
            ]
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                fatalError("cannot run scripts/generate-log.py: \(error)")
            }
        }
        return url
    }

    static func file(_ kind: String, events: Int) -> InputDocument {
        let url = path(kind, events: events)
        guard let data = FileManager.default.contents(atPath: url.path) else { fatalError("cannot read \(url.path)") }
        return InputDocument(name: url.lastPathComponent, content: .file(data))
    }

    /// Every log of a generated set, as `hindsight publish` reads a folder.
    static func set(events: Int) -> [InputDocument] {
        let url = path("set", events: events)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: url.appendingPathComponent(name).path).map {
                InputDocument(name: name, content: .file($0))
            }
        }
    }

    /// A Slack export folder as the command-line tool hands it over: JSON files by path.
    static func slackFolder(events: Int) -> InputDocument {
        let url = path("slack", events: events)
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json"),
                let data = FileManager.default.contents(atPath: url.appendingPathComponent(relative).path)
            else { continue }
            files[relative] = data
        }
        return InputDocument(name: url.lastPathComponent, content: .folder(files))
    }

    static func log(_ document: InputDocument) -> IncidentLog {
        guard let log = IncidentReader.read(document).logs.first else { fatalError("\(document.name) holds no incident") }
        return log
    }
}

/// The whole `hindsight draft` pipeline on bytes already in memory: read, reconstruct,
/// render Markdown, render HTML. Returns the sizes so nothing is optimised away.
func draft(_ document: InputDocument) -> Int {
    var size = 0
    for log in IncidentReader.read(document).logs {
        let reconstruction = IncidentReconstructor.reconstruct(log)
        let markdown = ReportRenderer.markdown(reconstruction)
        let html = ReportRenderer.html(markdown: markdown)
        size += markdown.utf8.count + html.utf8.count
    }
    return size
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    // Reading: bytes in memory → incident logs.
    for events in [100, 10_000, 100_000] {
        let document = BenchmarkInputs.file("markdown", events: events)
        Benchmark("Read Markdown log (\(events) events)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(IncidentReader.read(document))
            }
        }
    }
    let pagerDuty = BenchmarkInputs.file("pagerduty", events: 50_000)
    Benchmark("Read PagerDuty log (50000 entries)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(IncidentReader.read(pagerDuty))
        }
    }
    let slack = BenchmarkInputs.slackFolder(events: 50_000)
    Benchmark("Read Slack export (50000 messages)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(IncidentReader.read(slack, options: ReadingOptions(format: .slack)))
        }
    }

    // Reconstruction alone, on a log already read.
    for events in [10_000, 100_000] {
        let log = BenchmarkInputs.log(BenchmarkInputs.file("markdown", events: events))
        Benchmark("Reconstruct (\(events) events)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(IncidentReconstructor.reconstruct(log))
            }
        }
    }

    // Rendering alone, on a reconstruction already made.
    let reconstruction = IncidentReconstructor.reconstruct(
        BenchmarkInputs.log(BenchmarkInputs.file("markdown", events: 10_000)))
    let report = ReportRenderer.markdown(reconstruction)
    Benchmark("Render Markdown report (10000 events)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ReportRenderer.markdown(reconstruction))
        }
    }
    Benchmark("Render HTML page (10000 events)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ReportRenderer.html(markdown: report))
        }
    }

    // The full draft, Markdown and HTML, from bytes in memory.
    for events in [100, 10_000, 100_000] {
        let document = BenchmarkInputs.file("markdown", events: events)
        Benchmark("Draft Markdown and HTML (\(events) events)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(draft(document))
            }
        }
    }

    // `hindsight publish` of 1,000 retrospectives (100 events each) on both cores:
    // gather (read and reconstruct, in parallel), plan, and render every page.
    let retrospectives = BenchmarkInputs.set(events: 100)
    Benchmark(
        "Publish 1000 retrospectives",
        configuration: .init(maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let collection = RetrospectiveCollection.gather(retrospectives)
            let plan = SitePublisher.plan(collection, options: SiteOptions(version: "benchmark"))
            blackHole(SitePublisher.render(plan))
        }
    }
}
