import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// Rounds and agreements travel from the mediator's node (or the hub that hosts the mediator) to the parties'
/// nodes. They keep the ids the mediator's node gave them, so that an agreement names its round the same
/// way on every node and its journaled state has the same digest everywhere; a settled basis travels as
/// the agreement's new state.
extension AppDatabase {
    /// Queues for `peer` every round and agreement recorded or settled since the last sent to it: rounds
    /// first, each in a transmission of its own.
    public func transmitTalks(to peer: Party.Code, keys: NodeKeys, as principal: Principal) throws -> [TransmissionEntry] {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            let this = try Self.sender(keys, to: peer, in: db)
            for kind in [TransmissionKind.round, .agreement] where !NodePolicy.permits(this.identity.node, kind, about: nil) {
                throw TransmissionError.notEntitled(sender: this.code, kind: kind, about: nil)
            }
            let through = try Self.sentThrough(to: peer, kinds: [.round, .agreement], in: db)
            let changed = Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT subject FROM journal
                        WHERE sequence > ? AND (subject GLOB 'round:*' OR subject GLOB 'agreement:*')
                        """, arguments: [through]))
            let rounds = try Self.allRounds(db).filter { changed.contains($0.journalSubject) }
            let agreements = try Self.allAgreements(db).filter { changed.contains($0.journalSubject) }
            return try Self.queue(
                rounds.map { (.round, .object(["round": $0.canonicalForm]), [$0.stateDigest]) }
                    + agreements.map { (.agreement, .object(["agreement": $0.canonicalForm]), [$0.stateDigest]) },
                from: this, to: peer, keys: keys, as: principal, at: recordedAt, in: db)
        }
    }

    /// The round or agreement a transmission carries, once its sender may send it and its digest is the one stated.
    static func transmittedTalks(_ transmission: Transmission, from sender: NodeEntry) throws -> TransmittedTalks {
        guard NodePolicy.permits(sender.identity.node, transmission.kind, about: nil) else {
            throw TransmissionError.notEntitled(sender: sender.code, kind: transmission.kind, about: nil)
        }
        guard case .object(let members) = transmission.payload, let form = members[transmission.kind.rawValue],
            transmission.digests.count == 1
        else {
            throw TransmissionError.malformed(
                field: "payload", problem: "a \(transmission.kind.rawValue) transmission holds one \(transmission.kind.rawValue)")
        }
        let talks: TransmittedTalks
        let digest: Digest
        switch transmission.kind {
        case .round:
            let round = try Saved<Round>(canonical: form)
            (talks, digest) = (.round(round), round.stateDigest)
        case .agreement:
            let agreement = try Saved<Agreement>(canonical: form)
            (talks, digest) = (.agreement(agreement), agreement.stateDigest)
        default:
            throw TransmissionError.malformed(field: "kind", problem: "\(transmission.kind.rawValue) is not talks")
        }
        guard digest == transmission.digests[0] else {
            throw TransmissionError.digestMismatch(position: 0, expected: transmission.digests[0], found: digest)
        }
        return talks
    }

    /// Adds a round or agreement under its id, or takes an agreement's settled basis; anything else that
    /// differs from what was received before is refused.
    static func receiveTalks(
        _ talks: TransmittedTalks, from transmission: Transmission, journal: inout JournalWriter, in db: Database
    ) throws {
        let detail: [String: CanonicalJSON] = [
            "node": .string(transmission.sender.rawValue), "sequence": .integer(transmission.sequence),
        ]
        switch talks {
        case .round(let round):
            if let existing = try self.round(round.id, in: db) {
                guard existing == round else { throw FederationError.talksChanged(subject: round.journalSubject) }
                return
            }
            let stored = try insertRound(round.value, id: round.id, in: db)
            try journal.append(.roundRecord, stored, detail: detail)
        case .agreement(let agreement):
            guard let existing = try self.agreement(agreement.id, in: db) else {
                let stored = try insertAgreement(agreement.value, id: agreement.id, in: db)
                try journal.append(.agreementRecord, stored, detail: detail)
                return
            }
            guard existing != agreement else { return }
            // The one change an agreement takes: an unspecified basis settled, everything else the same.
            var settled = existing
            settled.quantity = agreement.quantity
            guard settled == agreement, let before = existing.quantity, let after = agreement.quantity,
                before.basis == .unspecified, after.basis != .unspecified
            else { throw FederationError.talksChanged(subject: agreement.journalSubject) }
            try db.execute(
                sql: "UPDATE agreement SET basis = ? WHERE id = ?", arguments: [after.basis.rawValue, agreement.id.rawValue])
            try journal.append(
                .agreementSettle, agreement,
                detail: detail.merging(["from": .string(before.basis.rawValue), "to": .string(after.basis.rawValue)]) {
                    first, _ in first
                })
        }
    }
}

/// A round or an agreement, as a transmission carries it.
enum TransmittedTalks {
    case round(Saved<Round>)
    case agreement(Saved<Agreement>)
}
