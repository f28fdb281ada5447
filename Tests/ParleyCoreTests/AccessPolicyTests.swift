import ParleyCore
import Testing

@Suite("One access policy decides who may do what to whose data")
struct AccessPolicyTests {
    /// Where an action is asked, as seen from a principal of party UA.
    enum Place: String, CaseIterable {
        case own, other, sharedOwn, sharedOther, common

        var scope: Scope {
            switch self {
            case .own: .party("UA")
            case .other: .party("RU")
            case .sharedOwn: .shared("UA")
            case .sharedOther: .shared("RU")
            case .common: .common
            }
        }
    }

    /// The table of DESIGN.md, written out: for each role, the `action@place` pairs allowed. Anything absent is denied.
    static let allowed: [Role: Set<String>] = [
        .official: Set([
            "read-records@own", "read-records@sharedOwn", "read-records@sharedOther",
            "write-records@own", "write-records@sharedOwn", "read-case-status@own", "read-case-status@sharedOwn",
            "read-lists@own", "read-lists@sharedOwn", "read-lists@sharedOther", "edit-lists@own", "edit-lists@sharedOwn",
            "sign-lists@own", "sign-lists@sharedOwn", "sign-lists@sharedOther", "review-matches@own",
            "review-matches@sharedOwn",
        ]).union(everywhere(["read-counts", "read-talks", "verify-journal"])),
        .mediator: Set(["read-records@sharedOwn", "read-records@sharedOther"])
            .union(
                everywhere([
                    "read-counts", "read-talks", "record-talks", "manage-parties", "verify-journal", "read-lists", "sign-lists",
                    "record-handover",
                ])),
        .observer: everywhere([
            "read-records", "read-counts", "read-talks", "read-case-status", "verify-journal", "read-lists", "run-matching",
            "review-matches",
        ]),
        .liaison: ["read-case-status@own", "read-case-status@sharedOwn"],
        .admin: everywhere([
            "manage-parties", "manage-users", "manage-keys", "backup", "verify-journal", "read-counts", "manage-nodes",
            "exchange-transmissions",
        ]),
    ]

    static func everywhere(_ actions: [String]) -> Set<String> {
        Set(actions.flatMap { action in Place.allCases.map { "\(action)@\($0.rawValue)" } })
    }

    @Test("role x action x place", arguments: Role.allCases)
    func table(role: Role) throws {
        let principal = try Principal(role: role, party: role.actsForParty ? "UA" : nil)
        for action in Action.allCases {
            for place in Place.allCases {
                let expected = Self.allowed[role, default: []].contains("\(action.rawValue)@\(place.rawValue)")
                #expect(
                    AccessPolicy.permits(principal, action, in: place.scope) == expected,
                    "\(principal) \(action.rawValue) \(place.rawValue)")
            }
        }
    }

    @Test("an admin sees no person data; a liaison sees only case status")
    func leastPrivilege() throws {
        let admin = try Principal(parsing: "admin")
        #expect(!AccessPolicy.permits(admin, .readRecords, in: .party("UA")))
        let liaison = try Principal(parsing: "liaison:UA")
        #expect(!AccessPolicy.permits(liaison, .readRecords, in: .party("UA")))
        #expect(AccessPolicy.permits(liaison, .readCaseStatus, in: .party("UA")))
    }

    @Test("a refusal is a typed error that says who, what and where")
    func denial() throws {
        let official = try Principal(parsing: "official:RU")
        let error = #expect(throws: AccessDenied.self) { try AccessPolicy.check(official, .writeRecords, in: .party("UA")) }
        #expect(error?.message == "official:RU may not change the records of party UA")
    }

    @Test(
        "principals are written ROLE:PARTY, or admin",
        arguments: [
            ("official:UA", true), ("mediator:US", true), ("observer:ICRC", true), ("liaison:RU", true), ("admin", true),
            ("official", false), ("official:ua", false), ("general:UA", false), ("", false),
        ])
    func parsing(text: String, valid: Bool) {
        let principal = try? Principal(parsing: text)
        #expect((principal != nil) == valid)
        if let principal { #expect(principal.description == text) }
    }
}
