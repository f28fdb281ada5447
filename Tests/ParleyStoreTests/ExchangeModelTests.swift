import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore
import Testing

/// The exchange as a state machine, driven by random sequences of its use cases: whatever order
/// people take them in, the figures, the statuses, the statement and the journal stay true.
@Suite("The exchange under random sequences of its use cases")
struct ExchangeModelTests {
    /// One run: a fresh agreement, `steps` random actions, every invariant checked after each.
    @Test(
        "figures equal outcomes, statuses follow them, the statement is the reconciliation's, the journal verifies",
        arguments: [1, 2, 3, 4] as [UInt64])
    func randomSequences(seed: UInt64) async throws {
        var model = try await Model(seed: seed)
        for step in 0..<Self.steps {
            let action = try await model.step()
            try await model.checkInvariants(after: "step \(step): \(action)")
        }
    }

    static let steps = 60

    struct Model {
        let database: AppDatabase
        let agreement: Agreement.ID
        let keys: [SigningKeyFile]
        var random: SeededGenerator
        let day: PartialDate

        init(seed: UInt64) async throws {
            let (database, agreement, _) = try ListsTests.populated()
            self.database = database
            self.agreement = agreement
            keys = try ListsTests.keys(database)
            random = SeededGenerator(seed: seed)
            day = try PartialDate(parsing: "2026-02-05")
        }

        static let parties: [Party.Code] = ["UA", "RU"]

        func official(_ party: Party.Code) -> Principal { Principal(.official, for: party) }

        func listID(releasing party: Party.Code) throws -> ExchangeList.ID? {
            try database.lists(as: StoreFixture.mediator).first { $0.list.releasing == party && $0.list.agreement == agreement }?
                .list.id
        }

        /// The action that takes one side's list a step further towards its handover, so that random
        /// runs reach signatures, outcomes and the close, not only drafts.
        func progress(_ party: Party.Code, _ list: ExchangeList.ID?) throws -> Int {
            guard let list else { return 0 }
            let state = try database.list(list, as: StoreFixture.mediator)
            if case .blocked = state.quota { return 1 }
            if !state.latest.isFrozen { return state.entries.isEmpty ? 4 : 5 }
            if !state.isApproved { return 6 }
            return state.entries.count > (try database.handoverOutcomes(list: list, as: StoreFixture.mediator).count) ? 8 : 10
        }

        /// Takes one action, half the time the next step of a side's progress, else any at random; a
        /// refusal by the rules is an answer, any other error a failure.
        mutating func step() async throws -> String {
            let party = Self.parties.randomElement(using: &random) ?? "UA"
            let list = try listID(releasing: party)
            let choice = Bool.random(using: &random) ? try progress(party, list) : Int.random(in: 0..<12, using: &random)
            let name: String
            do {
                switch choice {
                case 0:
                    name = "draft \(party)"
                    _ = try database.draftList(agreement: agreement, releasing: party, as: official(party))
                case 1:
                    name = "settle"
                    let basis: QuantityBasis = Bool.random(using: &random) ? .total : .perSide
                    _ = try database.settleAgreement(agreement, as: basis, as: StoreFixture.mediator)
                case 2:
                    name = "add to \(party)"
                    let free = try database.records(
                        RecordQuery(party: party, kind: .held, status: "registered", limit: 200), as: official(party)
                    ).records
                    guard let list, let pick = free.randomElement(using: &random) else { return "nothing to add" }
                    _ = try database.addToList(list, references: [pick.reference], as: official(party))
                case 3:
                    name = "remove from \(party)"
                    guard let list, let entry = try database.list(list, as: official(party)).entries.randomElement(using: &random)
                    else { return "nothing to remove" }
                    _ = try database.removeFromList(list, references: [entry.reference], as: official(party))
                case 4:
                    name = "suggest \(party)"
                    guard let list else { return "no list to fill" }
                    _ = try await database.addSuggested(to: list, as: official(party))
                case 5:
                    name = "freeze \(party)"
                    guard let list else { return "no list to freeze" }
                    _ = try await database.freezeList(list, as: official(party))
                case 6, 7:
                    guard let list else { return "no list to sign" }
                    let missing = Set(try database.list(list, as: StoreFixture.mediator).missingSigners)
                    let candidates = choice == 6 ? keys.filter { missing.contains($0.signer) } : keys
                    guard let key = (candidates.isEmpty ? keys : candidates).randomElement(using: &random) else {
                        return "no key"
                    }
                    name = "sign \(party) as \(key.signer)"
                    let shown = try database.list(list, as: key.signer).latest.freezing?.digest ?? ""
                    _ = try database.signList(list, with: key, expectedDigest: shown, as: key.signer)
                case 8:
                    guard let list else { return "no list to hand over" }
                    let state = try database.list(list, as: StoreFixture.mediator)
                    let done = Set(try database.handoverOutcomes(list: list, as: StoreFixture.mediator).map(\.record))
                    guard let entry = state.entries.filter({ !done.contains($0.id) }).randomElement(using: &random) else {
                        return "nobody without an outcome"
                    }
                    let kind = HandoverOutcome.Kind.allCases.randomElement(using: &random) ?? .transferred
                    name = "\(kind.rawValue) \(entry.reference)"
                    let substitute =
                        kind == .substituted
                        ? try await database.substitutes(for: list, as: StoreFixture.mediator).first?.record.reference : nil
                    _ = try database.recordOutcome(
                        list: list, reference: entry.reference, outcome: kind, substitute: substitute, on: day,
                        as: StoreFixture.mediator)
                case 9:
                    name = "remaining transferred \(party)"
                    guard let list else { return "no list to hand over" }
                    _ = try database.recordRemainingTransferred(list: list, on: day, as: StoreFixture.mediator)
                case 11:
                    // A correction between the steps: a person on a list refuses repatriation
                    let listed = try database.records(
                        RecordQuery(party: party, kind: .held, status: "listed", limit: 200), as: official(party)
                    ).records
                    guard let person = listed.randomElement(using: &random) else {
                        return "nobody listed to refuse"
                    }
                    name = "\(person.reference) refuses repatriation"
                    _ = try database.changeStatus(of: person.id, to: .held(.refusedRepatriation), as: official(party))
                default:
                    let partial = Bool.random(using: &random)
                    name = partial ? "close in part" : "close"
                    _ = try database.closeHandover(
                        agreement: agreement, on: day, partialReason: partial ? "the other side did not come" : nil,
                        as: StoreFixture.mediator)
                }
            } catch let refusal as ListRefusal {
                return "refused: \(refusal.code)"
            } catch let refusal as InvalidOutcome {
                return "refused: \(refusal.code)"
            } catch let refusal as InvalidExchange {
                return "refused: \(refusal.code)"
            } catch let refusal as AgreementSettlementError {
                return "refused: \(refusal.code)"
            } catch StoreError.listExists {
                return "refused: the list exists"
            }
            return name
        }

