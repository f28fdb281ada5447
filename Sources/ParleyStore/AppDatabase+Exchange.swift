import Foundation
import ParleyCore
import ParleyLedger

/// What one `parley sync` with one peer did.
public struct SyncReport: Sendable {
    public let peer: Party.Code
    /// The requests made: each carried what waited and brought back the peer's answer.
    public internal(set) var requests = 0
    /// This node's transmissions the peer receipted during the sync, in order.
    public internal(set) var receipted: [TransmissionEntry] = []
    /// The peer's transmissions taken, each as ``AppDatabase/receive(_:keys:as:)`` reported it.
    public internal(set) var received: [ReceiveOutcome] = []
    /// The peer's transmissions and receipts this node refused.
    public internal(set) var refusedHere: [TransmissionRefusal] = []
    /// This node's transmissions and receipts the peer refused, with its reasons.
    public internal(set) var refusedThere: [CarriedRefusal] = []
    /// Transmissions to the peer that still have no receipt.
    public internal(set) var stillWaiting = 0
}

extension AppDatabase {
    /// The most bytes of transmissions one request or answer of the federation API carries: a registry of
    /// a hundred thousand records travels in a few requests, each answered before the next.
    public static let exchangeBytes = 32 * 1024 * 1024

    /// The most requests one sync makes with one peer; each that makes progress is followed by another.
    static let syncRequests = 256

    /// Answers one request of the federation API: checks its signed header (a registered peer, addressed
    /// to this node, within the time window, over this body), opens the body (a carry file encrypted to
    /// this node), takes each item exactly as `parley inbox import` would, and answers with a carry file
    /// encrypted to the peer: the receipts for what it sent, why any item was refused, and what waits for it.
    ///
    /// The node itself takes what came, as the administrator would with `parley inbox import`.
    public func answerExchange(_ body: [UInt8], request header: String?, keys: NodeKeys) throws -> [UInt8] {
        guard let header else { throw PeerRequestError.missing }
        let principal = Principal.admin
        let (this, peers) = try writer.read { db in
            (try Self.requireSelf(in: db), try Self.allNodes(db).filter { !$0.isSelf })
        }
        try Self.requireKeys(keys, of: this.identity)
        let request = try PeerRequest(
            verifying: header, to: this.code, body: Digest.sha256(body), now: UInt64(max(0, clock.now().timeIntervalSince1970)),
            peerKey: { code in peers.first { $0.code == code }?.identity.key })
        let carry = try CarryFile(opening: body, with: keys.encryption, file: "the request of \(request.from.rawValue)")
        guard carry.from == request.from, carry.to == this.code else {
            throw FederationError.notForThisNode(
                "the request of \(request.from.rawValue) carries a file from \(carry.from.rawValue) to \(carry.to.rawValue)")
        }
        let outcome = take(carry, keys: keys, as: principal)
        var refusals: [CarriedRefusal] = []
        for (text, result) in zip(carry.receipts, outcome.receipts) {
            if case .failure(let refusal) = result { refusals.append(CarriedRefusal(text, refusal)) }
        }
        for (text, result) in zip(carry.transmissions, outcome.transmissions) {
            if case .failure(let refusal) = result { refusals.append(CarriedRefusal(text, refusal)) }
        }
        return try exportCarry(to: request.from, maxBytes: Self.exchangeBytes, refusals: refusals, as: principal).file
    }

    /// Exchanges with `peer` until neither side has anything new for the other: each request carries the
    /// transmissions the peer has not receipted and the receipts for what it sent; each answer is taken as
    /// a carried file is. A request that fails (the peer is down, the line drops) loses nothing: what was
    /// taken stays taken, what was not waits for the next sync.
    ///
    /// - Parameter exchange: sends one signed request with its body and returns the answer's body; the
    ///   HTTPS client in the web adapter, or a peer's ``answerExchange(_:request:keys:)`` in a test.
    public func sync(
        with peer: Party.Code, keys: NodeKeys, as principal: Principal,
        exchange: (_ body: [UInt8], _ header: String) async throws -> [UInt8]
    ) async throws -> SyncReport {
        try AccessPolicy.check(principal, .exchangeTransmissions, in: .common)
        let this = try thisNode()
        try Self.requireKeys(keys, of: this.identity)
        var report = SyncReport(peer: peer)
        while report.requests < Self.syncRequests {
            let (file, carry) = try exportCarry(to: peer, maxBytes: Self.exchangeBytes, as: principal)
            let header = try PeerRequest(
                from: this.code, to: peer, at: UInt64(max(0, clock.now().timeIntervalSince1970)),
                body: Digest.sha256(file)
            ).signed(with: keys.signing)
            let answer = try await exchange(file, header)
            report.requests += 1
            let answerCarry = try CarryFile(opening: answer, with: keys.encryption, file: "the answer of \(peer.rawValue)")
            guard answerCarry.from == peer, answerCarry.to == this.code else {
                throw FederationError.notForThisNode(
                    "the answer of \(peer.rawValue) carries a file from \(answerCarry.from.rawValue) to \(answerCarry.to.rawValue)"
                )
            }
            let outcome = take(answerCarry, keys: keys, as: principal)
            let sentNow = Set(carry.transmissions)
            let receiptedNow = outcome.receipts.compactMap { try? $0.get() }.filter { sentNow.contains($0.note) }
            report.receipted += receiptedNow
            var appliedAny = false
            for result in outcome.transmissions {
                switch result {
                case .success(let received):
                    report.received.append(received)
                    if case .applied = received { appliedAny = true }
                case .failure(let refusal): report.refusedHere.append(refusal)
                }
            }
            for case .failure(let refusal) in outcome.receipts { report.refusedHere.append(refusal) }
            report.refusedThere += answerCarry.refusals
            report.stillWaiting = try unreceipted(to: peer)
            // Another request when this one moved something: receipts to take back, or more to send.
            let moreToSend = report.stillWaiting > 0 && !receiptedNow.isEmpty
            guard answerCarry.refusals.isEmpty, appliedAny || moreToSend else { break }
        }
        return report
    }
}

extension AppDatabase {
    /// How many transmissions to `peer` have no receipt yet.
    func unreceipted(to peer: Party.Code) throws -> Int {
        try writer.read { db in try Self.transmissions(.sent, with: peer, in: db).filter { $0.receipt == nil }.count }
    }
}

extension CarriedRefusal {
    /// The refusal of a carried item, named by the item as it was carried.
    init(_ item: String, _ refusal: TransmissionRefusal) {
        self.init(
            item: CarriedRefusal.digest(ofItem: item), code: refusal.code, message: refusal.message, remedy: refusal.remedy)
    }
}
