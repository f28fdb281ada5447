import Foundation
import ParleyCore
import Testing

@testable import ParleyStore

@Suite("Accounts: the password rule, and someone can always manage them, and a disabled one can be enabled again")
struct AccountsTests {
    @Test("an administrator may not disable the account they are signed in with")
    func ownAccount() throws {
        // Given two enabled admin accounts
        let database = try StoreFixture.database()
        let first = try database.addUser("admin-1", password: StoreFixture.password, principal: .admin, as: StoreFixture.admin)
        _ = try database.addUser("admin-2", password: StoreFixture.password, principal: .admin, as: StoreFixture.admin)

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
        _ = try database.addUser("admin-1", password: StoreFixture.password, principal: .admin, as: StoreFixture.admin)
        _ = try database.addUser("admin-2", password: StoreFixture.password, principal: .admin, as: StoreFixture.admin)
        let observer = try database.addUser(
            "observer", password: StoreFixture.password, principal: StoreFixture.observer, as: StoreFixture.admin)
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
            "mediator", password: StoreFixture.password, principal: StoreFixture.mediator, as: StoreFixture.admin)
        _ = try database.disableUser("mediator", as: StoreFixture.admin, signedIn: nil)
        #expect(try database.signIn(username: "mediator", password: StoreFixture.password) == nil)

        // When the administrator enables it
        let entriesBefore = try database.verifyJournal(as: StoreFixture.admin).entries
        let enabled = try database.enableUser("mediator", as: StoreFixture.admin)

        // Then it is enabled, a session starts for it, and the journal holds the change
        #expect(!enabled.isDisabled)
        #expect(try database.signIn(username: "mediator", password: StoreFixture.password) != nil)
        let report = try database.verifyJournal(as: StoreFixture.admin)
        #expect(report.isIntact)
        #expect(report.entries == entriesBefore + 2)
        // And enabling it again changes nothing; an unknown name and anyone but the admin are refused
        #expect(try database.enableUser("mediator", as: StoreFixture.admin).isDisabled == false)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == report.entries)
        #expect(throws: AccountError.unknownUser("nobody")) { try database.enableUser("nobody", as: StoreFixture.admin) }
        #expect(throws: AccessDenied.self) { try database.enableUser("mediator", as: StoreFixture.mediator) }
    }

    @Test("the accounts use case keeps the password rule and the hash: short ones refused, only the hash stored")
    func passwordRule() throws {
        let database = try StoreFixture.database()
        #expect(throws: AccountError.weakPassword(minimum: Passwords.minimumLength)) {
            try database.addUser("short", password: "eleven char", principal: .admin, as: StoreFixture.admin)
        }
        _ = try database.addUser("keeper", password: StoreFixture.password, principal: .admin, as: StoreFixture.admin)
        let stored = try database.writer.base.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM user WHERE username = 'keeper'")
        }
        #expect(stored?.hasPrefix("$2") == true)
        #expect(stored?.contains(StoreFixture.password) == false)
        // A wrong password and an unknown name are refused alike, and journaled
        let before = try database.verifyJournal(as: StoreFixture.admin).entries
        #expect(try database.signIn(username: "keeper", password: "not the password at all") == nil)
        #expect(try database.signIn(username: "nobody", password: StoreFixture.password) == nil)
        #expect(try database.verifyJournal(as: StoreFixture.admin).entries == before + 2)
        #expect(try database.signIn(username: "keeper", password: StoreFixture.password)?.session.account.username == "keeper")
    }
}
