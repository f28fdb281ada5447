import GRDB
import ParleyCore
import ParleyLedger

extension AppDatabase {
    /// Registers a party to the talks: a belligerent, a mediator, a host or an observer.
    public func registerParty(_ party: Party, as principal: Principal) throws -> Party {
        try AccessPolicy.check(principal, .manageParties, in: .common)
        return try writer.write { db in
            if try Self.party(party.code, in: db) != nil { throw StoreError.partyExists(party.code) }
            try db.execute(sql: "INSERT INTO party (code, name) VALUES (?, ?)", arguments: [party.code.rawValue, party.name])
            for role in party.roles {
                try db.execute(
                    sql: "INSERT INTO party_role (party, role) VALUES (?, ?)", arguments: [party.code.rawValue, role.rawValue])
            }
            var journal = try JournalWriter(db, actor: principal, recordedAt: clock.timestamp())
            try journal.append(.partyRegister, party)
            return party
        }
    }

    /// Every registered party, by code: who takes part in the talks, which anyone at them may read.
    public func parties(as principal: Principal) throws -> [Party] {
        try AccessPolicy.check(principal, .readTalks, in: .common)
        return try writer.read { db in try Self.allParties(db) }
    }

    static func allParties(_ db: Database) throws -> [Party] {
        let roles = try Row.fetchAll(db, sql: "SELECT party, role FROM party_role")
        var rolesByParty: [String: Set<PartyRole>] = [:]
        for row in roles {
            if let role = PartyRole(rawValue: row["role"]) { rolesByParty[row["party"], default: []].insert(role) }
        }
        return try Row.fetchAll(db, sql: "SELECT code, name FROM party ORDER BY code").map { row in
            let code: String = row["code"]
            return Party(code: Party.Code(code), name: row["name"], roles: rolesByParty[code] ?? [])
        }
    }

    static func party(_ code: Party.Code, in db: Database) throws -> Party? {
        try allParties(db).first { $0.code == code }
    }

    /// The party, which must exist and play `role`.
    static func requireParty(_ code: Party.Code, as role: PartyRole? = nil, in db: Database) throws -> Party {
        guard let party = try party(code, in: db) else { throw StoreError.unknownParty(code) }
        if let role, !party.roles.contains(role) { throw StoreError.partyLacksRole(code, role) }
        return party
    }
}
