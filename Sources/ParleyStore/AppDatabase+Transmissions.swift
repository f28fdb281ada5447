import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// What became of a transmission given to this node.
public enum ReceiveOutcome: Sendable, Hashable {
    /// Applied, with any that waited for it, in order of sequence; each now holds the receipt this node signed.
    case applied([TransmissionEntry])
    /// Received before: nothing changed; the entry holds the receipt given then, if it was applied.
    case duplicate(TransmissionEntry)
    /// Kept, unapplied, until the transmissions before it arrive: `missing` is the first of them.
    case waiting(TransmissionEntry, missing: Int64)
}

extension AppDatabase {
    /// Queues for `peer` the records of this node's parties added or changed since the last records sent to
    /// it, signed with the node key, in transmissions of at most ``recordsPerTransmission`` each; none when
    /// there is nothing new.
    public func transmitRecords(
        to peer: Party.Code, keys: NodeKeys, as principal: Principal
    ) throws -> [TransmissionEntry] {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.sender(keys, to: peer, in: db)
            let recipient = try Self.requirePeer(peer, in: db)
            guard NodePolicy.entitles(recipient.identity.node, to: .records, from: this.identity.node) else {
                throw TransmissionError.notEntitledToReceive(recipient: peer, kind: .records)
            }
            let parties = this.identity.node.speaksFor.sorted { $0.rawValue < $1.rawValue }
            for party in parties where !NodePolicy.permits(this.identity.node, .records, about: party) {
                throw TransmissionError.notEntitled(sender: this.code, kind: .records, about: party)
            }
            guard !parties.isEmpty else { throw TransmissionError.notEntitled(sender: this.code, kind: .records, about: nil) }
            let through = try Self.sentThrough(to: peer, kinds: [.records], in: db)
            let records = try Self.recordsChanged(after: through, of: parties, in: db)
            let chunks = stride(from: 0, to: records.count, by: Self.recordsPerTransmission).map { start in
                records[start..<min(start + Self.recordsPerTransmission, records.count)]
            }
            return try Self.queue(
                chunks.map { chunk in
                    (.records, .object(["records": .array(chunk.map(\.canonicalForm))]), chunk.map(\.stateDigest))
                }, from: this, to: peer, keys: keys, as: principal, at: recordedAt, in: db)
        }
    }

    /// The most records one transmission carries: a registry of a hundred thousand goes in ten, each a few
    /// megabytes, applied and receipted one by one.
    public static let recordsPerTransmission = 10_000

    /// The transmissions sent to `peer`, or received from it, in order of sequence.
    public func transmissions(
        with peer: Party.Code, _ direction: TransmissionEntry.Direction, as principal: Principal
    ) throws -> [TransmissionEntry] {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        return try writer.read { db in try Self.transmissions(direction, with: peer, in: db) }
    }

    /// Takes a transmission from a peer: checks it whole (form, address, registered sender, signature, what the
    /// sender may speak for, each record's digest), then applies it and any that waited for it, journals each,
    /// and signs a receipt for each; all of it or, on any refusal, nothing.
    public func receive(_ text: String, keys: NodeKeys, as principal: Principal) throws -> ReceiveOutcome {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.requireSelf(in: db)
            try Self.requireKeys(keys, of: this.identity)
            let peers = try Self.allNodes(db).filter { !$0.isSelf }
            let signed = try SignedTransmission(parsing: text, to: this.code) { code in
                peers.first { $0.code == code }?.identity.key
            }
            let transmission = signed.transmission
            guard let sender = peers.first(where: { $0.code == transmission.sender }) else {
                throw TransmissionError.unknownSender(transmission.sender)
            }
            if let earlier = try Self.transmission(.received, with: sender.code, sequence: transmission.sequence, in: db) {
                guard earlier.digest == signed.digest else {
                    throw FederationError.sequenceReused(sender: sender.code, sequence: transmission.sequence)
                }
                return .duplicate(earlier)
            }
            // Checked now, whether it is applied now or waits: a refusal must come while the sender can hear it.
            guard NodePolicy.entitles(this.identity.node, to: transmission.kind, from: sender.identity.node) else {
                throw TransmissionError.notEntitledToReceive(recipient: this.code, kind: transmission.kind)
            }
            let checked = try Self.check(transmission, from: sender)
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            let expected =
                (try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT max(sequence) FROM transmission
                        WHERE direction = 'received' AND peer = ? AND applied_at IS NOT NULL
                        """, arguments: [sender.code.rawValue]) ?? 0) + 1
            let entry = TransmissionEntry(
                direction: .received, peer: sender.code, sequence: transmission.sequence, kind: transmission.kind,
                note: signed.serialized, at: recordedAt)
            try Self.insert(entry, digest: signed.digest, in: db)
            guard transmission.sequence == expected else {
                try journal.append(.transmissionReceive, entry)
                return .waiting(entry, missing: expected)
            }
            let now = UInt64(max(0, clock.now().timeIntervalSince1970))
            var applied = [
                try Self.apply(
                    entry, signed, checked: checked, journaledAs: .transmissionReceive, this: this, keys: keys,
                    journal: &journal, at: recordedAt, now: now, in: db)
            ]
            // Those that waited for this one, in order, as long as there is no gap.
            var next = transmission.sequence + 1
            while let waiting = try Self.transmission(.received, with: sender.code, sequence: next, in: db),
                waiting.appliedAt == nil
            {
                let text = try SignedTransmission(parsing: waiting.note, to: this.code) { _ in sender.identity.key }
                applied.append(
                    try Self.apply(
                        waiting, text, journaledAs: .transmissionApply, this: this, keys: keys, journal: &journal,
                        at: recordedAt, now: now, in: db))
                next += 1
            }
            return .applied(applied)
        }
    }

    /// Keeps a peer's receipt for a transmission this node sent it, once it checks: signed by that peer, and
    /// naming the transmission by its number and digest.
    public func acceptReceipt(_ text: String, as principal: Principal) throws -> TransmissionEntry {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.requireSelf(in: db)
            let peers = try Self.allNodes(db).filter { !$0.isSelf }
            let receipt = try Receipt(parsing: text) { code in peers.first { $0.code == code }?.identity.key }
            guard receipt.sender == this.code else {
                throw FederationError.notForThisNode("the receipt is for transmissions of \(receipt.sender.rawValue)")
            }
            guard
                let sent = try Self.transmission(.sent, with: receipt.receiver, sequence: receipt.sequence, in: db),
                sent.digest == receipt.transmission
            else { throw FederationError.receiptForUnknownTransmission(receiver: receipt.receiver, sequence: receipt.sequence) }
            if sent.receipt != nil { return sent }
            let updated = TransmissionEntry(
                direction: .sent, peer: sent.peer, sequence: sent.sequence, kind: sent.kind, note: sent.note, at: sent.at,
                receipt: text, journalThrough: sent.journalThrough)
            try db.execute(
                sql: "UPDATE transmission SET receipt = ? WHERE direction = 'sent' AND peer = ? AND sequence = ?",
                arguments: [text, sent.peer.rawValue, sent.sequence])
            var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
            try journal.append(.transmissionReceipt, updated, detail: ["journal_size": .integer(receipt.journalSize)])
            return updated
        }
    }

    // MARK: - Sending

    /// Signs `transmission`, stores it as sent, and journals it, in the caller's transaction.
    static func queue(
        _ transmission: Transmission, keys: NodeKeys, journalThrough: Int64? = nil, journal: inout JournalWriter, at: String,
        in db: Database
    ) throws -> TransmissionEntry {
        let signed = try transmission.signed(with: keys.signing)
        let entry = TransmissionEntry(
            direction: .sent, peer: transmission.recipient, sequence: transmission.sequence, kind: transmission.kind,
            note: signed.serialized, at: at, journalThrough: journalThrough)
        try insert(entry, digest: signed.digest, in: db)
        try journal.append(.transmissionSend, entry, detail: ["digest": .string(signed.digest.hex)])
        return entry
    }

    /// This node, once `keys` are shown to be its keys and `peer` a registered peer: the start of every
    /// use case that sends.
    static func sender(_ keys: NodeKeys, to peer: Party.Code, in db: Database) throws -> NodeEntry {
        let this = try requireSelf(in: db)
        try requireKeys(keys, of: this.identity)
        _ = try requirePeer(peer, in: db)
        return this
    }

    /// The journal sequence that the last transmissions of `kinds` to `peer` were read through: what came
    /// after it has not been sent. 0 before the first.
    static func sentThrough(to peer: Party.Code, kinds: [TransmissionKind], in db: Database) throws -> Int64 {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        return try Int64.fetchOne(
            db,
            sql: """
                SELECT coalesce(max(journal_through), 0) FROM transmission
                WHERE direction = 'sent' AND peer = ? AND kind IN (\(placeholders))
                """, arguments: [peer.rawValue] + StatementArguments(kinds.map(\.rawValue))) ?? 0
    }

    /// Queues one transmission for each payload, numbered on from the last sent to `peer`, each marked as read
    /// through the journal as it is now, and journals them: in the caller's transaction.
    static func queue(
        _ payloads: [(kind: TransmissionKind, payload: CanonicalJSON, digests: [Digest])], from this: NodeEntry,
        to peer: Party.Code, keys: NodeKeys, as principal: Principal, at recordedAt: String, in db: Database
    ) throws -> [TransmissionEntry] {
        let readThrough = try lastSequence(db)
        var journal = try JournalWriter(db, actor: principal, recordedAt: recordedAt)
        let first = try nextSequence(to: peer, in: db)
        return try payloads.enumerated().map { offset, item in
            let transmission = Transmission(
                sender: this.code, recipient: peer, sequence: first + Int64(offset), kind: item.kind, createdAt: recordedAt,
                payload: item.payload, digests: item.digests)
            return try queue(
                transmission, keys: keys, journalThrough: readThrough, journal: &journal, at: recordedAt, in: db)
        }
    }

    static func nextSequence(to peer: Party.Code, in db: Database) throws -> Int64 {
        (try Int64.fetchOne(
            db, sql: "SELECT max(sequence) FROM transmission WHERE direction = 'sent' AND peer = ?", arguments: [peer.rawValue])
            ?? 0) + 1
    }

    /// The records of `parties` whose journal entries come after `sequence`: every one of them from 0.
    private static func recordsChanged(
        after sequence: Int64, of parties: [Party.Code], in db: Database
    ) throws -> [RegistryRecord] {
        let placeholders = parties.map { _ in "?" }.joined(separator: ", ")
        let partyArguments = StatementArguments(parties.map(\.rawValue))
        if sequence == 0 {
            return try RegistryRecord.fetchAll(
                db, sql: "SELECT \(RegistryRecord.selection) FROM record WHERE party IN (\(placeholders)) ORDER BY id",
                arguments: partyArguments)
        }
        return try RegistryRecord.fetchAll(
            db,
            sql: """
                SELECT \(RegistryRecord.selection) FROM record WHERE party IN (\(placeholders)) AND id IN (
                    SELECT CAST(substr(subject, 8) AS INTEGER) FROM journal WHERE sequence > ? AND subject GLOB 'record:*')
                ORDER BY id
                """, arguments: partyArguments + [sequence])
    }

    // MARK: - Receiving

    /// What `transmission` is about, once it is known that its sender may send it: the parties of its records.
    @discardableResult
    static func check(_ transmission: Transmission, from sender: NodeEntry) throws -> [RegistryRecord] {
        let node = sender.identity.node
        switch transmission.kind {
        case .records:
            let records = try payloadRecords(transmission)
            for party in Set(records.map(\.party)) where !NodePolicy.permits(node, .records, about: party) {
                throw TransmissionError.notEntitled(sender: node.code, kind: .records, about: party)
            }
            return records
        case .round, .agreement:
            _ = try transmittedTalks(transmission, from: sender)
            return []
        case .checkpoint, .cosignature:
            guard NodePolicy.permits(node, transmission.kind, about: nil) else {
                throw TransmissionError.notEntitled(sender: node.code, kind: transmission.kind, about: nil)
            }
            return []
        default:
            throw TransmissionError.malformed(
                field: "kind", problem: "this node does not yet apply \(transmission.kind.rawValue) transmissions")
        }
    }

    /// The records a records transmission carries, each checked against the digest it states.
    static func payloadRecords(_ transmission: Transmission) throws -> [RegistryRecord] {
        guard case .object(let members) = transmission.payload, case .array(let forms) = members["records"] else {
            throw TransmissionError.malformed(field: "payload", problem: "a records transmission holds a list of records")
        }
        guard forms.count <= recordsPerTransmission else {
            throw TransmissionError.malformed(
                field: "payload",
                problem: "\(forms.count) records, where a transmission carries at most \(recordsPerTransmission)")
        }
        guard forms.count == transmission.digests.count else {
            throw TransmissionError.malformed(
                field: "digests", problem: "\(transmission.digests.count) digests for \(forms.count) records")
        }
        return try forms.enumerated().map { position, form in
            // The decoded record writes its form back exactly when the form is a record's, so its digest is the
            // form's, computed on the fast path.
            let record = try RegistryRecord(canonical: form)
            let found = record.stateDigest
            guard found == transmission.digests[position] else {
                throw TransmissionError.digestMismatch(position: position, expected: transmission.digests[position], found: found)
            }
            return record
        }
    }

    /// Applies a checked transmission, journals it and signs its receipt, in the caller's transaction.
    private static func apply(
        _ entry: TransmissionEntry, _ signed: SignedTransmission, checked: [RegistryRecord]? = nil,
        journaledAs action: JournalAction, this: NodeEntry, keys: NodeKeys, journal: inout JournalWriter, at recordedAt: String,
        now: UInt64, in db: Database
    ) throws -> TransmissionEntry {
        let transmission = signed.transmission
        guard let sender = try node(transmission.sender, in: db) else {
            throw TransmissionError.unknownSender(transmission.sender)
        }
        let records = try checked ?? check(transmission, from: sender)
        switch transmission.kind {
        case .records:
            try receiveRecords(records, from: transmission, journal: &journal, in: db)
        case .checkpoint:
            try cosignCheckpoint(transmission, from: sender, keys: keys, journal: &journal, at: recordedAt, now: now, in: db)
        case .cosignature:
            try keepCosignature(transmission, from: sender, journal: &journal, at: recordedAt, in: db)
        case .round, .agreement:
            try receiveTalks(try transmittedTalks(transmission, from: sender), from: transmission, journal: &journal, in: db)
        default:
            break
        }
        let receipt = Receipt(
            receiver: this.code, sender: sender.code, sequence: transmission.sequence, transmission: signed.digest,
            journalSize: try lastSequence(db), receivedAt: recordedAt)
        let receiptText = try receipt.signed(with: keys.signing).serialized
        let applied = TransmissionEntry(
            direction: .received, peer: entry.peer, sequence: entry.sequence, kind: entry.kind, note: entry.note, at: entry.at,
            appliedAt: recordedAt, receipt: receiptText)
        try db.execute(
            sql: "UPDATE transmission SET applied_at = ?, receipt = ? WHERE direction = 'received' AND peer = ? AND sequence = ?",
            arguments: [recordedAt, receiptText, entry.peer.rawValue, entry.sequence])
        try journal.append(action, applied)
        return applied
    }

    /// Adds the records it does not hold, and takes the changes of those it does; a name never changes.
    private static func receiveRecords(
        _ records: [RegistryRecord], from transmission: Transmission, journal: inout JournalWriter, in db: Database
    ) throws {
        let detail = CanonicalJSON.object([
            "from": .string(transmission.sender.rawValue), "sequence": .integer(transmission.sequence),
        ]).serialized
        let columns = RegistryRecord.CanonicalField.allCases.filter { $0 != .id }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO record (\(columns.map(\.name).joined(separator: ", ")))
                VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
                """)
        let update = try db.cachedStatement(
            sql: "UPDATE record SET \(columns.map { "\($0.name) = ?" }.joined(separator: ", ")) WHERE id = ?")
        // The ids of the records already held, by party, kind and reference: read once for each registry.
        var held: [String: [String: Int64]] = [:]
        var added = false
        for received in records {
            let registry = "\(received.party.rawValue) \(received.kind.rawValue)"
            if held[registry] == nil {
                _ = try requireParty(received.party, in: db)
                held[registry] = Dictionary(
                    try Row.fetchAll(
                        db, sql: "SELECT reference, id FROM record WHERE party = ? AND kind = ?",
                        arguments: [received.party.rawValue, received.kind.rawValue]
                    ).map { ($0["reference"], $0["id"]) }, uniquingKeysWith: { first, _ in first })
            }
            var record = received
            if let id = held[registry]?[received.reference] {
                guard let existing = try RegistryRecord.fetch(RegistryRecord.ID(rawValue: id), in: db) else {
                    throw StoreError.unknownRecord(RegistryRecord.ID(rawValue: id))
                }
                record.id = existing.id
                guard record != existing else { continue }
                let person = existing.person
                guard received.person.surname == person.surname, received.person.givenName == person.givenName,
                    received.person.patronymic == person.patronymic
                else { throw FederationError.nameChanged(reference: received.reference) }
                try update.execute(arguments: StatementArguments(columnValues(of: record, columns)) + [id])
            } else {
                try insert.execute(arguments: StatementArguments(columnValues(of: received, columns)))
                record.id = RegistryRecord.ID(db.lastInsertedRowID)
                held[registry]?[received.reference] = record.id.rawValue
                added = true
            }
            try journal.append(
                action: .recordReceive, subject: record.journalSubject, state: record.stateDigest, canonicalDetail: detail)
        }
        if added { try indexNames(in: db) }
    }

    /// The values the record gives `columns`: each field is the column of its name.
    private static func columnValues(
        of record: RegistryRecord, _ columns: [RegistryRecord.CanonicalField]
    ) -> [DatabaseValueConvertible?] {
        columns.map { field in
            switch record.value(of: field) {
            case .text(let text): text
            case .integer(let integer): integer
            case .flag(let flag): flag ? 1 : 0
            case nil: nil
            }
        }
    }

    // MARK: - Reading

    static func transmissions(
        _ direction: TransmissionEntry.Direction, with peer: Party.Code, in db: Database
    ) throws -> [TransmissionEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT direction, peer, sequence, kind, note, at, applied_at, receipt, journal_through FROM transmission
                WHERE direction = ? AND peer = ? ORDER BY sequence
                """, arguments: [direction.rawValue, peer.rawValue]
        ).map(transmissionEntry)
    }

    static func transmission(
        _ direction: TransmissionEntry.Direction, with peer: Party.Code, sequence: Int64, in db: Database
    ) throws -> TransmissionEntry? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT direction, peer, sequence, kind, note, at, applied_at, receipt, journal_through FROM transmission
                WHERE direction = ? AND peer = ? AND sequence = ?
                """, arguments: [direction.rawValue, peer.rawValue, sequence]
        ).map(transmissionEntry)
    }

    static func allTransmissions(_ db: Database) throws -> [TransmissionEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT direction, peer, sequence, kind, note, at, applied_at, receipt, journal_through FROM transmission
                ORDER BY direction, peer, sequence
                """
        ).map(transmissionEntry)
    }

    private static func transmissionEntry(_ row: Row) throws -> TransmissionEntry {
        let directionName: String = row["direction"]
        let kindName: String = row["kind"]
        guard let direction = TransmissionEntry.Direction(rawValue: directionName) else {
            throw StoredValueError(table: "transmission", column: "direction", value: directionName)
        }
        guard let kind = TransmissionKind(rawValue: kindName) else {
            throw StoredValueError(table: "transmission", column: "kind", value: kindName)
        }
        return TransmissionEntry(
            direction: direction, peer: Party.Code(rawValue: row["peer"] as String), sequence: row["sequence"], kind: kind,
            note: row["note"], at: row["at"], appliedAt: row["applied_at"], receipt: row["receipt"],
            journalThrough: row["journal_through"])
    }

    private static func insert(_ entry: TransmissionEntry, digest: Digest, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO transmission (direction, peer, sequence, kind, digest, note, at, applied_at, receipt, journal_through)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.direction.rawValue, entry.peer.rawValue, entry.sequence, entry.kind.rawValue, digest.hex, entry.note,
                entry.at, entry.appliedAt, entry.receipt, entry.journalThrough,
            ])
    }
}

/// What came of each item of a carried file.
public struct CarryOutcome: Sendable {
    public let from: Party.Code
    /// Each transmission, by its place in the file: what became of it, or why it was refused.
    public let transmissions: [Result<ReceiveOutcome, TransmissionRefusal>]
    /// Each receipt: the sent transmission it completes, or why it was refused.
    public let receipts: [Result<TransmissionEntry, TransmissionRefusal>]
    /// Why the sender of the file refused items this node sent it (in the answer to a request of the API).
    public let refusedThere: [CarriedRefusal]
}

/// Why one item of a carried file was refused; the others are taken on their own merits.
public struct TransmissionRefusal: Error, Sendable {
    public let code: String
    public let message: String
    public let remedy: String

    init(_ error: any Error) {
        if let error = error as? any ParleyError {
            (code, message, remedy) = (error.code, error.message, error.remedy)
        } else {
            (code, message, remedy) = ("transmission.failed", "\(error)", "Ask the sender to send it again")
        }
    }
}

extension AppDatabase {
    /// The file to carry to `peer`: the transmissions it has not receipted, in order of sequence, and the
    /// receipts for what it sent, encrypted to its age key.
    ///
    /// - Parameters:
    ///   - maxBytes: the most bytes of transmissions the file holds (at least one transmission), so that an
    ///     answer over the federation API stays a bounded size; `nil` for all of them.
    ///   - refusals: why items `peer` sent were refused, for the answer to its request.
    public func exportCarry(
        to peer: Party.Code, maxBytes: Int? = nil, refusals: [CarriedRefusal] = [], as principal: Principal
    ) throws -> (file: [UInt8], carry: CarryFile) {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let (recipient, carry) = try writer.read { db in
            let this = try Self.requireSelf(in: db)
            let recipient = try Self.requirePeer(peer, in: db)
            var notes: [String] = []
            var bytes = 0
            for entry in try Self.transmissions(.sent, with: peer, in: db) where entry.receipt == nil {
                bytes += entry.note.utf8.count
                if let maxBytes, bytes > maxBytes, !notes.isEmpty { break }
                notes.append(entry.note)
            }
            let carry = CarryFile(
                from: this.code, to: peer, transmissions: notes,
                receipts: try Self.transmissions(.received, with: peer, in: db).compactMap(\.receipt), refusals: refusals)
            return (recipient, carry)
        }
        return (try carry.encrypted(to: recipient.identity.recipient), carry)
    }

    /// Opens a carried file with this node's identity and takes each item on its own merits: the receipts
    /// first, then the transmissions in order; a refused item changes nothing and does not stop the others.
    public func importCarry(_ bytes: [UInt8], file: String, keys: NodeKeys, as principal: Principal) throws -> CarryOutcome {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let carry = try CarryFile(opening: bytes, with: keys.encryption, file: file)
        let this = try thisNode()
        guard carry.to == this.code else {
            throw FederationError.notForThisNode(
                "\(file) was written for \(carry.to.rawValue), not for this node, \(this.code.rawValue)")
        }
        return take(carry, keys: keys, as: principal)
    }

    /// Takes each item of an opened carry file addressed to this node: the one way in for a file carried
    /// by hand and for a request or answer of the federation API.
    func take(_ carry: CarryFile, keys: NodeKeys, as principal: Principal) -> CarryOutcome {
        let receipts = carry.receipts.map { text in
            Result { try acceptReceipt(text, as: principal) }.mapError(TransmissionRefusal.init)
        }
        let transmissions = carry.transmissions.map { text in
            Result { try receive(text, keys: keys, as: principal) }.mapError(TransmissionRefusal.init)
        }
        return CarryOutcome(from: carry.from, transmissions: transmissions, receipts: receipts, refusedThere: carry.refusals)
    }
}
