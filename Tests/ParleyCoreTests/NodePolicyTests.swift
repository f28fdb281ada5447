import ParleyCore
import Testing

/// Which node may send what, for every kind of node and transmission: a party speaks only for itself,
/// the mediator for the talks, the hub relays and passes enquiries on.
@Suite("Nodes send only what they may speak for")
struct NodePolicyTests {
    static let ukraine = Node(code: "UA", kind: .party, speaksFor: ["UA"])
    static let mediator = Node(code: "US", kind: .mediator, speaksFor: ["US"])
    static let hub = Node(code: "ICRC", kind: .hub, speaksFor: ["ICRC", "US"])
    static let bareHub = Node(code: "HUB", kind: .hub, speaksFor: [])

    @Test("a party node sends its own records, lists and signatures, never another party's, and no talks")
    func partyNode() {
        for kind in [TransmissionKind.records, .enquiries, .listVersion, .approval] {
            #expect(NodePolicy.permits(Self.ukraine, kind, about: "UA"), "\(kind)")
            #expect(!NodePolicy.permits(Self.ukraine, kind, about: "RU"), "\(kind)")
        }
        for kind in [TransmissionKind.round, .agreement, .settlement, .outcomes, .candidateLinks, .relay] {
            #expect(!NodePolicy.permits(Self.ukraine, kind, about: nil), "\(kind)")
        }
    }

    @Test("the mediator's node sends the talks and its own signatures, never a registry or a list")
    func mediatorNode() {
        for kind in [TransmissionKind.round, .agreement, .settlement, .outcomes] {
            #expect(NodePolicy.permits(Self.mediator, kind, about: nil), "\(kind)")
        }
        #expect(NodePolicy.permits(Self.mediator, .approval, about: "US"))
        #expect(!NodePolicy.permits(Self.mediator, .approval, about: "UA"))
        for kind in [TransmissionKind.records, .enquiries, .listVersion, .candidateLinks, .relay] {
            #expect(!NodePolicy.permits(Self.mediator, kind, about: "UA"), "\(kind)")
        }
    }

    @Test("the hub relays and passes enquiries and links; it sends talks only when it hosts the mediator")
    func hubNode() {
        for kind in [TransmissionKind.relay, .enquiries, .candidateLinks] {
            #expect(NodePolicy.permits(Self.hub, kind, about: "UA"), "\(kind)")
        }
        #expect(NodePolicy.permits(Self.hub, .round, about: nil))
        #expect(!NodePolicy.permits(Self.bareHub, .round, about: nil))
        #expect(NodePolicy.permits(Self.hub, .approval, about: "US"))
        #expect(!NodePolicy.permits(Self.hub, .approval, about: "UA"))
        #expect(!NodePolicy.permits(Self.hub, .records, about: "UA"))
        #expect(!NodePolicy.permits(Self.hub, .listVersion, about: "UA"))
    }

    @Test("a party's registry goes to the hub only, never straight to another party or to the mediator")
    func registriesGoToTheHub() {
        let russia = Node(code: "RU", kind: .party, speaksFor: ["RU"])
        #expect(NodePolicy.entitles(Self.hub, to: .records, from: Self.ukraine))
        #expect(!NodePolicy.entitles(russia, to: .records, from: Self.ukraine))
        #expect(!NodePolicy.entitles(Self.mediator, to: .records, from: Self.ukraine))
        #expect(NodePolicy.entitles(Self.ukraine, to: .enquiries, from: Self.hub))
        #expect(!NodePolicy.entitles(Self.mediator, to: .candidateLinks, from: Self.hub))
        #expect(NodePolicy.entitles(Self.ukraine, to: .round, from: Self.mediator))
    }

    @Test("every node may send its checkpoint and cosign its peers'", arguments: [ukraine, mediator, hub, bareHub])
    func witnessing(node: Node) {
        #expect(NodePolicy.permits(node, .checkpoint, about: nil))
        #expect(NodePolicy.permits(node, .cosignature, about: nil))
    }
}
