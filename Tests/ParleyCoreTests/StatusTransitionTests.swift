import ParleyCore
import Testing

@Suite("Record statuses move only along the legal transitions")
struct StatusTransitionTests {
    /// The legal moves, written out by hand from the rules, so the test does not reuse the code it checks.
    static let legalHeld: Set<String> = [
        "registered>listed", "registered>released", "registered>transferred", "registered>escaped",
        "registered>deceased", "registered>refused_repatriation",
        "listed>registered", "listed>handed_over", "listed>escaped", "listed>deceased", "listed>refused_repatriation",
        "handed_over>repatriated",
        "escaped>registered",
        "refused_repatriation>registered", "refused_repatriation>released", "refused_repatriation>transferred",
        "refused_repatriation>deceased",
    ]
    static let legalSought: Set<String> = [
        "open>located", "open>returned", "open>closed", "located>open", "located>returned", "located>closed",
        "closed>open",
    ]

    @Test("every pair of held statuses is allowed exactly when the rules say so")
    func heldTransitions() {
        for from in HeldStatus.allCases {
            for to in HeldStatus.allCases {
                let legal = Self.legalHeld.contains("\(from.rawValue)>\(to.rawValue)")
                let result = Result { try RecordStatus.held(from).moving(to: .held(to)) }
                #expect((try? result.get()) == (legal ? .held(to) : nil), "\(from.rawValue) -> \(to.rawValue)")
            }
        }
    }

    @Test("every pair of sought statuses is allowed exactly when the rules say so")
    func soughtTransitions() {
        for from in SoughtStatus.allCases {
            for to in SoughtStatus.allCases {
                let legal = Self.legalSought.contains("\(from.rawValue)>\(to.rawValue)")
                let result = Result { try RecordStatus.sought(from).moving(to: .sought(to)) }
                #expect((try? result.get()) == (legal ? .sought(to) : nil), "\(from.rawValue) -> \(to.rawValue)")
            }
        }
    }

    @Test("an illegal move is a typed error that names both ends and what is allowed")
    func illegalMoveIsExplained() throws {
        // Given a repatriated person
        let status = RecordStatus.held(.repatriated)
        // When someone tries to list them again
        let error = #expect(throws: IllegalStatusTransition.self) { try status.moving(to: .held(.listed)) }
        // Then the error names the move, and says the status is final
        #expect(error?.message == "a held record cannot move from 'repatriated' to 'listed'")
        #expect(error?.remedy == "'repatriated' is final; no further status applies")
        #expect(error?.code == "record.status.illegal-transition")
    }

    @Test("a held record cannot take a sought status")
    func crossKindMoveIsRefused() {
        let error = #expect(throws: IllegalStatusTransition.self) {
            try RecordStatus.held(.registered).moving(to: .sought(.open))
        }
        #expect(error?.message == "a held record cannot take the sought status 'open'")
    }

    @Test("status names are read per kind")
    func statusNames() throws {
        #expect(try RecordStatus(kind: .held, name: "refused_repatriation") == .held(.refusedRepatriation))
        #expect(throws: UnknownStatus.self) { try RecordStatus(kind: .sought, name: "listed") }
        #expect(RecordKind.held.initialStatus == .held(.registered))
        #expect(RecordKind.sought.initialStatus == .sought(.open))
    }
}
