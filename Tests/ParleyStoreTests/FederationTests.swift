import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

/// Three nodes in one process, each with its own database, keys and journal: UA and RU, and the Central
/// Agency's hub, which hosts the mediator US. What crosses between them is a signed transmission, applied
/// once, in order, all or nothing, and receipted; anything forged, changed or out of place is refused.
@Suite("Nodes exchange signed transmissions and witness each other's journals")
struct FederationTests {
    /// One node: its database (in a file, so that a test can edit it behind Parley's back), keys and identity.
    struct TestNode {
        let database: AppDatabase
        let path: String
        let keys: NodeKeys
        let identity: NodeIdentity

        init(_ code: Party.Code, _ kind: NodeKind, speaksFor: Set<Party.Code>, keys: NodeKeys? = nil) throws {
            (database, path) = try StoreFixture.fileDatabase()
            self.keys = keys ?? NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
            identity = try NodeIdentity(
                node: Node(code: code, kind: kind, speaksFor: speaksFor),
                key: NoteKey(name: NodeIdentity.keyName(of: code), type: .ed25519, publicKey: self.keys.signing.verifyingKey),
                recipient: self.keys.encryption.recipient)
            _ = try database.initializeNode(identity, keys: self.keys, as: .admin)
        }

        var code: Party.Code { identity.node.code }

        /// Registers `other` as a peer of this node and this node as a peer of `other`.
        func connect(_ other: TestNode) throws {
            _ = try database.addPeer(other.identity, url: nil, tlsFingerprint: nil, as: .admin)
            _ = try other.database.addPeer(identity, url: nil, tlsFingerprint: nil, as: .admin)
        }

        /// Gives `entry` (sent by another node) to this node, and the receipts it signs back to the sender.
        @discardableResult
        func receive(_ entry: TransmissionEntry, from sender: TestNode) throws -> ReceiveOutcome {
            let outcome = try database.receive(entry.note, keys: keys, as: .admin)
            if case .applied(let applied) = outcome {
                for received in applied {
                    _ = try sender.database.acceptReceipt(try #require(received.receipt), as: .admin)
                }
            }
            return outcome
        }

        func journalSize() throws -> Int64 { try database.verifyJournal(as: .admin).entries }
    }

    static func network() throws -> (ukraine: TestNode, russia: TestNode, hub: TestNode) {
        let ukraine = try TestNode("UA", .party, speaksFor: ["UA"])
        let russia = try TestNode("RU", .party, speaksFor: ["RU"])
        let hub = try TestNode("ICRC", .hub, speaksFor: ["ICRC", "US"])
        try ukraine.connect(hub)
        try russia.connect(hub)
        return (ukraine, russia, hub)
    }

    static func importHeld(_ node: TestNode) throws {
        _ = try node.database.importRegistry(
            file: "held.csv", bytes: StoreFixture.fixture("held-utf8.csv"), party: node.code, kind: .held,
            as: Principal(.official, for: node.code))
    }

    @Test("a party's records reach the hub as they were, receipted, and both journals verify")
    func recordsReachTheHub() throws {
        // Given UA's registry on UA's own node
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        // When UA transmits its records to the hub, and the hub receives them
        let sent = try #require(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).first)
        let outcome = try hub.receive(sent, from: ukraine)
        // Then the hub holds the same records, state for state but the id
        guard case .applied(let applied) = outcome else {
            Issue.record("the transmission was not applied: \(outcome)")
            return
        }
        #expect(applied.map(\.sequence) == [1])
        let theirs = try ukraine.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records
        let ours = try hub.database.records(RecordQuery(party: "UA"), as: StoreFixture.observer).records
        #expect(ours.count == 3)
        for record in theirs {
            var copy = try #require(ours.first { $0.reference == record.reference })
            copy.id = record.id
            #expect(copy == record)
        }
        // And UA keeps the hub's receipt, and both journals verify
        #expect(try ukraine.database.transmissions(with: "ICRC", .sent, as: .admin).first?.receipt != nil)
        #expect(try ukraine.database.verifyJournal(as: .admin).isIntact)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
        // And nothing new means nothing to send
        #expect(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).isEmpty)
    }

