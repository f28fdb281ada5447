import Tagged

/// One running Parley with its own database, users, journal and keys: a party's National Information
/// Bureau, the Central Agency's hub, or a mediator's own node.
///
/// Nodes exchange signed transmissions; what one may send is decided by ``NodePolicy``, from its kind and
/// the parties it speaks for.
public struct Node: Hashable, Sendable {
    /// The node's code: its party's for a party node (`UA`), the agency's or the mediator's otherwise (`ICRC`).
    public let code: Party.Code
    public let kind: NodeKind
    /// The parties whose records, lists and signatures this node's users keep and make: its own party for a
    /// party node; the mediators and observers it hosts for a hub.
    public let speaksFor: Set<Party.Code>

    public init(code: Party.Code, kind: NodeKind, speaksFor: Set<Party.Code>) {
        self.code = code
        self.kind = kind
        self.speaksFor = speaksFor
    }
}

/// What a node is.
public enum NodeKind: String, Hashable, Sendable, CaseIterable {
    /// A belligerent's node: its registry of the persons it holds and seeks, its lists, its officials' signatures.
    case party
    /// The Central Agency's node (GC III Art. 123): receives what each party must transmit, matches across
    /// parties, passes enquiries and lists between them, and may host the mediator.
    case hub
    /// A mediator's own node: rounds, agreements, its signatures and the handover's outcomes.
    case mediator
}

/// What a transmission carries.
public enum TransmissionKind: String, Hashable, Sendable, CaseIterable {
    /// Registry records added or changed, of the party that keeps them.
    case records
    /// Sought records passed on as enquiries about persons another party may hold.
    case enquiries
    /// Pairs matching proposes between one party's sought records and another's held ones.
    case candidateLinks = "candidate-links"
    /// A round of talks.
    case round
    /// An agreement reached at a round.
    case agreement
    /// The basis of an agreement's number, settled.
    case settlement
    /// A list version with its bundle, from the releasing party.
    case listVersion = "list-version"
    /// A signer's approval of a frozen list version.
    case approval
    /// Handover outcomes, as the mediator recorded them.
    case outcomes
    /// The sender's journal head, to be witnessed.
    case checkpoint
    /// A witness's cosignature of the recipient's checkpoint.
    case cosignature
    /// Another node's transmission, passed on unchanged by the hub.
    case relay
}

/// Which node may send what, and to whom: the one place that decides, as ``AccessPolicy`` does for people.
public enum NodePolicy {
    /// Whether `recipient` may be sent what `sender` sends of `kind`. A party's registry goes to the Central
    /// Agency's hub (GC III Art. 122-123), which passes on what the other party is entitled to; never
    /// straight to another party's node or to the mediator's.
    public static func entitles(_ recipient: Node, to kind: TransmissionKind, from sender: Node) -> Bool {
        switch kind {
        case .records: recipient.kind == .hub
        case .enquiries, .candidateLinks: recipient.kind != .mediator
        case .round, .agreement, .settlement, .listVersion, .approval, .outcomes, .checkpoint, .cosignature, .relay:
            true
        }
    }

    /// Whether `sender` may send a transmission of `kind` about `party` (the party whose records or list it
    /// is, or who signed; `nil` for what concerns no one party, such as a round).
    public static func permits(_ sender: Node, _ kind: TransmissionKind, about party: Party.Code?) -> Bool {
        let own = party.map { sender.speaksFor.contains($0) } ?? false
        switch (sender.kind, kind) {
        case (_, .checkpoint), (_, .cosignature):
            return true
        case (.party, .records), (.party, .enquiries), (.party, .listVersion), (.party, .approval):
            return own
        case (.hub, .enquiries), (.hub, .candidateLinks), (.hub, .relay):
            return true
        case (.mediator, .round), (.mediator, .agreement), (.mediator, .settlement), (.mediator, .outcomes):
            return true
        case (.hub, .round), (.hub, .agreement), (.hub, .settlement), (.hub, .outcomes):
            // The mediator's work, from a hub that hosts the mediator.
            return !sender.speaksFor.isEmpty
        case (.hub, .approval), (.mediator, .approval):
            return own
        case (.party, .candidateLinks), (.party, .round), (.party, .agreement), (.party, .settlement),
            (.party, .outcomes), (.party, .relay), (.mediator, .records), (.mediator, .enquiries),
            (.mediator, .candidateLinks), (.mediator, .listVersion), (.mediator, .relay), (.hub, .records),
            (.hub, .listVersion):
            return false
        }
    }
}
