import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleySynthetic
import Testing

/// An agreement's lists through the store: drafting, checks, freezing, approvals, handover, reconciliation.
@Suite("From agreement to handover, through the store")
struct ListsTests {
    /// A database with UA and RU registries from the generator, round 2 in Abu Dhabi and an
    /// agreement on 6 prisoners with no basis yet.
    static func populated(file: Bool = false) throws -> (database: AppDatabase, agreement: Agreement.ID, path: String?) {
        let (database, path): (AppDatabase, String?) =
            file ? try StoreFixture.fileDatabase() : (try StoreFixture.database(), nil)
        let registries = SyntheticRegistries(seed: 7, heldPerSide: 40, today: SyntheticRegistries.asOf)
        for (party, registry) in [(Party.Code("UA"), registries.ukraine), (Party.Code("RU"), registries.russia)] {
            for (kind, rows) in [(RecordKind.held, registry.held), (.sought, registry.sought)] {
                _ = try database.importRegistry(
                    file: "\(party)-\(kind).csv", bytes: Array(RegistryFileWriter.file(rows).utf8), party: party, kind: kind,
                    as: Principal(.official, for: party))
            }
        }
        let round = try database.recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: PartialDate(parsing: "2026-02-04"), endsOn: PartialDate(parsing: "2026-02-05")),
            as: StoreFixture.mediator)
        let agreement = try database.recordAgreement(
            Agreement(
                round: round.id, subject: .prisonersOfWar, quantity: Quantity(count: 6, basis: .unspecified),
                wording: "exchange 6 prisoners"),
            as: StoreFixture.mediator)
        return (database, agreement.id, path)
    }

    /// The three signers' keys, registered by the administrator.
    static func keys(_ database: AppDatabase) throws -> [SigningKeyFile] {
        let keys = [StoreFixture.russia, StoreFixture.ukraine, StoreFixture.mediator].map {
            SigningKeyFile(signer: $0, key: SigningKey())
        }
        for file in keys { _ = try database.registerKey(file.key.verifyingKey.base64, for: file.signer, as: StoreFixture.admin) }
        return keys
    }

    static func sign(_ database: AppDatabase, _ list: ExchangeList.ID, with file: SigningKeyFile) throws -> ListState {
        let state = try database.list(list, as: file.signer)
        let digest = try #require(state.latest.freezing?.digest)
        let signature = try file.key.sign(try #require(Digest(hex: digest)))
        return try database.approveList(
            list, digest: digest, publicKey: file.key.verifyingKey.base64, signature: signature.base64, as: file.signer)
    }

    /// Drafts RU's list, settles the basis as 6 in all and fills the 3 places from the suggestion.
    static func filledList(_ database: AppDatabase, _ agreement: Agreement.ID) async throws -> ExchangeList.ID {
        let list = try database.draftList(agreement: agreement, releasing: "RU", as: StoreFixture.russia).list.id
        _ = try database.settleAgreement(agreement, as: .total, as: StoreFixture.mediator)
        let picks = try await database.suggest(for: list, as: StoreFixture.russia)
        _ = try database.addToList(list, references: picks.map(\.record.reference), as: StoreFixture.russia)
        return list
    }

    @Test("a draft: only its own official edits it; the basis blocks freezing until settled; parity is checked")
    func drafting() async throws {
        let (database, agreement, _) = try Self.populated()
        #expect(throws: AccessDenied.self) {
            try database.draftList(agreement: agreement, releasing: "RU", as: StoreFixture.ukraine)
        }
        let draft = try database.draftList(agreement: agreement, releasing: "RU", as: StoreFixture.russia)
        let list = draft.list.id
        #expect(draft.list.receiving == "UA")
        #expect(draft.requiredSigners.map(\.description) == ["official:RU", "official:UA", "mediator:US"])
        #expect(throws: StoreError.listExists(agreement, releasing: "RU")) {
            try database.draftList(agreement: agreement, releasing: "RU", as: StoreFixture.russia)
        }

        // While the basis is unspecified: nothing suggested, parity blocked, freezing refused
        #expect(try await database.suggest(for: list, as: StoreFixture.russia).isEmpty)
        let someone = try #require(
            try database.records(RecordQuery(party: "RU", kind: .held, status: "registered"), as: StoreFixture.russia).records
                .first { $0.person.category == .military && $0.person.health?.isSerious != true })
        _ = try database.addToList(list, references: [someone.reference], as: StoreFixture.russia)
        #expect(
            try database.records(RecordQuery(party: "RU", text: someone.reference), as: StoreFixture.russia).records.first?.status
                == .held(.listed))
        let blocked = try await database.checkList(list, as: StoreFixture.mediator)
        #expect(blocked.errors.map(\.rule) == [.parity])
        #expect(blocked.errors.first?.reason.contains("settle the basis first") == true)
        await #expect(throws: ListRefusal.self) { try await database.freezeList(list, as: StoreFixture.russia) }

        // Settled as 6 in all: 3 per side; the one listed is short of 3
        _ = try database.settleAgreement(agreement, as: .total, as: StoreFixture.mediator)
        let short = try await database.checkList(list, as: StoreFixture.mediator)
        #expect(short.errors.map(\.reason) == ["the list has 1; the terms (6 in all = 3 per side) call for 3 released by RU"])
        await #expect(throws: ListRefusal.hasErrors(count: 1)) { try await database.freezeList(list, as: StoreFixture.russia) }

        // Removed again, the person is back in the registry
        _ = try database.removeFromList(list, references: [someone.reference], as: StoreFixture.russia)
        #expect(
            try database.records(RecordQuery(party: "RU", text: someone.reference), as: StoreFixture.russia).records.first?.status
                == .held(.registered))
        #expect(throws: ListRefusal.notOnList(reference: someone.reference)) {
            try database.removeFromList(list, references: [someone.reference], as: StoreFixture.russia)
        }
        #expect(throws: StoreError.unknownReference(party: "RU", kind: .held, reference: "nobody")) {
            try database.addToList(list, references: ["nobody"], as: StoreFixture.russia)
        }
    }

    @Test("frozen, signed by each required signer with a registered key; a change makes a new unsigned version")
    func approvals() async throws {
        let (database, agreement, _) = try Self.populated()
        let list = try await Self.filledList(database, agreement)
        let frozen = try await database.freezeList(list, as: StoreFixture.russia)
        let digest = try #require(frozen.latest.freezing?.digest)
        #expect(frozen.entries.count == 3)
        #expect(frozen.missingSigners.count == 3)

        // The digest is the SHA-256 of the list's canonical document
        let document = ListDocument(
            agreement: agreement.rawValue, list: list.rawValue, version: 1, releasing: "RU", receiving: "UA",
            subject: .prisonersOfWar, signers: frozen.requiredSigners, frozenAt: try #require(frozen.latest.freezing?.at),
            entries: frozen.entries)
        #expect(document.digest.hex == digest)

        // An unregistered key, a signature over something else, a signer who is not required: refused
        let stranger = SigningKeyFile(signer: StoreFixture.russia, key: SigningKey())
        #expect(throws: ListRefusal.keyNotRegistered(StoreFixture.russia, key: stranger.key.verifyingKey.base64)) {
            try Self.sign(database, list, with: stranger)
        }
        let keys = try Self.keys(database)
        let forged = try keys[0].key.sign(Digest.sha256(Array("another list".utf8)))
        #expect(throws: ListRefusal.invalidSignature(StoreFixture.russia)) {
            try database.approveList(
                list, digest: digest, publicKey: keys[0].key.verifyingKey.base64, signature: forged.base64,
                as: StoreFixture.russia)
        }
        #expect(throws: AccessDenied.self) {
            try database.approveList(list, digest: digest, publicKey: "", signature: "", as: StoreFixture.observer)
        }

        // Each required signer signs: approved
        for file in keys { _ = try Self.sign(database, list, with: file) }
        let approved = try database.list(list, as: StoreFixture.ukraine)
        #expect(approved.isApproved)
        #expect(throws: ListRefusal.alreadySigned(StoreFixture.mediator)) { try Self.sign(database, list, with: keys[2]) }

        // A change after approval makes version 2, a draft with no signatures
        let extra = try #require(try await database.substitutes(for: list, as: StoreFixture.russia).first)
        let changed = try database.addToList(list, references: [extra.record.reference], as: StoreFixture.russia)
        #expect(changed.versions.map(\.number) == [1, 2])
        #expect(!changed.latest.isFrozen)
        #expect(changed.approvals.isEmpty)
        #expect(!changed.isApproved)
        #expect(throws: ListRefusal.notFrozen(list: list.rawValue, version: 2)) {
            try database.approveList(
                list, digest: digest, publicKey: keys[0].key.verifyingKey.base64, signature: forged.base64,
                as: StoreFixture.russia)
        }

        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a signer signs the digest they were shown; once a later version is frozen, that digest signs nothing")
    func signsWhatWasShown() async throws {
        // Given a list frozen as version 1, whose digest the Russian official is shown
        let (database, agreement, _) = try Self.populated()
        let keys = try Self.keys(database)
        let list = try await Self.filledList(database, agreement)
        let shown = try #require(try await database.freezeList(list, as: StoreFixture.russia).latest.freezing?.digest)

        // When one person on it is swapped for another and version 2 is frozen before the official signs
        let extra = try #require(try await database.substitutes(for: list, as: StoreFixture.russia).first)
        let first = try #require(try database.list(list, as: StoreFixture.russia).entries.first?.reference)
        _ = try database.removeFromList(list, references: [first], as: StoreFixture.russia)
        _ = try database.addToList(list, references: [extra.record.reference], as: StoreFixture.russia)
        let current = try #require(try await database.freezeList(list, as: StoreFixture.russia).latest.freezing?.digest)

        // Then signing what was shown is refused, naming both digests, and nothing is signed
        #expect(throws: ListRefusal.staleDigest(signed: shown, current: current)) {
            try database.signList(list, with: keys[0], expectedDigest: shown, as: StoreFixture.russia)
        }
        #expect(try database.list(list, as: StoreFixture.russia).approvals.isEmpty)
        // And the digest now shown signs version 2
        let signed = try database.signList(list, with: keys[0], expectedDigest: current, as: StoreFixture.russia)
        #expect(signed.approvals.map(\.signer) == [StoreFixture.russia])
        #expect(signed.latest.number == 2)
    }

    @Test("a refusal of repatriation takes the person off the list; a frozen list gets a new draft without them")
    func refusalRemoves() async throws {
        let (database, agreement, _) = try Self.populated()
        let list = try await Self.filledList(database, agreement)
        let frozen = try await database.freezeList(list, as: StoreFixture.russia)
        let refusing = try #require(frozen.entries.last?.id)
        _ = try database.changeStatus(of: refusing, to: .held(.refusedRepatriation), as: StoreFixture.russia)
        let after = try database.list(list, as: StoreFixture.mediator)
        #expect(after.versions.map(\.number) == [1, 2])
        #expect(after.latest.entries == Array(frozen.latest.entries.dropLast()))
        let check = try await database.checkList(list, as: StoreFixture.mediator)
        #expect(check.errors.map(\.rule) == [.parity])
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("handover person by person: substitution passes the same checks; statuses follow; reconciliation explains")
    func handover() async throws {
        let (database, agreement, _) = try Self.populated()
        let list = try await Self.filledList(database, agreement)
        let day = try PartialDate(parsing: "2026-02-05")
        #expect(throws: ListRefusal.self) {
            try database.recordOutcome(list: list, reference: "x", outcome: .transferred, on: day, as: StoreFixture.mediator)
        }
        let frozen = try await database.freezeList(list, as: StoreFixture.russia)
        for file in try Self.keys(database) { _ = try Self.sign(database, list, with: file) }
        let entries = frozen.entries.map(\.reference)

        // Only the mediator records the handover
        #expect(throws: AccessDenied.self) {
            try database.recordOutcome(list: list, reference: entries[0], outcome: .transferred, on: day, as: StoreFixture.russia)
        }
        // A substitute who fails the checks (a civilian on a list of prisoners of war) is refused
        let civilian = try #require(
            try database.records(RecordQuery(party: "RU", kind: .held, status: "registered", limit: 100), as: StoreFixture.russia)
                .records.first { $0.person.category == .civilian })
        #expect(throws: InvalidOutcome.self) {
            try database.recordOutcome(
                list: list, reference: entries[0], outcome: .substituted, substitute: civilian.reference, on: day,
                as: StoreFixture.mediator)
        }
        let substitute = try #require(try await database.substitutes(for: list, as: StoreFixture.mediator).first)
        _ = try database.recordOutcome(
            list: list, reference: entries[0], outcome: .substituted, substitute: substitute.record.reference, on: day,
            as: StoreFixture.mediator)
        _ = try database.recordOutcome(list: list, reference: entries[1], outcome: .refused, on: day, as: StoreFixture.mediator)
        // Once its handover has begun, the list stays as it was signed
        let spare = try #require(try await database.substitutes(for: list, as: StoreFixture.russia).first)
        #expect(throws: ListRefusal.handingOver(list: list.rawValue, version: 1)) {
            try database.addToList(list, references: [spare.record.reference], as: StoreFixture.russia)
        }
        #expect(throws: InvalidOutcome.alreadyRecorded(reference: entries[1], .refused)) {
            try database.recordOutcome(
                list: list, reference: entries[1], outcome: .transferred, on: day, as: StoreFixture.mediator)
        }
        #expect(try database.recordRemainingTransferred(list: list, on: day, as: StoreFixture.mediator) == 1)

        func status(_ reference: String) throws -> String? {
            try database.records(RecordQuery(party: "RU", kind: .held, text: reference), as: StoreFixture.russia).records
                .first { $0.reference == reference }?.status.name
        }
        #expect(try status(entries[0]) == "registered")
        #expect(try status(substitute.record.reference) == "repatriated")
        #expect(try status(entries[1]) == "refused_repatriation")
        #expect(try status(entries[2]) == "repatriated")

        let reconciliation = try database.reconcile(agreement: agreement, as: StoreFixture.observer)
        let russia = try #require(reconciliation.sides.first { $0.releasing == "RU" })
        #expect([russia.agreed, russia.listed, russia.signed, russia.delivered] == [3, 3, 3, 2])
        #expect(russia.differences == ["1 refused repatriation", "1 replaced by another person, who was transferred instead"])
        let ukraine = try #require(reconciliation.sides.first { $0.releasing == "UA" })
        #expect(ukraine.differences == ["no list yet for the 3 agreed"])

        // The list's check after the handover: the findings it was frozen with, and its outcomes; no error
        let checked = try await database.checkList(list, as: StoreFixture.mediator)
        #expect(checked.errors.isEmpty)
        #expect(checked.frozen == frozen.latest.freezing)
        #expect(checked.outcomes.map(\.kind) == [.substituted, .refused, .transferred])

        // Ukraine's direction has no list: closing in full is refused, naming it; a partial close says why
        let open = Exchange.OpenDirection(releasing: "UA", receiving: "RU", lacking: "no list")
        #expect(throws: InvalidOutcome.directionsOpen([open])) {
            try database.closeHandover(agreement: agreement, on: day, as: StoreFixture.mediator)
        }
        #expect(throws: InvalidOutcome.partialWithoutReason) {
            try database.closeHandover(agreement: agreement, on: day, partialReason: "  ", as: StoreFixture.mediator)
        }
        let exchange = try database.closeHandover(
            agreement: agreement, on: day, partialReason: "Ukraine's list was not ready", as: StoreFixture.mediator)
        #expect(exchange.deliveries == [Exchange.Delivery(from: "RU", to: "UA", category: .military, count: 2)])
        #expect(exchange.partialClose == Exchange.PartialClose(open: [open], reason: "Ukraine's list was not ready"))
        #expect(throws: InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: day)) {
            try database.closeHandover(
                agreement: agreement, on: day, partialReason: "again", as: StoreFixture.mediator)
        }
        // After the close, no outcome and no change of a list alters what was recorded
        #expect(throws: InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: day)) {
            try database.recordOutcome(
                list: list, reference: entries[2], outcome: .withheld, on: day, as: StoreFixture.mediator)
        }
        #expect(throws: InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: day)) {
            try database.draftList(agreement: agreement, releasing: "UA", as: StoreFixture.ukraine)
        }
        #expect(throws: InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: day)) {
            try database.addToList(list, references: [spare.record.reference], as: StoreFixture.russia)
        }
        let statement = try database.statement(agreement: agreement, as: StoreFixture.observer)
        for record in frozen.entries { #expect(!statement.contains(record.person.surname)) }
        #expect(statement.contains("exchanged 2 prisoners of war: 0 released by "))
        #expect(statement.contains("The handover was closed in part, with "))
        #expect(statement.contains("open (no list): Ukraine's list was not ready."))
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("a handover closed in part: the persons left without an outcome go back to the registry, and nothing changes after")
    func partialCloseFreesThePending() async throws {
        // Given Russia's list approved and one person transferred, and Ukraine's list still a draft
        let (database, agreement, _) = try Self.populated()
        let list = try await Self.filledList(database, agreement)
        let day = try PartialDate(parsing: "2026-02-05")
        _ = try await database.freezeList(list, as: StoreFixture.russia)
        for file in try Self.keys(database) { _ = try Self.sign(database, list, with: file) }
        let entries = try database.list(list, as: StoreFixture.russia).entries
        #expect(throws: InvalidOutcome.nobodyDelivered) {
            try database.closeHandover(agreement: agreement, on: day, partialReason: "too early", as: StoreFixture.mediator)
        }
        _ = try database.recordOutcome(
            list: list, reference: entries[0].reference, outcome: .transferred, on: day, as: StoreFixture.mediator)
        let draft =
            try database.draftList(agreement: agreement, releasing: "UA", as: StoreFixture.ukraine).list.id
        _ = try await database.addSuggested(to: draft, as: StoreFixture.ukraine)

        // A person on the list being handed over cannot be taken off it by a change of status
        let pending = entries[1].id
        #expect(throws: ListRefusal.handingOver(list: list.rawValue, version: 1)) {
            try database.changeStatus(of: pending, to: .held(.refusedRepatriation), as: StoreFixture.russia)
        }

        // When the handover is closed in part
        _ = try database.closeHandover(
            agreement: agreement, on: day, partialReason: "the exchange was stopped", as: StoreFixture.mediator)

        // Then the persons without an outcome, on both lists, are registered again, and nothing can be frozen or signed
        let russian = try database.records(RecordQuery(party: "RU", kind: .held, limit: 1_000), as: StoreFixture.russia)
        #expect(russian.records.first { $0.id == entries[0].id }?.status.name == "repatriated")
        for entry in entries.dropFirst() {
            #expect(russian.records.first { $0.id == entry.id }?.status.name == "registered")
        }
        let ukrainian = try database.list(draft, as: StoreFixture.ukraine).entries.compactMap(\.id)
        let ukraine = try database.records(RecordQuery(party: "UA", kind: .held, limit: 1_000), as: StoreFixture.ukraine)
        #expect(ukraine.records.filter { ukrainian.contains($0.id) }.allSatisfy { $0.status.name == "registered" })
        await #expect(throws: InvalidOutcome.alreadyClosed(agreement: agreement.rawValue, on: day)) {
            try await database.freezeList(draft, as: StoreFixture.ukraine)
        }
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("the time since the previous exchange counts from the exchange before this one, of any agreement")
    func sinceTheExchangeBefore() async throws {
        // Given two agreements reached at one round, the first exchanged on 5 February 2026
        let (database, first, _) = try Self.populated()
        let round = try #require(try database.agreements(as: StoreFixture.mediator).first?.round.id)
        let recorded = try database.recordAgreement(
            try Agreement(
                round: round, subject: .prisonersOfWar, quantity: try Quantity(count: 2, basis: .perSide), wording: "2 for 2"),
            as: StoreFixture.mediator)
        let second = recorded.id
        let october = try PartialDate(parsing: "2025-10-02")
        _ = try database.recordExchange(
            try Exchange(date: october, deliveries: [.init(from: "UA", to: "RU", category: .military, count: 185)]),
            as: StoreFixture.mediator)
        let february = try PartialDate(parsing: "2026-02-05")
        _ = try database.recordExchange(
            try Exchange(
                date: february, agreement: first, deliveries: [.init(from: "RU", to: "UA", category: .military, count: 3)]),
            as: StoreFixture.mediator)

        // When the second agreement is exchanged in December
        let december = try PartialDate(parsing: "2026-12-04")
        _ = try database.recordExchange(
            try Exchange(
                date: december, agreement: second, deliveries: [.init(from: "UA", to: "RU", category: .military, count: 2)]),
            as: StoreFixture.mediator)

        // Then its statement, reconciliation and summary count from February, and the first's from October
        let reconciliation = try database.reconcile(agreement: second, as: StoreFixture.observer)
        #expect(reconciliation.previousExchange?.date == february)
        #expect(reconciliation.sincePreviousExchange?.wording == "9 months and 29 days")
        #expect(try database.statement(agreement: second, as: StoreFixture.observer).contains("since 5 February 2026"))
        let summaries = try database.agreements(as: StoreFixture.observer)
        #expect(summaries.first { $0.agreement.id == second }?.previousExchange?.date == february)
        #expect(summaries.first { $0.agreement.id == first }?.previousExchange?.date == october)
        #expect(try database.reconcile(agreement: first, as: StoreFixture.observer).previousExchange?.date == october)
        #expect(throws: InvalidOutcome.alreadyClosed(agreement: second.rawValue, on: december)) {
            try database.recordExchange(
                try Exchange(
                    date: december, agreement: second, deliveries: [.init(from: "UA", to: "RU", category: .military, count: 2)]),
                as: StoreFixture.mediator)
        }
    }

    @Test("a frozen list edited directly in SQLite: the triggers refuse it, and journal verify names it when they are dropped")
    func tamperedFrozenList() async throws {
        let (database, agreement, path) = try Self.populated(file: true)
        let list = try await Self.filledList(database, agreement)
        _ = try await database.freezeList(list, as: StoreFixture.russia)
        let raw = try StoreFixture.rawConnection(try #require(path))
        try await raw.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM list_entry WHERE position = 3") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE list_version SET digest = NULL") }
        }
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER list_version_frozen_update")
            try db.execute(sql: "UPDATE list_version SET document = replace(document, '\"position\":2', '\"position\":9')")
        }
        guard case .stateChanged(let subject, _) = try database.verifyJournal(as: StoreFixture.admin).problem else {
            Issue.record("an edited frozen document must not verify")
            return
        }
        #expect(subject == "list_version:1")
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER list_entry_frozen_delete")
            try db.execute(sql: "DELETE FROM list_entry WHERE position = 3")
        }
        #expect(try database.verifyJournal(as: StoreFixture.admin).problem?.message.contains("list_version:1") == true)
    }

    @Test("the findings a version was frozen with are journaled: editing them behind Parley's back is named")
    func tamperedFindings() async throws {
        let (database, agreement, path) = try Self.populated(file: true)
        let list = try await Self.filledList(database, agreement)
        _ = try await database.freezeList(list, as: StoreFixture.russia)
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
        let raw = try StoreFixture.rawConnection(try #require(path))
        try await raw.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE list_version SET findings = '[]'") }
            try db.execute(sql: "DROP TRIGGER list_version_frozen_update")
            try db.execute(
                sql: """
                    UPDATE list_version SET findings = '[{"reason":"added later","rule":"unmatched","severity":"warning"}]'
                    WHERE digest IS NOT NULL
                    """)
        }
        guard case .stateChanged(let subject, _) = try database.verifyJournal(as: StoreFixture.admin).problem else {
            Issue.record("edited findings must not verify")
            return
        }
        #expect(subject == "list_version:1")
    }
}
