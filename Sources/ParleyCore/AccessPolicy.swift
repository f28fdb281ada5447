/// The kind of user acting, as in the table of roles in DESIGN.md.
public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
    /// Keeps one belligerent's registry and proposes and signs its lists.
    case official
    /// Records talks and agreements, checks lists, co-signs, records the handover.
    case mediator
    /// A neutral humanitarian body: receives both registries and runs the matching.
    case observer
    /// Answers a family: status only, by case code, for one party.
    case liaison
    /// Users, keys and backups; no person data.
    case admin

    /// Whether a principal with this role acts for one party and must name it.
    public var actsForParty: Bool { self != .admin }
}

/// Who is acting: a role, and the party it acts for.
public struct Principal: Hashable, Sendable, Codable, CustomStringConvertible {
    public let role: Role
    public let party: Party.Code?

    public init(role: Role, party: Party.Code?) throws(InvalidPrincipal) {
        if role.actsForParty && party == nil { throw InvalidPrincipal(text: role.rawValue) }
        self.role = role
        self.party = role.actsForParty ? party : nil
    }

    /// Reads `official:UA`, `mediator:US`, `observer:ICRC`, `liaison:RU` or `admin`.
    public init(parsing text: String) throws(InvalidPrincipal) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let role = Role(rawValue: first) else { throw InvalidPrincipal(text: text) }
        let party: Party.Code?
        if parts.count == 2 {
            guard let code = try? Party.validCode(parts[1]) else { throw InvalidPrincipal(text: text) }
            party = code
        } else {
            party = nil
        }
        try self.init(role: role, party: party)
    }

    /// `official:UA`, or `admin`; this is how the journal names the actor.
    public var description: String {
        party.map { "\(role.rawValue):\($0.rawValue)" } ?? role.rawValue
    }

    /// A principal acting for a party, which cannot fail: the party is named.
    public init(_ role: Role, for party: Party.Code) {
        precondition(role.actsForParty, "\(role.rawValue) acts for no party; use Principal.admin")
        self.role = role
        self.party = party
    }

    /// The administrator, who acts for no party.
    public static let admin = Principal(administrator: ())

    private init(administrator: Void) {
        self.role = .admin
        self.party = nil
    }
}

public struct InvalidPrincipal: ParleyError, Hashable {
    public let text: String
    public var code: String { "principal.invalid" }
    public var message: String { "'\(text)' does not say who is acting" }
    public var remedy: String {
        "Write ROLE:PARTY with a role of official, mediator, observer or liaison (such as official:UA or mediator:US), or admin"
    }
}

/// Something a principal may ask to do.
public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
    /// Read the details of persons in a registry.
    case readRecords = "read-records"
    /// Add or change records in a registry (import, status changes).
    case writeRecords = "write-records"
    /// Read figures: counts per party and status, with no person in them.
    case readCounts = "read-counts"
    /// Read the status of one case by its code, as a family liaison does.
    case readCaseStatus = "read-case-status"
    /// Register the parties to the talks.
    case manageParties = "manage-parties"
    /// Read rounds, agreements and exchanges.
    case readTalks = "read-talks"
    /// Record rounds and agreements, settle an agreement's basis, record exchanges.
    case recordTalks = "record-talks"
    /// Recompute the journal's chain and checkpoints.
    case verifyJournal = "verify-journal"
    /// Copy the database to a file.
    case backup
    /// Add, disable and list users.
    case manageUsers = "manage-users"
    /// Register signers' public keys.
    case manageKeys = "manage-keys"
    /// Read exchange lists and run their checks.
    case readLists = "read-lists"
    /// Draft a party's own exchange list: add, remove, freeze.
    case editLists = "edit-lists"
    /// Approve a frozen list version with a signature.
    case signLists = "sign-lists"
    /// Record what happened to each person at the handover.
    case recordHandover = "record-handover"
    /// Match one party's sought records against another's held records.
    case runMatching = "run-matching"
    /// Confirm or reject the candidate pairs of a party's sought records.
    case reviewMatches = "review-matches"
    /// Make this database a node, and register its peers.
    case manageNodes = "manage-nodes"
    /// Send, receive, carry and witness transmissions between nodes: moving signed and sealed data, never
    /// reading the persons in it.
    case exchangeTransmissions = "exchange-transmissions"

    /// The action in words, to complete "may not …".
    public var phrase: String {
        switch self {
        case .readRecords: "read the records"
        case .writeRecords: "change the records"
        case .readCounts: "read the figures"
        case .readCaseStatus: "read case statuses"
        case .manageParties: "register parties"
        case .readTalks: "read talks and agreements"
        case .recordTalks: "record talks, agreements and exchanges"
        case .verifyJournal: "verify the journal"
        case .backup: "back up the database"
        case .manageUsers: "manage users"
        case .manageKeys: "register signing keys"
        case .readLists: "read exchange lists"
        case .editLists: "change exchange lists"
        case .signLists: "sign exchange lists"
        case .recordHandover: "record the handover"
        case .runMatching: "run the matching across registries"
        case .reviewMatches: "review matches"
        case .manageNodes: "set up this node or register its peers"
        case .exchangeTransmissions: "send or receive transmissions between nodes"
        }
    }
}

