import Foundation
import Hummingbird
import ParleyCore
import ParleyLedger
import ParleyStore

/// This node among its peers: its identity, what was sent to and received from each peer with their
/// receipts, the journals it witnesses, the cosignatures of its own, and any alarm a witness raised.
struct NodePage {
    let database: AppDatabase
    let views: Views

    /// How many of the latest transmissions each way the page lists for each peer.
    static let transmissionsShown = 20

    func register(on router: Router<WebContext>) {
        router.get("/node") { _, context in try node(context) }
    }

    private func node(_ context: WebContext) throws -> Response {
        let principal = try context.principal()
        try AccessPolicy.check(principal, .verifyJournal, in: .common)
        guard let this = try database.nodeIfAny() else {
            return try views.page("node", title: "This node", context: context, values: ["notANode": true])
        }
        let witnessed = try database.witnessedJournals(as: principal)
        let cosignatures = try database.cosignatures(as: principal)
        let alarms = try database.witnessAlarms(as: principal)
        var values: [String: Any] = [
            "identity": this.identity.line, "code": this.code.rawValue, "kind": this.identity.node.kind.rawValue,
            "url": this.url ?? "", "fingerprint": this.tlsFingerprint ?? "",
            "hasWitnessed": !witnessed.isEmpty, "hasCosignatures": !cosignatures.isEmpty, "hasAlarms": !alarms.isEmpty,
            "witnessed": witnessed.map { log in
                ["origin": log.origin, "size": log.size, "root": log.root.hex] as [String: Any]
            },
            "cosignatures": cosignatures.reversed().map { cosigned in
                [
                    "witness": cosigned.witness.rawValue, "size": cosigned.checkpoint.size, "root": cosigned.checkpoint.root.hex,
                    "at": cosigned.at,
                ] as [String: Any]
            },
            "alarms": alarms.reversed().map { alarm in
                ["peer": alarm.peer.rawValue, "problem": alarm.problem, "at": alarm.at] as [String: Any]
            },
        ]
        if AccessPolicy.permits(principal, .exchangeTransmissions, in: .common) {
            let peers = try database.peers(as: principal)
            values["hasPeers"] = !peers.isEmpty
            values["peers"] = try peers.map { peer in
                let sent = try database.transmissions(with: peer.code, .sent, as: principal)
                let received = try database.transmissions(with: peer.code, .received, as: principal)
                return [
                    "code": peer.code.rawValue, "kind": peer.identity.node.kind.rawValue, "url": peer.url ?? "carried by hand",
                    "pinned": peer.tlsFingerprint.map { String($0.prefix(16)) + "…" } ?? "",
                    "sent": sent.count, "unreceipted": sent.filter { $0.receipt == nil }.count, "received": received.count,
                    "waiting": received.filter { $0.appliedAt == nil }.count,
                    "transmissions": (sent.suffix(Self.transmissionsShown) + received.suffix(Self.transmissionsShown))
                        .sorted { $0.at > $1.at }.map(Self.row),
                ] as [String: Any]
            }
        }
        return try views.page("node", title: "Node \(this.code.rawValue)", context: context, values: values)
    }

    /// A transmission as the page lists it.
    private static func row(_ entry: TransmissionEntry) -> [String: Any] {
        [
            "direction": entry.direction == .sent ? "sent" : "received", "sequence": entry.sequence,
            "kind": entry.kind.rawValue, "at": entry.at, "digest": String(entry.digest.hex.prefix(16)),
            "state": entry.stateWording,
        ]
    }
}
