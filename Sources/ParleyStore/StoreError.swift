import ParleyCore

/// What a use case of the store refused, or could not do.
public enum StoreError: ParleyError, Equatable {
    case cannotOpen(path: String, reason: String)
    case unknownParty(Party.Code)
    case partyExists(Party.Code)
    case partyLacksRole(Party.Code, PartyRole)
    case unknownRecord(RegistryRecord.ID)
    case unknownRound(Round.ID)
    case unknownAgreement(Agreement.ID)
    case unknownList(ExchangeList.ID)
    case listExists(Agreement.ID, releasing: Party.Code)
    /// No record of the party and kind has that reference.
    case unknownReference(party: Party.Code, kind: RecordKind, reference: String)
    case notInRound(Party.Code, Round.ID)
    case keyRegistered(String)
    case unknownCandidate(MatchCandidate.ID)
    /// The import was refused; nothing of the file was written.
    case importRejected(file: String, problems: [RowProblem], total: Int)
    case backupFailed(path: String, reason: String)
    /// Another connection held the database for longer than this one would wait, in seconds.
    case busy(waited: Double)

    public var code: String {
        switch self {
        case .cannotOpen: "store.open.failed"
        case .unknownParty: "party.unknown"
        case .partyExists: "party.exists"
        case .partyLacksRole: "party.role.missing"
        case .unknownRecord: "record.unknown"
        case .unknownRound: "round.unknown"
        case .unknownAgreement: "agreement.unknown"
        case .unknownList: "list.unknown"
        case .listExists: "list.exists"
        case .unknownReference: "record.reference.unknown"
        case .notInRound: "round.party.absent"
        case .keyRegistered: "key.registered"
        case .unknownCandidate: "review.candidate.unknown"
        case .importRejected: "import.rejected"
        case .backupFailed: "backup.failed"
        case .busy: "database.busy"
        }
    }

    public var message: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database \(path): \(reason)"
        case .unknownParty(let code): "there is no party \(code.rawValue)"
        case .partyExists(let code): "party \(code.rawValue) is already registered"
        case .partyLacksRole(let code, let role): "party \(code.rawValue) is not registered as a \(role.rawValue)"
        case .unknownRecord(let id): "there is no record \(id.rawValue)"
        case .unknownRound(let id): "there is no round \(id.rawValue)"
        case .unknownAgreement(let id): "there is no agreement \(id.rawValue)"
        case .unknownList(let id): "there is no list \(id.rawValue)"
        case .listExists(let agreement, let releasing):
            "agreement \(agreement.rawValue) already has a list released by \(releasing.rawValue)"
        case .unknownReference(let party, let kind, let reference):
            "\(party.rawValue) has no \(kind.rawValue) record '\(reference)'"
        case .notInRound(let party, let round): "\(party.rawValue) is not a party to round \(round.rawValue)"
        case .keyRegistered(let key): "the key \(key) is already registered"
        case .unknownCandidate(let id): "there is no candidate pair \(id.rawValue)"
        case .importRejected(let file, _, let total):
            "\(file) was not imported: \(total) problem\(total == 1 ? "" : "s") found; nothing was written"
        case .backupFailed(let path, let reason): "the backup to \(path) failed: \(reason)"
        case .busy(let waited):
            "the database is busy with another writer (an import?); gave up after waiting \(Self.seconds(waited))"
        }
    }

    public var remedy: String {
        switch self {
        case .cannotOpen: "Check the path and its permissions, or create the database with parley init"
        case .unknownParty: "List the parties with parley party list, or register it with parley party add"
        case .partyExists: "Nothing to do"
        case .partyLacksRole: "Register the party with that role (parley party add --role)"
        case .unknownRecord: "List records with parley records"
        case .unknownRound: "List rounds with parley talks list"
        case .unknownAgreement: "List agreements with parley agreement list"
        case .unknownList: "List the lists with parley list show"
        case .listExists: "Change the existing list with parley list add or parley list remove"
        case .unknownReference: "Use the reference from the party's registry (the id column of its import; see parley records)"
        case .notInRound: "Name a party to the round of the agreement (see parley talks list)"
        case .keyRegistered: "Nothing to do"
        case .unknownCandidate: "List the pairs waiting for review with parley review queue"
        case .importRejected: "Correct the rows listed and import the file again"
        case .backupFailed: "Check that the folder exists and is writable, and that the disk has room"
        case .busy: "Try again when the other import has finished, or wait longer with --busy-timeout or PARLEY_BUSY_TIMEOUT"
        }
    }

    /// A wait in seconds as a person reads it: `60 s`, `0.2 s`.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
