import Foundation
import GRDB
import ParleyCore
import ParleyLedger

/// How long a web session lives.
public struct SessionPolicy: Sendable, Hashable {
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however busy.
    public var absoluteTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 60 * 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }
}

/// A signed-in session: who, and the token that state-changing forms must carry.
public struct WebSession: Sendable, Hashable {
    public let account: UserAccount
    /// The anti-forgery token of the session.
    public let csrfToken: String
}

/// A new session's secrets: the cookie's token (only its SHA-256 is stored) and the anti-forgery token.
public struct NewSession: Sendable, Hashable {
    public let token: String
    public let session: WebSession
}

/// The stored secret a sign-in is checked against.
struct Credentials: Sendable {
    let account: UserAccount
    /// The bcrypt hash of the password.
    let passwordHash: String
}

extension AppDatabase {
    /// Adds an account whose password meets ``Passwords/minimumLength``; only its bcrypt hash is kept.
    public func addUser(
        _ username: String, password: String, principal: Principal, as acting: Principal
    ) throws -> UserAccount {
        try AccessPolicy.check(acting, .manageUsers, in: .common)
        guard UserAccount.isValidUsername(username) else { throw AccountError.invalidUsername(username) }
        // Hashed before the transaction: a quarter of a second that no other writer waits for.
        let passwordHash = try passwords.hash(password)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            if let party = principal.party { _ = try Self.requireParty(party, in: db) }
            guard try Self.account(named: username, in: db) == nil else { throw AccountError.usernameTaken(username) }
            try db.execute(
                sql: """
                    INSERT INTO user (username, password_hash, principal, disabled, failed_logins, created_at)
                    VALUES (?, ?, ?, 0, 0, ?)
                    """,
                arguments: [username, passwordHash, principal.description, recordedAt])
            let account = UserAccount(
                id: UserAccount.ID(db.lastInsertedRowID), username: username, principal: principal, createdAt: recordedAt)
            var journal = try JournalWriter(db, actor: acting, recordedAt: recordedAt)
            try journal.append(.userAdd, account)
            return account
        }
    }

    /// Disables an account and ends every session it has.
    ///
    /// Refused for the account `signedIn` names (an administrator signed in to the web app may not lock
    /// themself out) and for the last enabled account that acts as `admin`, which nobody may disable, so
    /// that someone can always manage the accounts; both are decided in the transaction that disables.
    /// - Parameter signedIn: The account of the person acting, when they act through a session; `nil` from
    ///   the command line, which acts as a principal with no account.
    public func disableUser(_ username: String, as acting: Principal, signedIn: UserAccount.ID?) throws -> UserAccount {
        try AccessPolicy.check(acting, .manageUsers, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard var account = try Self.account(named: username, in: db)?.account else {
                throw AccountError.unknownUser(username)
            }
            guard account.id != signedIn else { throw AccountError.ownAccount(username) }
            if account.principal == .admin, !account.isDisabled {
                let enabledAdmins = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM user WHERE principal = ? AND disabled = 0",
                    arguments: [Principal.admin.description])
                guard (enabledAdmins ?? 0) > 1 else { throw AccountError.lastAdmin(username) }
            }
            account.isDisabled = true
            try db.execute(sql: "UPDATE user SET disabled = 1 WHERE id = ?", arguments: [account.id.rawValue])
            try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [account.id.rawValue])
            var journal = try JournalWriter(db, actor: acting, recordedAt: recordedAt)
            try journal.append(.userDisable, account)
            return account
        }
    }

    /// Enables a disabled account again: it may sign in with the password it had.
    ///
    /// Journaled as `user.enable`; enabling an account that is already enabled changes nothing and is not journaled.
    public func enableUser(_ username: String, as acting: Principal) throws -> UserAccount {
        try AccessPolicy.check(acting, .manageUsers, in: .common)
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            guard var account = try Self.account(named: username, in: db)?.account else {
                throw AccountError.unknownUser(username)
            }
            guard account.isDisabled else { return account }
            account.isDisabled = false
            try db.execute(sql: "UPDATE user SET disabled = 0 WHERE id = ?", arguments: [account.id.rawValue])
            var journal = try JournalWriter(db, actor: acting, recordedAt: recordedAt)
            try journal.append(.userEnable, account)
            return account
        }
    }

    /// Every account, for the administrator.
    public func users(as acting: Principal) throws -> [UserAccount] {
        try AccessPolicy.check(acting, .manageUsers, in: .common)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.accountColumns) FROM user ORDER BY username").map(Self.account)
        }
    }

    /// Signs in: the new session when the account exists, is enabled and `password` is its password;
    /// else `nil`, the failure journaled and counted on the account.
    ///
    /// An unknown username is answered after the same work as a wrong password (a decoy hash is
    /// checked), so that the time of the answer does not tell which names exist. How often anyone may
    /// try is for the caller to decide (the web app's ``SignInThrottle``).
    public func signIn(username: String, password: String) throws -> NewSession? {
        let credentials = try writer.read { db in try Self.account(named: username, in: db) }
        let matches = passwords.verify(password, against: credentials?.passwordHash)
        guard let credentials, !credentials.account.isDisabled, matches else {
            try recordFailedLogin(username: username)
            return nil
        }
        return try startSession(for: credentials.account)
    }

    /// Records a failed sign-in: the account's count of failures grows (and so the delay before the
    /// next answer), and the journal keeps it. An unknown username is journaled without an account.
    @discardableResult
    func recordFailedLogin(username: String) throws -> Int {
        let recordedAt = clock.timestamp()
        return try writer.write { db in
            var journal = try JournalWriter(db, actor: .admin, recordedAt: recordedAt)
            guard var account = try Self.account(named: username, in: db)?.account else {
                try journal.append(action: .userLoginFailed, subject: journalSubject(.login, "unknown"), state: nil)
                return 0
            }
            account.failedLogins += 1
            try db.execute(
                sql: "UPDATE user SET failed_logins = failed_logins + 1 WHERE id = ?", arguments: [account.id.rawValue])
            try journal.append(.userLoginFailed, account)
            return account.failedLogins
        }
    }

    /// Starts a session for an account whose password was verified: a new token every time, so a
    /// session id known before sign-in is worthless after it.
    func startSession(for account: UserAccount) throws -> NewSession {
        let recordedAt = clock.timestamp()
        let now = clock.now().timeIntervalSince1970
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        return try writer.write { db in
            let id = account.id
            guard var current = try Self.account(id, in: db), !current.isDisabled else {
                throw AccountError.unknownUser(account.username)
            }
            try db.execute(
                sql: "INSERT INTO session (token_hash, user, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(Self.tokenHash(token)), id.rawValue, csrf, now, now])
            var journal = try JournalWriter(db, actor: current.principal, recordedAt: recordedAt)
            if current.failedLogins > 0 {
                current.failedLogins = 0
                try db.execute(sql: "UPDATE user SET failed_logins = 0 WHERE id = ?", arguments: [id.rawValue])
            }
            try journal.append(.userLogin, current)
            return NewSession(token: token, session: WebSession(account: current, csrfToken: csrf))
        }
    }

    /// The live session a cookie's token names, or `nil`: unknown, ended, idle too long, too old,
    /// or its account disabled.
    public func session(token: String, policy: SessionPolicy) throws -> WebSession? {
        let hash = Data(Self.tokenHash(token))
        let now = clock.now().timeIntervalSince1970
        let found = try writer.read { db -> (WebSession, lastSeen: Double, created: Double)? in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        // The account's columns, then the session's.
                        sql: """
                            SELECT u.id, u.username, u.principal, u.disabled, u.failed_logins, u.created_at, u.password_hash,
                            s.csrf, s.last_seen_at, s.created_at AS session_created_at
                            FROM session s JOIN user u ON u.id = s.user WHERE s.token_hash = ?
                            """),
                    arguments: [hash])
            else { return nil }
            let account = try Self.account(row)
            return (WebSession(account: account, csrfToken: row["csrf"]), row["last_seen_at"], row["session_created_at"])
        }
        guard let found else { return nil }
        let expired =
            found.0.account.isDisabled || now - found.lastSeen > policy.idleTimeout
            || now - found.created > policy.absoluteTimeout
        if expired {
            try endSession(token: token)
            return nil
        }
        // Touched at most once a minute, and not at all while another writer of this process holds the turn
        // (a long import): the next request touches it instead of waiting.
        if now - found.lastSeen > 60 {
            _ = try writer.writeIfFree { db in
                try db.execute(sql: "UPDATE session SET last_seen_at = ? WHERE token_hash = ?", arguments: [now, hash])
            }
        }
        return found.0
    }

    /// Ends a session: the token no longer signs anyone in.
    public func endSession(token: String) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Data(Self.tokenHash(token))])
        }
    }

    // MARK: - In the store

    static let accountColumns = "id, username, principal, disabled, failed_logins, created_at, password_hash"

    static func account(_ row: Row) throws -> UserAccount {
        UserAccount(
            id: UserAccount.ID(rawValue: row["id"]), username: row["username"],
            principal: try Principal(parsing: row["principal"] as String), isDisabled: row["disabled"],
            failedLogins: row["failed_logins"], createdAt: row["created_at"])
    }

    static func account(named username: String, in db: Database) throws -> Credentials? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(accountColumns) FROM user WHERE username = ?", arguments: [username])
        else { return nil }
        return Credentials(account: try account(row), passwordHash: row["password_hash"])
    }

    static func account(_ id: UserAccount.ID, in db: Database) throws -> UserAccount? {
        try Row.fetchOne(db, sql: "SELECT \(accountColumns) FROM user WHERE id = ?", arguments: [id.rawValue]).map(account)
    }

    static func allAccounts(_ db: Database) throws -> [UserAccount] {
        try Row.fetchAll(db, sql: "SELECT \(accountColumns) FROM user ORDER BY id").map(account)
    }

    /// 32 random bytes from the system's generator, as 64 hexadecimal characters.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func tokenHash(_ token: String) -> [UInt8] {
        Digest.sha256(Array(token.utf8)).bytes
    }
}
