import Foundation
import Testing
@testable import Hindsight

/// The names the texts introduce, found in pieces on every core, are the names one
/// pass finds: the first reading of each name wins, whichever piece holds it.
@Suite struct PeoplePiecesTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Texts that introduce people, some sharing a first name with different family
    /// names (so which reading comes first matters), with non-ASCII names and possessives.
    static let texts: [String] = [
        "Alert fires for checkout", "The on-call pages Marie", "Paged Marie Dubois about the pool",
        "Asks Marie Curie for the runbook", "Ravi calls Kofi Mensah", "Escalated to Kofi", "Calls Zoë Müller on the bridge",
        "Asked Zoë Schmidt's team", "Sync with Tomás and Ana", "Handed over to Tomás Ribeiro", "Error rate back to normal",
        "Engineer Priya joins", "Lead Priya Shah takes command", "Asks Sofia Jensen’s opinion", "Nothing new",
    ]

    static func reconstruction(_ texts: [String]) -> Reconstruction {
        var log = IncidentLog(sources: ["log.md"], timeZoneNote: "UTC")
        let start = Date(timeIntervalSince1970: 1_772_600_000)
        for (index, text) in texts.enumerated() {
            log.events.append(TimelineEvent(
                time: EventTime(instant: start.addingTimeInterval(Double(index) * 60), precision: .minute), text: text,
                source: SourceLocation(file: "log.md", line: index + 1)))
        }
        return IncidentReconstructor.reconstruct(log)
    }

    /// The names and, for every event, who it mentions and who acted.
    static func people(_ r: Reconstruction, eventsPerPiece: Int) -> [String] {
        let words = EventWords(r.events.map(\.event))
        let index = PeopleIndex(metadata: r.metadata, events: r.events, words: words, eventsPerPiece: eventsPerPiece)
        return index.names + r.events.indices.map { "\(index.mentions(in: $0)) \(String(describing: index.actor(of: $0)))" }
    }

    @Test func piecesFindTheNamesOfOnePass() {
        var generator = Generator(state: 73)
        var checked = 0
        for round in 0..<40 {
            let count = Int.random(in: 2...300, using: &generator)
            let texts = (0..<count).map { _ in Self.texts.randomElement(using: &generator)! }
            let r = Self.reconstruction(texts)
            let whole = Self.people(r, eventsPerPiece: Int.max)
            for piece in [1, 2, 7] {
                #expect(Self.people(r, eventsPerPiece: piece) == whole, "round \(round), pieces of \(piece)")
                checked += 1
            }
        }
        #expect(checked == 120)
    }
}
