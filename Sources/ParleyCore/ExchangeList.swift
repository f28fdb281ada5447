import Tagged

/// The persons one party is to release to another under an agreement: one direction of an exchange.
///
/// A list is a series of versions. The latest is edited while it is a draft; freezing fixes it and
/// gives it a digest that the signers approve. A change to a frozen version makes a new draft, which
/// carries no signatures.
public struct ExchangeList: Hashable, Sendable, Codable {
    public typealias ID = Tagged<ExchangeList, Int64>

    public var id: ID
    public var agreement: Agreement.ID
    /// The party that holds the persons and releases them.
    public var releasing: Party.Code
    /// The party they are released to.
    public var receiving: Party.Code

    public init(id: ID, agreement: Agreement.ID, releasing: Party.Code, receiving: Party.Code) {
        self.id = id
        self.agreement = agreement
        self.releasing = releasing
        self.receiving = receiving
    }

    /// Whose approval a frozen version needs: an official of each party and every mediator of the round.
    public func requiredSigners(mediators: [Party.Code]) -> [Principal] {
        [Principal(.official, for: releasing), Principal(.official, for: receiving)]
            + mediators.map { Principal(.mediator, for: $0) }
    }

    /// "UA → RU".
    public var direction: String { "\(releasing.rawValue) → \(receiving.rawValue)" }

    /// Where the list lies for the access policy: the releasing party's own data to its officials,
    /// shared data to everyone else, since both parties and the mediators read and sign it.
    public func scope(for principal: Principal) -> Scope {
        principal.party == releasing ? .party(releasing) : .shared(releasing)
    }
}

/// One version of a list: the records on it, in order, and, once frozen, the digest of its document.
public struct ListVersion: Hashable, Sendable, Codable {
    public typealias ID = Tagged<ListVersion, Int64>

    public var id: ID
    public var list: ExchangeList.ID
    /// 1 for the first version of a list, then 2, 3 …
    public var number: Int
    /// The held records on the list, in list order.
    public var entries: [RegistryRecord.ID]
    /// Set when the version is frozen; a frozen version never changes.
    public var freezing: Freezing?

    public init(id: ID, list: ExchangeList.ID, number: Int, entries: [RegistryRecord.ID], freezing: Freezing? = nil) {
        self.id = id
        self.list = list
        self.number = number
        self.entries = entries
        self.freezing = freezing
    }

    public var isFrozen: Bool { freezing != nil }

    /// When a version was frozen, the SHA-256 of its canonical document that signers approve, and
    /// what the checks found then.
    public struct Freezing: Hashable, Sendable, Codable {
        /// 64 lowercase hexadecimal characters.
        public var digest: String
        public var at: String
        /// The findings of the checks the version passed when it was frozen (warnings only, since
        /// freezing is refused on any error); `nil` for a version frozen before Parley kept them.
        public var findings: [ListFinding]?

        public init(digest: String, at: String, findings: [ListFinding]? = nil) {
            self.digest = digest
            self.at = at
            self.findings = findings
        }
    }
}

/// A signer's approval: an Ed25519 signature over a frozen version's digest.
public struct Approval: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Approval, Int64>

    public var id: ID
    public var version: ListVersion.ID
    public var signer: Principal
    /// The signer's public key, base64.
    public var publicKey: String
    /// The signature over the version's digest, base64.
    public var signature: String
    public var at: String

    public init(
        id: ID, version: ListVersion.ID, signer: Principal, publicKey: String, signature: String, at: String
    ) {
        self.id = id
        self.version = version
        self.signer = signer
        self.publicKey = publicKey
        self.signature = signature
        self.at = at
    }
}

/// Why a list could not be changed, frozen or signed.
public enum ListRefusal: ParleyError, Hashable {
    case frozen(list: Int64, version: Int)
    case notFrozen(list: Int64, version: Int)
    case basisUnspecified(String)
    case notOnList(reference: String)
    case alreadyOnList(reference: String)
    case hasErrors(count: Int)
    case notRequiredSigner(Principal, required: [Principal])
    case alreadySigned(Principal)
    case notApproved(missing: [Principal])
    case empty
    case keyNotRegistered(Principal, key: String)
    case invalidSignature(Principal)
    case keyOfAnotherSigner(key: Principal, acting: Principal)
    case staleDigest(signed: String, current: String)
    case changedWhileChecking
    case handingOver(list: Int64, version: Int)

    public var code: String { "list.refused" }
    public var message: String {
        switch self {
        case .frozen(let list, let version): "version \(version) of list \(list) is frozen"
        case .notFrozen(let list, let version): "version \(version) of list \(list) is a draft, not frozen"
        case .basisUnspecified(let reason): "the list cannot be frozen: \(reason)"
        case .notOnList(let reference): "\(reference) is not on the list"
        case .alreadyOnList(let reference): "\(reference) is already on the list"
        case .hasErrors(let count): "the list has \(count) error\(count == 1 ? "" : "s") under the terms"
        case .notRequiredSigner(let signer, let required):
            "\(signer) is not among the signers of this list (\(required.map(\.description).joined(separator: ", ")))"
        case .alreadySigned(let signer): "\(signer) has already signed this version"
        case .notApproved(let missing):
            "the list is not approved: no signature yet from \(missing.map(\.description).joined(separator: ", "))"
        case .empty: "the list has nobody on it"
        case .keyNotRegistered(let signer, let key): "the key \(key) is not registered for \(signer)"
        case .invalidSignature(let signer): "the signature of \(signer) does not verify over the version's digest"
        case .keyOfAnotherSigner(let key, let acting): "this private key signs for \(key), but \(acting) is signing"
        case .staleDigest(let signed, let current):
            "the signature is over digest \(signed.prefix(16))…, but the list's frozen version has \(current.prefix(16))…"
        case .changedWhileChecking: "the list changed while it was being checked"
        case .handingOver(let list, let version):
            "the handover of version \(version) of list \(list) has begun: the list stays as it was signed"
        }
    }
    public var remedy: String {
        switch self {
        case .frozen: "Changes make a new draft version automatically; use list add or list remove"
        case .notFrozen: "Freeze it first with parley list freeze"
        case .basisUnspecified: "Settle the agreement's basis with parley agreement settle"
        case .notOnList: "Check the reference with parley list show"
        case .alreadyOnList: "Nothing to do"
        case .hasErrors: "Run parley list check to see each error and its reason, and fix them before freezing"
        case .notRequiredSigner: "Sign as one of the required signers"
        case .alreadySigned: "Nothing to do"
        case .notApproved: "Each required signer signs with parley list sign"
        case .empty: "Add persons with parley list add or parley list suggest --apply"
        case .keyNotRegistered: "Have the administrator register the signer's .pub file with parley key register"
        case .invalidSignature: "Sign with the private key whose public key is registered for you"
        case .keyOfAnotherSigner: "Sign with your own key file"
        case .staleDigest: "The list changed since you read it; read it again with parley list show and sign the new version"
        case .changedWhileChecking: "Freeze it again"
        case .handingOver:
            "Record what happens to each person as an outcome of the handover (withheld, refused, substituted …) instead"
        }
    }
}

/// A signer's public key, registered so that their approvals can be checked.
public struct RegisteredKey: Hashable, Sendable, Codable {
    public typealias ID = Tagged<RegisteredKey, Int64>

    public var id: ID
    public var signer: Principal
    /// The Ed25519 public key, base64.
    public var publicKey: String
    public var at: String

    public init(id: ID, signer: Principal, publicKey: String, at: String) {
        self.id = id
        self.signer = signer
        self.publicKey = publicKey
        self.at = at
    }
}
