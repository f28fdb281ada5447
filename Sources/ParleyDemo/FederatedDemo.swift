import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore
import ParleySynthetic

/// The seed's story across three nodes, as far as nodes carry it today: UA's and RU's own nodes and the
/// Central Agency's hub (ICRC), which hosts the mediator (US).
///
/// Each party imports its registries on its own node and transmits them to the hub; the hub matches what each
/// party seeks against what the other holds; the mediator's rounds and its agreement of "314 prisoners",
/// then its settlement at 157 per side, reach both parties; each node has its journal cosigned by the
/// other side of its link. Everything travels in files carried between the nodes' folders, encrypted to
/// the node each is for; every step goes through the use cases.
public enum FederatedDemo {
    /// One node of the demo.
    public struct DemoNode: Sendable {
        public let code: Party.Code
        public let database: AppDatabase
        public let path: String
        public let keys: NodeKeys
        public let identity: NodeIdentity
    }

    /// A file carried from one node to another.
    public struct Carried: Sendable {
        public let file: String
        public let from: Party.Code
        public let to: Party.Code
        public let transmissions: Int
        public let receipts: Int
        public let bytes: Int
    }

    /// What the demo built and what travelled.
    public struct Summary: Sendable {
        public let nodes: [DemoNode]
        public let carried: [Carried]
        /// The hub's figures: both parties' registries, as transmitted.
        public let hubCounts: [RecordCount]
        /// Pairs the hub's matching proposed, each way.
        public let candidatePairs: Int
        /// Each node's journal and what it holds of the talks, in the order of ``nodes``.
        public let reports: [NodeReport]
    }

    /// One node at the end of the demo.
    public struct NodeReport: Sendable {
        public let code: Party.Code
        /// Its agreements, as the mediator recorded them or its transmissions left them.
        public let agreements: [AgreementSummary]
        /// Its journal, checked against its own and its cosigned checkpoints.
        public let journal: JournalReport
        /// The cosignatures of its journal that its peers returned.
        public let cosignatures: [CosignedCheckpoint]
    }

