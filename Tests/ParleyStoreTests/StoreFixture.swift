import Foundation
import GRDB
import ParleyCore
import ParleyStore
import Testing

/// A database for one test: parties registered, a fixed clock, nothing shared with other tests.
enum StoreFixture {
    /// 5 February 2026, 09:00 UTC: the second day of round 2.
    static let clock = Clock.fixed(Date(timeIntervalSince1970: 1_770_282_000))

    static let admin = Principal.admin
    static let ukraine = Principal(.official, for: "UA")
    static let russia = Principal(.official, for: "RU")
    static let mediator = Principal(.mediator, for: "US")
    static let observer = Principal(.observer, for: "ICRC")
    /// bcrypt at its least cost, so that tests add accounts fast; the rule on length is the same.
    static let passwords = Passwords(cost: 4)
    /// A password that meets the rule.
    static let password = "correct horse battery staple"

    /// An in-memory database with UA and RU (belligerents), US (mediator), AE (host) and ICRC (observer).
    static func database() throws -> AppDatabase {
        try registerParties(AppDatabase.inMemory(clock: clock, passwords: passwords))
    }

    /// The same, in a file of its own in a new temporary folder.
    static func fileDatabase() throws -> (database: AppDatabase, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("parley.sqlite").path
        return (try registerParties(AppDatabase.open(path: path, clock: clock, passwords: passwords)), path)
    }

    static func registerParties(_ database: AppDatabase) throws -> AppDatabase {
        for party in [
            Party(code: "UA", name: "Ukraine", roles: [.belligerent]),
            Party(code: "RU", name: "Russian Federation", roles: [.belligerent]),
            Party(code: "US", name: "United States", roles: [.mediator]),
            Party(code: "AE", name: "United Arab Emirates", roles: [.host]),
            Party(code: "ICRC", name: "International Committee of the Red Cross", roles: [.observer]),
        ] {
            _ = try database.registerParty(party, as: admin)
        }
        return database
    }

    /// A fixture file's bytes.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    /// A connection to a database file that bypasses Parley, as someone editing the file would.
    static func rawConnection(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
