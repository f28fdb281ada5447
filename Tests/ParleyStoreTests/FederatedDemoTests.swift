import Foundation
import ParleyCore
import ParleyDemo
import ParleyLedger
import ParleyStore
import Testing

/// The seed's story across three nodes, through files carried between them.
@Suite("The federated demo tells the story across three nodes")
struct FederatedDemoTests {
    @Test("registries reach the hub, the talks and their settlement reach both parties, every journal verifies and is cosigned")
    func story() async throws {
        // Given a new folder
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-federated-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // When the demo builds the three nodes
        let summary = try await FederatedDemo.build(in: folder, heldPerSide: 300, clock: StoreFixture.clock)
        // Then the hub holds both parties' registries as they were transmitted
        let held = summary.hubCounts.filter { $0.kind == .held }.reduce(into: [String: Int]()) {
            $0[$1.party.rawValue, default: 0] += $1.count
        }
        #expect(held == ["UA": 300, "RU": 300])
        #expect(summary.candidatePairs > 0)
        // And each node holds the agreement, settled at 157 per side, and its journal verifies, cosigned by its peers
        for report in summary.reports {
            #expect(report.agreements.map { $0.agreement.value.quota(for: "UA") } == [.count(157)], "\(report.code)")
            #expect(report.journal.isIntact, "\(report.code)")
            let witnesses = Set(report.cosignatures.map(\.witness))
            #expect(witnesses == (report.code == "ICRC" ? ["UA", "RU"] : ["ICRC"]), "\(report.code)")
        }
        // And every transmission came back receipted
        for node in summary.nodes {
            for peer in try node.database.peers(as: .admin) {
                let sent = try node.database.transmissions(with: peer.code, .sent, as: .admin)
                #expect(sent.allSatisfy { $0.receipt != nil }, "\(node.code) to \(peer.code)")
            }
        }
        // And a file carried to the hub opens with the hub's identity only
        let first = try #require(summary.carried.first)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + first.file)))
        let russia = try #require(summary.nodes.first { $0.code == "RU" })
        #expect(throws: CarryFileError.self) { try CarryFile(opening: bytes, with: russia.keys.encryption, file: first.file) }
    }
}