    @Test("a transmission applied twice changes nothing, and one out of order waits for the one before it")
    func replayAndOrder() throws {
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let first = try #require(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).first)
        // A record changes on UA's node, and goes in a second transmission
        let record = try #require(
            try ukraine.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records.first)
        _ = try ukraine.database.changeStatus(of: record.id, to: .held(.deceased), as: StoreFixture.ukraine)
        let second = try #require(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).first)
        #expect(second.sequence == 2)
        // When the second arrives first, it waits, unapplied
        guard case .waiting(_, let missing) = try hub.receive(second, from: ukraine) else {
            Issue.record("the second transmission did not wait")
            return
        }
        #expect(missing == 1)
        #expect(try hub.database.records(RecordQuery(party: "UA"), as: StoreFixture.observer).records.isEmpty)
        // When the first arrives, both are applied, in order
        guard case .applied(let applied) = try hub.receive(first, from: ukraine) else {
            Issue.record("the first transmission was not applied")
            return
        }
        #expect(applied.map(\.sequence) == [1, 2])
        let held = try hub.database.records(RecordQuery(party: "UA"), as: StoreFixture.observer).records
        #expect(held.first { $0.reference == record.reference }?.status == .held(.deceased))
        // And given again, each changes nothing
        let size = try hub.journalSize()
        for entry in [first, second] {
            guard case .duplicate = try hub.receive(entry, from: ukraine) else {
                Issue.record("a replay was not recognised")
                return
            }
        }
        #expect(try hub.journalSize() == size)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
    }