        /// Everything that must hold whatever was done before.
        func checkInvariants(after action: String) async throws {
            let verification = try database.verifyJournal(as: StoreFixture.admin)
            #expect(verification.isIntact, "\(action): \(verification.problem?.message ?? "")")

            let reconciliation = try database.reconcile(agreement: agreement, as: StoreFixture.observer)
            var statuses: [RegistryRecord.ID: String] = [:]
            for party in Self.parties {
                for record in try database.records(RecordQuery(party: party, kind: .held, limit: 1_000), as: official(party))
                    .records
                {
                    statuses[record.id] = record.status.name
                }
            }
            var deliveredBySide: [Party.Code: Int] = [:]
            for side in reconciliation.sides {
                guard let list = try listID(releasing: side.releasing) else {
                    #expect(side.delivered == 0 && side.listed == 0, "\(action)")
                    continue
                }
                let state = try database.list(list, as: StoreFixture.mediator)
                let outcomes = state.isApproved ? try database.handoverOutcomes(list: list, as: StoreFixture.mediator) : []
                // The reconciliation's figures are the outcomes recorded
                #expect(side.outcomes.values.reduce(0, +) == outcomes.count, "\(action)")
                #expect(side.delivered == outcomes.filter(\.kind.delivers).count, "\(action)")
                deliveredBySide[side.releasing] = side.delivered
                // Statuses follow the outcomes
                for outcome in outcomes {
                    let expected: String =
                        switch outcome.kind {
                        case .transferred: "repatriated"
                        case .withheld, .substituted: "registered"
                        case .refused: "refused_repatriation"
                        case .deceased: "deceased"
                        }
                    #expect(statuses[outcome.record] == expected, "\(action): \(outcome.kind) of record \(outcome.record)")
                    if let substitute = outcome.substitute { #expect(statuses[substitute] == "repatriated", "\(action)") }
                }
                // A frozen version answers with the checks it passed, never with errors found since
                if state.latest.isFrozen {
                    #expect(try await database.checkList(list, as: StoreFixture.mediator).errors.isEmpty, "\(action)")
                }
            }
            // A closed handover's exchange carries the reconciliation's figures, and the statement says them
            let statement = try database.statement(agreement: agreement, as: StoreFixture.observer)
            if let exchange = reconciliation.exchange {
                for party in Self.parties {
                    #expect(exchange.value.released(by: party) == deliveredBySide[party, default: 0], "\(action): \(party)")
                }
                #expect(reconciliation.handoverOn == exchange.date)
                let total = exchange.deliveries.reduce(0) { $0 + $1.count }
                #expect(statement.contains("exchanged \(total) prisoners of war"), "\(action): \(statement)")
                #expect(statement.contains(exchange.date.longForm), "\(action)")
                #expect(statement.contains("closed in part") == (exchange.partialClose != nil), "\(action): \(statement)")
            }
        }
    }
}
