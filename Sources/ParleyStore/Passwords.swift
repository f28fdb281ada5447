import Foundation
import HummingbirdBcrypt
import ParleyCore
import Synchronization

/// The rule a new password must meet, and how passwords are kept and checked: as bcrypt hashes,
/// never in the clear.
public final class Passwords: Sendable {
    /// The fewest characters a password may have: a passphrase, not a word.
    public static let minimumLength = 12

    /// bcrypt's cost: 2^cost rounds for every hash and every check.
    public let cost: UInt8
    /// A hash of no one's password, checked when a username has no account so that the answer takes
    /// as long as a wrong password's; made at the first sign-in that needs it.
    private let decoy = Mutex<String?>(nil)

    /// - Parameter cost: 12 in service, about a quarter of a second a check; tests that add many
    ///   accounts lower it (4 is bcrypt's least).
    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    /// Parley's passwords as served: cost 12.
    public static let standard = Passwords()

    /// The bcrypt hash of a new password that meets the rule.
    public func hash(_ password: String) throws(AccountError) -> String {
        guard password.count >= Self.minimumLength else { throw .weakPassword(minimum: Self.minimumLength) }
        return Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` is the one `hash` was made from; with no hash (no such account), checks the decoy
    /// and answers `false`, after the same work.
    func verify(_ password: String, against hash: String?) -> Bool {
        guard let hash else {
            _ = Bcrypt.verify(password, hash: decoyHash())
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    private func decoyHash() -> String {
        decoy.withLock { decoy in
            if let decoy { return decoy }
            let made = Bcrypt.hash(UUID().uuidString, cost: cost)
            decoy = made
            return made
        }
    }
}