    @Test("changed by one byte, from a stranger, misaddressed, or about another party's records: refused, nothing written")
    func refusals() throws {
        let (ukraine, russia, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let sent = try #require(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).first)
        let size = try hub.journalSize()
        // One byte of a name changed on the way
        let changed = sent.note.replacingOccurrences(of: "Іванов", with: "Іваноу")
        #expect(changed != sent.note)
        #expect(throws: TransmissionError.self) { try hub.database.receive(changed, keys: hub.keys, as: .admin) }
        // Signed by a key nobody registered, under UA's name
        let forged = try Transmission(
            sender: "UA", recipient: "ICRC", sequence: 1, kind: .records, createdAt: "2026-02-05T09:00:00Z",
            payload: .object(["records": .array([])])
        ).signed(with: SigningKey())
        #expect(throws: TransmissionError.self) { try hub.database.receive(forged.serialized, keys: hub.keys, as: .admin) }
        // Addressed to RU, given to the hub
        #expect(throws: TransmissionError.notForThisNode(recipient: "ICRC", this: "RU")) {
            try russia.database.receive(sent.note, keys: russia.keys, as: .admin)
        }
        // RU's node sending UA's records, signed with RU's own key
        let ukrainian = try ukraine.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records
        let impostor = try Transmission(
            sender: "RU", recipient: "ICRC", sequence: 1, kind: .records, createdAt: "2026-02-05T09:00:00Z",
            payload: .object(["records": .array(ukrainian.map(\.canonicalForm))]), digests: ukrainian.map(\.stateDigest)
        ).signed(with: russia.keys.signing)
        #expect(throws: TransmissionError.notEntitled(sender: "RU", kind: .records, about: "UA")) {
            try hub.database.receive(impostor.serialized, keys: hub.keys, as: .admin)
        }
        // A record whose digest does not match what the transmission states
        var digests = ukrainian.map(\.stateDigest)
        digests[0] = Digest.zero
        let mismatched = try Transmission(
            sender: "UA", recipient: "ICRC", sequence: 1, kind: .records, createdAt: "2026-02-05T09:00:00Z",
            payload: .object(["records": .array(ukrainian.map(\.canonicalForm))]), digests: digests
        ).signed(with: ukraine.keys.signing)
        let refusal = #expect(throws: TransmissionError.self) {
            try hub.database.receive(mismatched.serialized, keys: hub.keys, as: .admin)
        }
        #expect(refusal?.code == "transmission.digest-mismatch")
        // Nothing of any of them was written
        #expect(try hub.journalSize() == size)
        #expect(try hub.database.records(RecordQuery(party: "UA"), as: StoreFixture.observer).records.isEmpty)
        // And the genuine one still applies
        guard case .applied = try hub.receive(sent, from: ukraine) else {
            Issue.record("the genuine transmission was not applied")
            return
        }
    }

    @Test(
        "a peer at an address that is not https, or with a fingerprint that is not one, is refused; so is one transmission of too many records"
    )
    func hostileInput() throws {
        let (ukraine, _, hub) = try Self.network()
        let stranger = try TestNode("RU", .party, speaksFor: ["RU"])
        for url in ["http://10.0.0.2:8443", "ftp://hub", "https://", "hub.example"] {
            #expect(throws: FederationError.invalidURL(url)) {
                try ukraine.database.addPeer(stranger.identity, url: url, tlsFingerprint: nil, as: .admin)
            }
        }
        #expect(throws: FederationError.invalidFingerprint("abc")) {
            try ukraine.database.addPeer(stranger.identity, url: nil, tlsFingerprint: "abc", as: .admin)
        }
        // Ten thousand and one records in one transmission, signed by UA
        let record = RegistryRecord(
            id: 1, party: "UA", reference: "UA-H-1", person: PersonDetails(surname: "Петренко"), status: .held(.registered))
        let records = (0...AppDatabase.recordsPerTransmission).map { index in
            var copy = record
            copy.reference = "UA-H-\(index)"
            return copy
        }
        let flood = try Transmission(
            sender: "UA", recipient: "ICRC", sequence: 1, kind: .records, createdAt: "2026-02-05T09:00:00Z",
            payload: .object(["records": .array(records.map(\.canonicalForm))]), digests: records.map(\.stateDigest)
        ).signed(with: ukraine.keys.signing)
        let refusal = #expect(throws: TransmissionError.self) {
            try hub.database.receive(flood.serialized, keys: hub.keys, as: .admin)
        }
        #expect(refusal?.message.contains("10001 records, where a transmission carries at most 10000") == true)
    }

    @Test("a party's records go to the hub only: not queued for another party's node, and refused by one")
    func recordsToTheHubOnly() throws {
        let (ukraine, russia, _) = try Self.network()
        try Self.importHeld(ukraine)
        try ukraine.connect(russia)
        #expect(throws: TransmissionError.notEntitledToReceive(recipient: "RU", kind: .records)) {
            try ukraine.database.transmitRecords(to: "RU", keys: ukraine.keys, as: .admin)
        }
        let records = try ukraine.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records
        let direct = try Transmission(
            sender: "UA", recipient: "RU", sequence: 1, kind: .records, createdAt: "2026-02-05T09:00:00Z",
            payload: .object(["records": .array(records.map(\.canonicalForm))]), digests: records.map(\.stateDigest)
        ).signed(with: ukraine.keys.signing)
        #expect(throws: TransmissionError.notEntitledToReceive(recipient: "RU", kind: .records)) {
            try russia.database.receive(direct.serialized, keys: russia.keys, as: .admin)
        }
    }

    @Test("a second, different transmission under a number already received is refused as evidence of forgery")
    func sequenceReused() throws {
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let sent = try #require(try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin).first)
        try hub.receive(sent, from: ukraine)
        let other = try Transmission(
            sender: "UA", recipient: "ICRC", sequence: 1, kind: .records, createdAt: "2026-02-05T10:00:00Z",
            payload: .object(["records": .array([])])
        ).signed(with: ukraine.keys.signing)
        #expect(throws: FederationError.sequenceReused(sender: "UA", sequence: 1)) {
            try hub.database.receive(other.serialized, keys: hub.keys, as: .admin)
        }
    }

    @Test("the mediator's round and agreement reach a party's node under their ids, and so does the settled basis")
    func talksReachTheParties() throws {
        // Given the hub, which hosts the mediator, records a round and an agreement of 314 with no basis
        let (ukraine, _, hub) = try Self.network()
        let round = try hub.database.recordRound(
            Round(
                venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: PartialDate(parsing: "2026-02-04"), endsOn: PartialDate(parsing: "2026-02-05")),
            as: StoreFixture.mediator)
        let agreement = try hub.database.recordAgreement(
            Agreement(
                round: round.id, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified),
                wording: "314 prisoners"),
            as: StoreFixture.mediator)
        // When the hub transmits the talks to UA
        let sent = try hub.database.transmitTalks(to: "UA", keys: hub.keys, as: .admin)
        #expect(sent.map(\.kind) == [.round, .agreement])
        for entry in sent { try ukraine.receive(entry, from: hub) }
        // Then UA holds them under the same ids, state for state, and both journals verify
        #expect(try ukraine.database.rounds(as: StoreFixture.ukraine) == [round])
        #expect(try ukraine.database.agreements(as: StoreFixture.ukraine).map(\.agreement) == [agreement])
        // When the mediator settles the basis at 157 per side, and the hub transmits again
        _ = try hub.database.settleAgreement(agreement.id, as: .total, as: StoreFixture.mediator)
        let settlement = try hub.database.transmitTalks(to: "UA", keys: hub.keys, as: .admin)
        #expect(settlement.map(\.kind) == [.agreement])
        for entry in settlement { try ukraine.receive(entry, from: hub) }
        // Then UA's agreement is settled too
        let settled = try #require(try ukraine.database.agreements(as: StoreFixture.ukraine).first)
        #expect(settled.agreement.value.quota(for: "UA") == .count(157))
        #expect(try ukraine.database.verifyJournal(as: .admin).isIntact)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
        #expect(try hub.database.transmitTalks(to: "UA", keys: hub.keys, as: .admin).isEmpty)
    }

    @Test("a party's node may not send talks, and terms changed after they were received are refused")
    func talksRefusals() throws {
        let (ukraine, _, hub) = try Self.network()
        // UA's node sending a round of its own
        let form = Saved(
            id: 1,
            try Round(
                venueCity: "Kyiv", venueCountry: "UA", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                startsOn: PartialDate(parsing: "2026-03-01"), endsOn: PartialDate(parsing: "2026-03-01")))
        let forged = try Transmission(
            sender: "UA", recipient: "ICRC", sequence: 1, kind: .round, createdAt: "2026-03-01T09:00:00Z",
            payload: .object(["round": form.canonicalForm]), digests: [form.stateDigest]
        ).signed(with: ukraine.keys.signing)
        #expect(throws: TransmissionError.notEntitled(sender: "UA", kind: .round, about: nil)) {
            try hub.database.receive(forged.serialized, keys: hub.keys, as: .admin)
        }
        // The hub sending UA a round it sent before, with another city
        let round = try hub.database.recordRound(form.value, as: StoreFixture.mediator)
        for entry in try hub.database.transmitTalks(to: "UA", keys: hub.keys, as: .admin) {
            try ukraine.receive(entry, from: hub)
        }
        var moved = round
        moved.venueCity = "Geneva"
        let changed = try Transmission(
            sender: "ICRC", recipient: "UA", sequence: 2, kind: .round, createdAt: "2026-03-02T09:00:00Z",
            payload: .object(["round": moved.canonicalForm]), digests: [moved.stateDigest]
        ).signed(with: hub.keys.signing)
        #expect(throws: FederationError.talksChanged(subject: "round:\(round.id.rawValue)")) {
            try ukraine.database.receive(changed.serialized, keys: ukraine.keys, as: .admin)
        }
        #expect(try ukraine.database.rounds(as: StoreFixture.ukraine).first?.venueCity == "Kyiv")
    }

    @Test("a peer cosigns the journal as it grows, and the node verifies its journal against every cosignature")
    func witnessing() throws {
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let records = try ukraine.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records
        for round in 0..<2 {
            // UA asks the hub to cosign its journal head; the hub answers with its cosignature
            let request = try ukraine.database.requestCosignature(from: "ICRC", keys: ukraine.keys, as: .admin)
            try hub.receive(request, from: ukraine)
            let answer = try #require(try hub.database.transmissions(with: "UA", .sent, as: .admin).last)
            #expect(answer.kind == .cosignature)
            try ukraine.receive(answer, from: hub)
            _ = try ukraine.database.changeStatus(of: records[round].id, to: .held(.deceased), as: StoreFixture.ukraine)
        }
        let cosigned = try ukraine.database.cosignatures(as: .admin)
        #expect(cosigned.count == 2)
        #expect(cosigned.map(\.witness) == ["ICRC", "ICRC"])
        #expect(try hub.database.witnessAlarms(as: .admin).isEmpty)
        let report = try ukraine.database.verifyJournal(as: .admin)
        #expect(report.isIntact)
        #expect(report.checkpoints >= 2)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
    }

    @Test("a journal rewritten after a peer cosigned it is named by the node's own verification")
    func rewrittenAfterCosignature() throws {
        // Given UA's journal cosigned by the hub
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let request = try ukraine.database.requestCosignature(from: "ICRC", keys: ukraine.keys, as: .admin)
        try hub.receive(request, from: ukraine)
        try ukraine.receive(try #require(try hub.database.transmissions(with: "UA", .sent, as: .admin).last), from: hub)
        let size = try #require(try ukraine.database.cosignatures(as: .admin).first?.checkpoint.size)
        // When an entry it covers is rewritten, and the chain rehashed so that the chain alone shows nothing
        try StoreFixture.rawConnection(ukraine.path).write { db in
            try db.execute(sql: "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete")
            try db.execute(sql: "DELETE FROM checkpoint")
            try db.execute(sql: "DROP TRIGGER IF EXISTS checkpoint_append_only_delete")
        }
        try Self.rewriteEntry(3, in: ukraine.path)
        // Then verification names the cosigned checkpoint the journal no longer matches
        let report = try AppDatabase.open(path: ukraine.path, clock: StoreFixture.clock).verifyJournal(as: .admin)
        guard case .checkpointMismatch(let mismatched, let at)? = report.problem else {
            Issue.record("the rewrite was not named: \(String(describing: report.problem))")
            return
        }
        #expect(mismatched == size)
        #expect(at.hasSuffix("cosigned by ICRC"))
    }

    @Test("a node that rewrites its history and asks to be cosigned again is named by its witness, with evidence")
    func witnessNamesARewrite() throws {
        // Given the hub cosigned UA's journal
        let (ukraine, _, hub) = try Self.network()
        try Self.importHeld(ukraine)
        let request = try ukraine.database.requestCosignature(from: "ICRC", keys: ukraine.keys, as: .admin)
        try hub.receive(request, from: ukraine)
        try ukraine.receive(try #require(try hub.database.transmissions(with: "UA", .sent, as: .admin).last), from: hub)
        // When UA's operators replace its database with another history under the same keys (another file
        // imported first, more changes after), keeping the cosignature and the numbering of what was sent
        let rewritten = try TestNode("UA", .party, speaksFor: ["UA"], keys: ukraine.keys)
        _ = try rewritten.database.addPeer(hub.identity, url: nil, tlsFingerprint: nil, as: .admin)
        _ = try rewritten.database.importRegistry(
            file: "held.csv", bytes: StoreFixture.fixture("held-bom.csv"), party: "UA", kind: .held, as: StoreFixture.ukraine)
        for record in try rewritten.database.records(RecordQuery(party: "UA"), as: StoreFixture.ukraine).records {
            _ = try rewritten.database.changeStatus(of: record.id, to: .held(.deceased), as: StoreFixture.ukraine)
        }
        try Self.copyFederationState(from: ukraine.path, to: rewritten.path)
        let again = try rewritten.database.requestCosignature(from: "ICRC", keys: rewritten.keys, as: .admin)
        try hub.receive(again, from: rewritten)
        // Then the hub keeps an alarm naming UA's journal, with the submission as evidence, and tells UA so
        let alarms = try hub.database.witnessAlarms(as: .admin)
        #expect(alarms.count == 1)
        #expect(alarms.first?.peer == "UA")
        #expect(alarms.first?.problem.contains("does not extend the one cosigned") == true)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
        // And UA's replaced node, given what the hub sent, names both: the old cosignature is not of its journal,
        // and the hub refused the new one
        for answer in try hub.database.transmissions(with: "UA", .sent, as: .admin) {
            try rewritten.receive(answer, from: hub)
        }
        let named = try rewritten.database.witnessAlarms(as: .admin).map(\.problem)
        #expect(named.count == 2)
        #expect(named.first?.contains("the journal was rewritten after it was cosigned") == true)
        #expect(named.last?.hasPrefix("ICRC refused to cosign this journal") == true)
        #expect(try rewritten.database.cosignatures(as: .admin).count == 1)
    }

    /// Rewrites one journal entry's detail and rehashes the chain after it, as a careful forger would.
    static func rewriteEntry(_ sequence: Int64, in path: String) throws {
        try StoreFixture.rawConnection(path).write { db in
            try db.execute(
                sql: "UPDATE journal SET detail = ? WHERE sequence = ?", arguments: ["{\"rewritten\":true}", sequence])
            var previous = try Data.fetchOne(db, sql: "SELECT hash FROM journal WHERE sequence = ?", arguments: [sequence - 1])
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM journal WHERE sequence >= ? ORDER BY sequence", arguments: [sequence])
            for row in rows {
                let entry = JournalEntry(
                    sequence: row["sequence"], recordedAt: row["at"], actor: row["actor"], action: row["action"],
                    subject: row["subject"], state: (row["state"] as Data?).flatMap { Digest(bytes: Array($0)) },
                    detail: row["detail"], previous: previous.flatMap { Digest(bytes: Array($0)) } ?? .zero)
                let hash = Data(entry.hash.bytes)
                try db.execute(
                    sql: "UPDATE journal SET previous = ?, hash = ? WHERE sequence = ?",
                    arguments: [Data(entry.previous.bytes), hash, entry.sequence])
                previous = hash
            }
        }
    }

    /// Copies a node's cosigned checkpoints and sent transmissions into another database, behind Parley's back.
    static func copyFederationState(from source: String, to target: String) throws {
        let (cosigned, sent) = try StoreFixture.rawConnection(source).read { db in
            (
                try Row.fetchAll(db, sql: "SELECT witness, size, root, note, at FROM cosigned_checkpoint"),
                try Row.fetchAll(
                    db, sql: "SELECT peer, sequence, kind, digest, note, at, receipt FROM transmission WHERE direction = 'sent'")
            )
        }
        try StoreFixture.rawConnection(target).write { db in
            for row in cosigned {
                try db.execute(
                    sql: "INSERT INTO cosigned_checkpoint (witness, size, root, note, at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [row["witness"], row["size"], row["root"], row["note"], row["at"]])
            }
            for row in sent {
                try db.execute(
                    sql: """
                        INSERT INTO transmission (direction, peer, sequence, kind, digest, note, at, receipt)
                        VALUES ('sent', ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [row["peer"], row["sequence"], row["kind"], row["digest"], row["note"], row["at"], row["receipt"]])
            }
        }
    }
}
