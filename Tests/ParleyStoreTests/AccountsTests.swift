import Foundation
import ParleyCore
import ParleyStore
import Testing

@Suite("Accounts: someone can always manage them, and a disabled one can be enabled again")
struct AccountsTests {
    /// Any bcrypt-shaped text: these tests never check a password.
    static let hash = "$2b$12$" + String(repeating: "a", count: 53)

    @Test("an administrator may not disable the account they are signed in with")
    func ownAccount() throws {
        // Given two enabled admin accounts
        let database = try StoreFixture.database()
        let first = try database.addUser("admin-1", passwordHash: Self.hash, principal: .admin, as: StoreFixture.admin)
        _ = try database.addUser("admin-2", passwordHash: Self.hash, principal: .admin, as: StoreFixture.admin)

        // When admin-1, signed in, disables admin-1
        // Then it is refused, saying who may, and nothing changes
        #expect(throws: AccountError.ownAccount("admin-1")) {
            try database.disableUser("admin-1", as: StoreFixture.admin, signedIn: first.id)
        }
        #expect(try database.users(as: StoreFixture.admin).allSatisfy { !$0.isDisabled })
        #expect(AccountError.ownAccount("admin-1").remedy.contains("another administrator"))
        // And admin-1 may disable admin-2
        #expect(try database.disableUser("admin-2", as: StoreFixture.admin, signedIn: first.id).isDisabled)
    }

    @Test("nobody may disable the last enabled admin account, from the web or the command line")
    func lastAdmin() throws {
        // Given one enabled admin, one disabled admin and an observer
        let database = try StoreFixture.database()
        _ = try database.addUser("admin-1", passwordHash: Self.hash, principal: .admin, as: StoreFixture.admin)
        _ = try database.addUser("admin-2", passwordHash: Self.hash, principal: .admin, as: StoreFixture.admin)
        let observer = try database.addUser(
            "observer", passwordHash: Self.hash, principal: StoreFixture.observer, as: StoreFixture.admin)
        _ = try database.disableUser("admin-2", as: StoreFixture.admin, signedIn: nil)

        // When the last enabled admin is disabled, by the command line or by another account
        // Then it is refused with what to do instead
        for signedIn in [nil, observer.id] {
            #expect(throws: AccountError.lastAdmin("admin-1")) {
                try database.disableUser("admin-1", as: StoreFixture.admin, signedIn: signedIn)
            }
        }
        #expect(AccountError.lastAdmin("admin-1").remedy.contains("Add another admin first"))
        #expect(AccountError.lastAdmin("admin-1").code == "user.last-admin")
        // And an account that is no admin is disabled as before
        #expect(try database.disableUser("observer", as: StoreFixture.admin, signedIn: nil).isDisabled)
        // And once admin-2 is enabled again, admin-1 may be disabled
        _ = try database.enableUser("admin-2", as: StoreFixture.admin)
        #expect(try database.disableUser("admin-1", as: StoreFixture.admin, signedIn: nil).isDisabled)
        #expect(try database.verifyJournal(as: StoreFixture.admin).isIntact)
    }

    @Test("enabling a disabled account lets it sign in again, journaled as user.enable; only the admin may")
    func enable() throws {
        // Given a disabled account
        let database = try StoreFixture.database()
        _ = try database.addUser(
            "mediator", passwordHash: Self.hash, principal: StoreFixture.mediator, as: StoreFixture.admin)
        _ = try database.disableUser("mediator", as: StoreFixture.admin, signedIn: nil)
        let disabled = try #require(try database.credentials(for: "mediator")?.account)
        #expect(throws: AccountError.unknownUser("mediator")) { try database.startSession(for: disabled) }

        // When the administrator enables it
        let entriesBefore = try database.verifyJournal(as: StoreFixture.admin).entries
        let enabled = try database.enableUser("mediator", as: StoreFixture.admin)

        // Then it is enabled, a session starts for it, and the journal holds the change
        #expect(!enabled.isDisabled)
        #expect(try database.credentials(for: "mediator")?.account.isDisabled == false)
        _ = try database.startSession(for: enabled)
        let report = try database.verifyJournal(as: StoreFixture.admin)
        #expect(report.isIntact)
        #expect(report.entries == entriesBefore + 2)
        // And enabling it again changes nothing; an unknown name and anyone but the admin are refused
        #expect(try database.enableUser("mediator", as: StoreFixture.admin) == enabled)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == report.entries)
        #expect(throws: AccountError.unknownUser("nobody")) { try database.enableUser("nobody", as: StoreFixture.admin) }
        #expect(throws: AccessDenied.self) { try database.enableUser("mediator", as: StoreFixture.mediator) }
    }
}
