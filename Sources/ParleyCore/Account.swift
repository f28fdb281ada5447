import Tagged

/// A person who signs in to the web app, and the principal they act as.
public struct UserAccount: Hashable, Sendable, Codable {
    public typealias ID = Tagged<UserAccount, Int64>

    public var id: ID
    /// The name typed at sign-in; unique.
    public var username: String
    public var principal: Principal
    /// A disabled account cannot sign in, and its sessions end.
    public var isDisabled: Bool
    /// Failed sign-ins since the last successful one; each makes the next answer slower.
    public var failedLogins: Int
    public var createdAt: String

    public init(
        id: ID, username: String, principal: Principal, isDisabled: Bool = false, failedLogins: Int = 0,
        createdAt: String
    ) {
        self.id = id
        self.username = username
        self.principal = principal
        self.isDisabled = isDisabled
        self.failedLogins = failedLogins
        self.createdAt = createdAt
    }

    /// Whether `name` can be a username: 1 to 64 letters, digits, `.`, `_` or `-`.
    public static func isValidUsername(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            }
    }
}

/// Why an account could not be added or changed.
public enum AccountError: ParleyError, Hashable {
    case invalidUsername(String)
    case usernameTaken(String)
    case unknownUser(String)
    case weakPassword(minimum: Int)
    /// The administrator tried to disable the account they are signed in with.
    case ownAccount(String)
    /// The account is the last enabled one that acts as `admin`.
    case lastAdmin(String)

    public var code: String {
        switch self {
        case .invalidUsername, .usernameTaken, .unknownUser, .weakPassword: "user.invalid"
        case .ownAccount: "user.own-account"
        case .lastAdmin: "user.last-admin"
        }
    }
    public var message: String {
        switch self {
        case .invalidUsername(let name): "'\(name)' is not a username"
        case .usernameTaken(let name): "the username '\(name)' is taken"
        case .unknownUser(let name): "there is no user '\(name)'"
        case .weakPassword(let minimum): "the password is shorter than \(minimum) characters"
        case .ownAccount(let name): "'\(name)' is the account you are signed in with; you may not disable it"
        case .lastAdmin(let name): "'\(name)' is the last enabled admin account; nobody could manage accounts without it"
        }
    }
    public var remedy: String {
        switch self {
        case .invalidUsername: "Use 1 to 64 letters, digits, dots, underscores or hyphens"
        case .usernameTaken: "Choose another username, or list users with parley user list"
        case .unknownUser: "List users with parley user list"
        case .weakPassword(let minimum): "Choose a passphrase of at least \(minimum) characters"
        case .ownAccount: "Ask another administrator to disable it"
        case .lastAdmin:
            "Add another admin first (parley user add NAME --principal admin), or enable a disabled one (parley user enable NAME)"
        }
    }
}
