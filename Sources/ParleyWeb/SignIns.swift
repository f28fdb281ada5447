import Foundation
import HTTPTypes
import Hummingbird
import ParleyStore

/// Sign-ins through the web: the store's ``AppDatabase/signIn(username:password:)`` (the password checked,
/// every failure journaled, an unknown username answered after the same work as a wrong password), after the
/// wait ``SignInThrottle`` decides for the account and the address it comes from, so that neither the answer
/// nor its time tells which names exist.
final class SignIns: Sendable {
    let database: AppDatabase
    let configuration: WebConfiguration
    let throttle: SignInThrottle

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
        guard let started = try database.signIn(username: username, password: password) else {
            outcome = .failed
            return nil
        }
        outcome = .succeeded
        return started
    }
}

extension HTTPField.Name {
    /// The addresses a request passed through, each proxy adding the one it heard from.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
