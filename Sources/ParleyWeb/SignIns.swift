import Foundation
import HummingbirdBcrypt
import ParleyStore
import Synchronization

/// Sign-ins: the password checked against its bcrypt hash, slowed after repeated failures, every
/// failure journaled, and the same answer, after the same work, for a username that has no
/// account as for a wrong password, so that neither the answer nor its time tells which names exist.
final class SignIns: Sendable {
    let database: AppDatabase
    let configuration: WebConfiguration
    /// Failures by usernames that have no account, which the store has nowhere to count; forgotten all at once
    /// when ``unknownNamesKept`` names are held, so that a stream of made-up names cannot fill memory.
    private let unknownFailures = Mutex<[String: Int]>([:])
    static let unknownNamesKept = 10_000

    /// A hash of no one's password, checked when the username has no account, so that the answer takes as long
    /// as a wrong password's. Made once per process, at the cost of any other.
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: WebApp.passwordCost)

    init(database: AppDatabase, configuration: WebConfiguration) {
        self.database = database
        self.configuration = configuration
    }

    /// The new session, or `nil` when the username or the password is wrong or the account is disabled.
    func attempt(username: String, password: String) async throws -> NewSession? {
        let credentials = try database.credentials(for: username)
        let failures = credentials?.account.failedLogins ?? unknownFailures.withLock { $0[username] ?? 0 }
        if failures > 0 { try await Task.sleep(for: configuration.loginDelay(failures)) }
        let matches = Bcrypt.verify(password, hash: credentials?.passwordHash ?? Self.decoy)
        guard let credentials, !credentials.account.isDisabled, matches else {
            try database.recordFailedLogin(username: username)
            if credentials == nil {
                unknownFailures.withLock { failures in
                    if failures.count >= Self.unknownNamesKept { failures.removeAll() }
                    failures[username, default: 0] += 1
                }
            }
            return nil
        }
        return try database.startSession(for: credentials.account)
    }
}
