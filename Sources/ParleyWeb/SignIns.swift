import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import ParleyStore

/// Sign-ins: the password checked against its bcrypt hash, after the wait ``SignInThrottle`` decides for the
/// account and the address it comes from, every failure journaled, and the same answer, after the same work and
/// the same waits, for a username that has no account as for a wrong password, so that neither the answer nor
/// its time tells which names exist.
final class SignIns: Sendable {
    let database: AppDatabase
    let configuration: WebConfiguration
    let throttle: SignInThrottle

    /// A hash of no one's password, checked when the username has no account, so that the answer takes as long
    /// as a wrong password's. Made once per process, at the cost of any other.
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: WebApp.passwordCost)

    init(database: AppDatabase, configuration: WebConfiguration) {
        self.database = database
        self.configuration = configuration
        throttle = SignInThrottle(
            addressDelay: configuration.loginDelay, accountDelay: configuration.accountLoginDelay)
    }

    /// The address a sign-in comes from: the connection's peer, or, only when the configuration trusts a proxy
    /// in front, the last address of `X-Forwarded-For` (the one that proxy added).
    func client(of request: Request, _ context: WebContext) -> ClientAddress {
        if configuration.trustsForwardedFor, let forwarded = request.headers[values: .xForwardedFor].last {
            return ClientAddress(forwarded.split(separator: ",").last.map(String.init))
        }
        return ClientAddress(context.peerAddress)
    }

    /// The new session, or `nil` when the username or the password is wrong or the account is disabled.
    func attempt(username: String, password: String, from address: ClientAddress) async throws -> NewSession? {
        let admission = try await throttle.admit(username: username, from: address)
        var outcome = SignInThrottle.Outcome.abandoned
        defer { throttle.settle(admission, outcome) }
        let credentials = try database.credentials(for: username)
        let matches = Bcrypt.verify(password, hash: credentials?.passwordHash ?? Self.decoy)
        guard let credentials, !credentials.account.isDisabled, matches else {
            outcome = .failed
            try database.recordFailedLogin(username: username)
            return nil
        }
        let started = try database.startSession(for: credentials.account)
        outcome = .succeeded
        return started
    }
}

extension HTTPField.Name {
    /// The addresses a request passed through, each proxy adding the one it heard from.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