    /// Builds the three nodes in `folder`, which must not hold them yet: `ua.sqlite`, `ru.sqlite`, `hub.sqlite`,
    /// and the carried files under `carried/`.
    public static func build(
        in folder: String, seed: UInt64 = AppDatabase.demoSeed, heldPerSide: Int = 300, clock: Clock = .system
    ) async throws -> Summary {
        let parties = [
            Party(code: "UA", name: "Ukraine", roles: [.belligerent]),
            Party(code: "RU", name: "Russian Federation", roles: [.belligerent]),
            Party(code: "US", name: "United States", roles: [.mediator]),
            Party(code: "AE", name: "United Arab Emirates", roles: [.host]),
            Party(code: "ICRC", name: "International Committee of the Red Cross", roles: [.observer]),
        ]
        try FileManager.default.createDirectory(atPath: folder + "/carried", withIntermediateDirectories: true)
        func node(_ code: Party.Code, _ kind: NodeKind, _ file: String, speaksFor: Set<Party.Code>) throws -> DemoNode {
            let path = folder + "/" + file
            guard !FileManager.default.fileExists(atPath: path) else { throw DemoError.nodeExists(path: path) }
            let database = try AppDatabase.open(path: path, clock: clock)
            for party in parties { _ = try database.registerParty(party, as: .admin) }
            let keys = NodeKeys(signing: SigningKey(), encryption: AgeIdentity())
            let identity = try NodeIdentity(
                node: Node(code: code, kind: kind, speaksFor: speaksFor),
                key: NoteKey(name: NodeIdentity.keyName(of: code), type: .ed25519, publicKey: keys.signing.verifyingKey),
                recipient: keys.encryption.recipient)
            _ = try database.initializeNode(identity, keys: keys, as: .admin)
            return DemoNode(code: code, database: database, path: path, keys: keys, identity: identity)
        }
        let ukraine = try node("UA", .party, "ua.sqlite", speaksFor: ["UA"])
        let russia = try node("RU", .party, "ru.sqlite", speaksFor: ["RU"])
        let hub = try node("ICRC", .hub, "hub.sqlite", speaksFor: ["ICRC", "US"])
        for party in [ukraine, russia] {
            _ = try party.database.addPeer(hub.identity, url: nil, tlsFingerprint: nil, as: .admin)
            _ = try hub.database.addPeer(party.identity, url: nil, tlsFingerprint: nil, as: .admin)
        }

        // Each party imports its own registries on its own node.
        let registries = SyntheticRegistries(seed: seed, heldPerSide: heldPerSide, today: SyntheticRegistries.asOf)
        for (party, registry) in [(ukraine, registries.ukraine), (russia, registries.russia)] {
            for (kind, rows) in [(RecordKind.held, registry.held), (.sought, registry.sought)] {
                _ = try party.database.importRegistry(
                    file: "\(party.code.rawValue.lowercased())-\(kind.rawValue).csv",
                    bytes: Array(RegistryFileWriter.file(rows).utf8), party: party.code, kind: kind,
                    as: Principal(.official, for: party.code))
            }
        }

        var carried: [Carried] = []
        /// Carries what `from` has for `to` in a file, and has `to` take it.
        func carry(_ from: DemoNode, _ to: DemoNode) throws {
            let (bytes, content) = try from.database.exportCarry(to: to.code, as: .admin)
            let name = String(format: "carried/%02d-%@-to-%@.age", carried.count + 1, from.code.rawValue, to.code.rawValue)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
            let outcome = try to.database.importCarry(bytes, file: name, keys: to.keys, as: .admin)
            for result in outcome.transmissions {
                if case .failure(let refusal) = result { throw DemoError.refused(refusal.message) }
            }
            carried.append(
                Carried(
                    file: name, from: from.code, to: to.code, transmissions: content.transmissions.count,
                    receipts: content.receipts.count, bytes: bytes.count))
        }

        // The parties transmit their registries to the hub, and ask it to witness their journals.
        for party in [ukraine, russia] {
            _ = try party.database.transmitRecords(to: hub.code, keys: party.keys, as: .admin)
            _ = try party.database.requestCosignature(from: hub.code, keys: party.keys, as: .admin)
            try carry(party, hub)
        }

        // At the hub the ICRC matches each side's sought records against the other's held records.
        let observer = Principal(.observer, for: "ICRC")
        var candidatePairs = 0
        for (seeking, holding) in [(ukraine.code, russia.code), (russia.code, ukraine.code)] {
            candidatePairs += try await hub.database.runMatching(seeking: seeking, holding: holding, as: observer).run
                .candidates.count
        }

        // The mediator records the rounds and the agreement at the hub, which sends them to both parties.
        let mediator = Principal(.mediator, for: "US")
        func day(_ text: String) throws -> PartialDate { try PartialDate(parsing: text) }
        for (from, to) in [("2026-01-23", "2026-01-24"), ("2026-02-04", "2026-02-05")] {
            _ = try hub.database.recordRound(
                Round(
                    venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
                    startsOn: day(from), endsOn: day(to)),
                as: mediator)
        }
        let rounds = try hub.database.rounds(as: mediator)
        guard let secondRound = rounds.last else { throw DemoError.refused("the hub holds no round") }
        let agreement = try hub.database.recordAgreement(
            Agreement(
                round: secondRound.id, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified),
                wording: "agreed to exchange 314 prisoners"),
            as: mediator)
        // With them go the hub's cosignatures of each party's journal and the hub's own head to witness; the
        // receipts and the party's cosignature come back.
        for party in [ukraine, russia] {
            _ = try hub.database.transmitTalks(to: party.code, keys: hub.keys, as: .admin)
            _ = try hub.database.requestCosignature(from: party.code, keys: hub.keys, as: .admin)
            try carry(hub, party)
            try carry(party, hub)
        }
        // The basis is settled at 314 in all, 157 per side, and the settlement travels too.
        _ = try hub.database.settleAgreement(agreement.id, as: .total, as: mediator)
        for party in [ukraine, russia] {
            _ = try hub.database.transmitTalks(to: party.code, keys: hub.keys, as: .admin)
            try carry(hub, party)
            try carry(party, hub)
        }

        let nodes = [ukraine, russia, hub]
        let reports = try nodes.map { node in
            NodeReport(
                code: node.code, agreements: try node.database.agreements(as: mediator),
                journal: try node.database.verifyJournal(as: .admin), cosignatures: try node.database.cosignatures(as: .admin))
        }
        return Summary(
            nodes: nodes, carried: carried, hubCounts: try hub.database.recordCounts(as: .admin), candidatePairs: candidatePairs,
            reports: reports)
    }
}