/// Whose data an action touches, as seen from the acting principal.
public enum Scope: Hashable, Sendable {
    /// Data of no single party: talks, agreements, the journal, users.
    case common
    /// Data kept by this party.
    case party(Party.Code)
    /// Data kept by this party that is on an exchange list or was shared with the principal's party.
    case shared(Party.Code)
}

/// The one place that decides who may do what to which party's data.
///
/// The CLI, the web app and the API all ask it, so they cannot disagree.
public enum AccessPolicy {
    /// Whether `principal` may do `action` in `scope`.
    public static func permits(_ principal: Principal, _ action: Action, in scope: Scope) -> Bool {
        switch (principal.role, action) {
        case (.admin, .manageParties), (.admin, .manageUsers), (.admin, .manageKeys), (.admin, .backup),
            (.admin, .verifyJournal), (.admin, .readCounts), (.admin, .manageNodes), (.admin, .exchangeTransmissions):
            return true
        case (.admin, _):
            return false

        case (.official, .readRecords), (.official, .readLists), (.official, .signLists):
            return isOwn(principal, scope) || isShared(scope)
        case (.official, .writeRecords), (.official, .readCaseStatus), (.official, .editLists), (.official, .reviewMatches):
            return isOwn(principal, scope)
        case (.official, .readCounts), (.official, .readTalks), (.official, .verifyJournal):
            return true
        case (.official, _):
            return false

        case (.mediator, .readRecords):
            return isShared(scope)
        case (.mediator, .readCounts), (.mediator, .readTalks), (.mediator, .recordTalks),
            (.mediator, .manageParties), (.mediator, .verifyJournal), (.mediator, .readLists), (.mediator, .signLists),
            (.mediator, .recordHandover):
            return true
        case (.mediator, _):
            return false

        case (.observer, .readRecords), (.observer, .readCounts), (.observer, .readTalks),
            (.observer, .readCaseStatus), (.observer, .verifyJournal), (.observer, .readLists), (.observer, .runMatching),
            (.observer, .reviewMatches):
            return true
        case (.observer, _):
            return false

        case (.liaison, .readCaseStatus):
            return isOwn(principal, scope)
        case (.liaison, _):
            return false
        }
    }

    /// Throws ``AccessDenied`` unless `principal` may do `action` in `scope`.
    public static func check(_ principal: Principal, _ action: Action, in scope: Scope) throws(AccessDenied) {
        guard permits(principal, action, in: scope) else {
            throw AccessDenied(principal: principal, action: action, scope: scope)
        }
    }

    private static func isOwn(_ principal: Principal, _ scope: Scope) -> Bool {
        switch scope {
        case .party(let party), .shared(let party): party == principal.party
        case .common: false
        }
    }

    private static func isShared(_ scope: Scope) -> Bool {
        if case .shared = scope { true } else { false }
    }
}

/// The policy refused an action.
public struct AccessDenied: ParleyError, Hashable {
    public let principal: Principal
    public let action: Action
    public let scope: Scope

    public init(principal: Principal, action: Action, scope: Scope) {
        self.principal = principal
        self.action = action
        self.scope = scope
    }

    public var code: String { "access.denied" }
    public var message: String {
        switch scope {
        case .common: "\(principal) may not \(action.phrase)"
        case .party(let party), .shared(let party): "\(principal) may not \(action.phrase) of party \(party.rawValue)"
        }
    }
    public var remedy: String {
        "Act as a principal whose role allows it (see the roles in the README), such as --as official:PARTY for a party's own registry"
    }
}
