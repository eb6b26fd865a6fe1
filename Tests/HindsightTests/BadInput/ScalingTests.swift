import Foundation
import Testing
@testable import Hindsight

/// Documents with tens of thousands of headings are read in linear time: each of these
/// took from 50 seconds to 3 minutes when a step scanned every heading or section once
/// per block (see docs/robustness.md); they now take a second or two in a debug build.
@Suite struct ScalingTests {
    /// Far above the linear time (even under AddressSanitizer), far below the quadratic one.
    static let limit: Duration = .seconds(BadInputTests.isSanitized ? 40 : 20)

    static let documents: [(name: String, text: String)] = [
        ("20,000 incident headings", (0..<20_000).map { "## Incident \($0)\n### 2026-03-04\n- 10:00 Entry.\n" }.joined()),
        ("20,000 Timeline headings", "---\ndate: 2026-03-04\n---\n" + String(repeating: "## Timeline\n- 10:00 Entry.\n", count: 20_000)),
        ("20,000 Timeline labels", "---\ndate: 2026-03-04\n---\n" + String(repeating: "**Timeline:**\n\n- 10:00 Entry.\n\n", count: 20_000)),
    ]

    @Test(arguments: 0..<documents.count)
    func readsInLinearTime(_ index: Int) {
        let document = Self.documents[index]
        let clock = ContinuousClock()
        let started = clock.now
        let result = MarkdownLogReader.read(text: document.text, name: "many.md", options: ReadingOptions())
        let elapsed = clock.now - started
        #expect(!result.logs.isEmpty)
        #expect(elapsed < Self.limit, "\(document.name): \(elapsed)")
    }
}
