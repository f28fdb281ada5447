import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

/// The exchange behind `parley sync` and the federation API, with the transport taken out: each request
/// goes straight to the peer's ``AppDatabase/answerExchange(_:request:keys:)``, or fails as a network would.
@Suite("Nodes sync: requests signed and encrypted, answered with what waits, nothing lost or doubled")
struct ExchangeTests {
    typealias TestNode = FederationTests.TestNode

    /// The transport of a test: the request reaches `peer` and its answer comes back.
    static func direct(to peer: TestNode) -> ([UInt8], String) async throws -> [UInt8] {
        { body, header in try peer.database.answerExchange(body, request: header, keys: peer.keys) }
    }

    struct LineDown: Error {}

    static var now: UInt64 { UInt64(StoreFixture.clock.now().timeIntervalSince1970) }

    static func recordCount(_ node: TestNode, party: Party.Code) throws -> Int {
        try node.database.records(RecordQuery(party: party), as: Principal(.observer, for: "ICRC")).total
    }

    @Test("one sync carries the records to the hub and the hub's checkpoint back, with every receipt, both ways")
    func bothWays() async throws {
        // Given UA's records queued for the hub, and the hub's checkpoint queued for UA to witness
        let (ukraine, _, hub) = try FederationTests.network()
        try FederationTests.importHeld(ukraine)
        _ = try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin)
        _ = try hub.database.requestCosignature(from: "UA", keys: hub.keys, as: .admin)
        // When UA syncs with the hub
        let report = try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin, exchange: Self.direct(to: hub))
        // Then the records are on the hub, the checkpoint was cosigned on UA and the cosignature is on the hub,
        // and neither side has anything left without a receipt
        #expect(try Self.recordCount(hub, party: "UA") == Self.recordCount(ukraine, party: "UA"))
        #expect(report.receipted.map(\.kind) == [.records, .cosignature])
        #expect(report.received.count == 1)
        #expect(report.refusedHere.isEmpty && report.refusedThere.isEmpty)
        #expect(report.stillWaiting == 0)
        #expect(try hub.database.unreceipted(to: "UA") == 0)
        #expect(try hub.database.cosignatures(as: .admin).map(\.witness) == ["UA"])
        // And a second sync finds nothing to do, in one request
        let again = try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin, exchange: Self.direct(to: hub))
        #expect(again.requests == 1)
        #expect(again.received.isEmpty && again.receipted.isEmpty)
        #expect(try ukraine.database.verifyJournal(as: .admin).isIntact)
        #expect(try hub.database.verifyJournal(as: .admin).isIntact)
    }

    @Test("a peer that is down, or whose answer is lost on the way back, loses nothing and doubles nothing")
    func peerDown() async throws {
        let (ukraine, _, hub) = try FederationTests.network()
        try FederationTests.importHeld(ukraine)
        _ = try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin)
        // When the hub cannot be reached, the sync fails and the transmission still waits
        await #expect(throws: LineDown.self) {
            try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin) { _, _ in throw LineDown() }
        }
        #expect(try ukraine.database.unreceipted(to: "ICRC") == 1)
        #expect(try Self.recordCount(hub, party: "UA") == 0)
        // When the hub takes the request but its answer never arrives
        await #expect(throws: LineDown.self) {
            try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin) { body, header in
                _ = try hub.database.answerExchange(body, request: header, keys: hub.keys)
                throw LineDown()
            }
        }
        let held = try Self.recordCount(hub, party: "UA")
        #expect(held > 0)
        #expect(try ukraine.database.unreceipted(to: "ICRC") == 1)
        // Then the next sync brings the receipt, and the hub holds each record once
        let report = try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin, exchange: Self.direct(to: hub))
        #expect(report.stillWaiting == 0)
        #expect(report.receipted.count == 1)
        #expect(try Self.recordCount(hub, party: "UA") == held)
        #expect(try hub.database.transmissions(with: "UA", .received, as: .admin).count == 1)
    }

    @Test("a request unsigned, signed by a stranger, for another node, too old, or with another body is refused unread")
    func forgedRequests() async throws {
        let (ukraine, russia, hub) = try FederationTests.network()
        try FederationTests.importHeld(ukraine)
        _ = try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin)
        let (body, _) = try ukraine.database.exportCarry(to: "ICRC", as: .admin)
        let digest = Digest.sha256(body)
        let stranger = SigningKey()
        let size = try hub.journalSize()
        let refusals: [(String?, PeerRequestError)] = [
            (nil, .missing),
            ("not a note", .malformed("the Parley-Request header is not a base64 signed note")),
            (try PeerRequest(from: "UA", to: "ICRC", at: Self.now, body: digest).signed(with: stranger), .badSignature("UA")),
            (try PeerRequest(from: "XX", to: "ICRC", at: Self.now, body: digest).signed(with: stranger), .unknownPeer("XX")),
            (
                try PeerRequest(from: "UA", to: "RU", at: Self.now, body: digest).signed(with: ukraine.keys.signing),
                .notForThisNode(to: "RU", this: "ICRC")
            ),
            (
                try PeerRequest(from: "UA", to: "ICRC", at: Self.now - 301, body: digest).signed(with: ukraine.keys.signing),
                .outsideWindow(at: Self.now - 301, now: Self.now)
            ),
            (
                try PeerRequest(from: "UA", to: "ICRC", at: Self.now, body: Digest.sha256([1])).signed(
                    with: ukraine.keys.signing),
                .bodyChanged
            ),
        ]
        for (header, expected) in refusals {
            #expect(throws: expected) { try hub.database.answerExchange(body, request: header, keys: hub.keys) }
        }
        #expect(try hub.journalSize() == size)
        #expect(try Self.recordCount(hub, party: "UA") == 0)
        // A request signed by UA that carries RU's file is refused too
        let (russianBody, _) = try russia.database.exportCarry(to: "ICRC", as: .admin)
        let header = try PeerRequest(from: "UA", to: "ICRC", at: Self.now, body: Digest.sha256(russianBody))
            .signed(with: ukraine.keys.signing)
        #expect(throws: FederationError.notForThisNode("the request of UA carries a file from RU to ICRC")) {
            try hub.database.answerExchange(russianBody, request: header, keys: hub.keys)
        }
        #expect(try hub.journalSize() == size)
    }

    @Test("a transmission changed in the sender's outbox is refused by the peer, and the sender is told why")
    func refusalComesBack() async throws {
        let (ukraine, _, hub) = try FederationTests.network()
        try FederationTests.importHeld(ukraine)
        _ = try ukraine.database.transmitRecords(to: "ICRC", keys: ukraine.keys, as: .admin)
        try await StoreFixture.rawConnection(ukraine.path).write { db in
            try db.execute(sql: "UPDATE transmission SET note = replace(note, '\"sequence\":1', '\"sequence\":9')")
        }
        let report = try await ukraine.database.sync(with: "ICRC", keys: ukraine.keys, as: .admin, exchange: Self.direct(to: hub))
        #expect(report.refusedThere.map(\.code) == ["transmission.unsigned"])
        #expect(report.refusedThere.first?.message.contains("not signed by UA's node key") == true)
        #expect(report.stillWaiting == 1)
        #expect(try Self.recordCount(hub, party: "UA") == 0)
    }
}
