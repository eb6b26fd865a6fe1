import Foundation
@testable import Hindsight

/// Runs the checker on text in tests.
enum Checking {
    static func findings(_ text: String, name: String = "log.md", options: CheckOptions = CheckOptions()) -> [CheckFinding] {
        IncidentChecker.findings(in: InputDocument(name: name, text: text), options: options)
    }

    /// `line:col rule` for each finding: short, readable expectations.
    static func summary(_ findings: [CheckFinding]) -> [String] {
        findings.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.rule.rawValue)" }
    }

    /// Findings of one rule family (`blame`, `action`, `timeline`, `section`).
    static func family(_ family: String, _ findings: [CheckFinding]) -> [CheckFinding] {
        findings.filter { $0.rule.family == family }
    }
}
